r"""Training a network: the loop of forward, cost, backward and step, over mini-batches.

One epoch shuffles the training set with an explicit ``rng`` and walks through it in
mini-batches. For each batch,

1. ``pred = model(X_batch)`` (forward propagation),
2. ``cost = loss.forward(pred, y_batch)``,
3. ``model.backward(loss.backward(), input_grad=False)`` (backpropagation fills every
   layer's ``grads``; no gradient is computed for the data),
4. ``optimizer.step()`` (every parameter moves against its gradient).

Everything is vectorised over the mini-batch: one matrix product per layer and batch, no
Python loop over examples.
"""

import contextlib
import functools
from dataclasses import dataclass, field

import numpy as np
import threadpoolctl

from ._checks import (as_float_array, check_bool, check_examples, check_generator, check_labels,
                      check_ndim, check_positive_int, describe, quiet, values_checked)
from .descent import minibatches
from .layer import Layer
from .losses import _rescued_mean
from .optim import Optimizer
from .sequential import _put_back


def one_hot(labels, num_classes):
    r"""Return the one-hot rows of integer ``labels`` (N,): shape ``(N, num_classes)``.

    Row $n$ is all zeros but a 1 in column ``labels[n]``, i.e. $Y_{nk} = 1$ if
    $k = y_n$ and 0 otherwise: the output a perfect classifier would give, and the
    target of a squared-error cost.
    """
    num_classes = check_positive_int(num_classes, "num_classes")
    labels = check_labels(labels, num_classes)
    check_ndim(labels, 1, "labels", "(N,)")
    out = np.zeros((labels.size, num_classes))
    out[np.arange(labels.size), labels] = 1.0
    return out


def _labels_of(y, K=None, rows_of_classes=True):
    """Class indices from integer labels (N,) or from one-hot / probability rows (N, K).

    ``TypeError`` for labels that are not integers; ``ValueError`` for labels outside
    ``[0, K)``, rows of another width than ``K``, or a column (N, 1), whose largest entry
    is always at index 0; and for rows that name no class (``_rows_name_a_class``),
    or, with ``rows_of_classes=False`` (targets that may be other numbers), None.
    """
    given, y = y, np.asarray(y)
    if not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise TypeError(f"y must hold class indices (N,) or rows of numbers (N, K), got "
                        f"{describe(given) if y.dtype == object else f'dtype {y.dtype}'}")
    if y.ndim == 1:
        return check_labels(y, K if K is not None else np.iinfo(np.int64).max, "y")
    if y.ndim == 2 and y.shape[1] == 1:
        raise ValueError(f"y must hold labels (N,) or rows (N, K) with K >= 2, got a column "
                         f"{y.shape}: for labels, pass y.ravel()")
    if y.ndim != 2 or (K is not None and y.shape[1] != K):
        want = "(N, K)" if K is None else f"(N, {K})"
        raise ValueError(f"y must hold labels (N,) or rows {want}, got shape {y.shape}")
    rows = as_float_array(y, "y")
    bad = _rows_name_a_class(rows)
    if bad is None:
        return np.argmax(rows, axis=1)
    if not rows_of_classes:
        return None
    raise ValueError(f"y's rows must be one-hot or probabilities (entries >= 0 summing to "
                     f"1, one of them the largest), got row {bad}: {rows[bad]}")


def _rows_name_a_class(rows):
    # The first row that names no class: a negative entry, a sum other than 1 (all
    # zeros), or a tie for the largest entry. None if every row names one.
    top = rows.max(axis=1, initial=-np.inf)
    with quiet(over="ignore"):  # a sum beyond float64 is not 1 either
        sums = rows.sum(axis=1)
    wrong = ((rows < 0).any(axis=1) | (np.abs(sums - 1) > 1e-6)
             | ((rows == top[:, None]).sum(axis=1) != 1))
    return int(np.argmax(wrong)) if wrong.any() else None


def _guess(pred):
    # The class each row of pred (N, K) picks, for the accuracy: the index of its largest
    # entry; None for one output (K = 1), where that index is always 0 and means nothing.
    if not (isinstance(pred, np.ndarray) and pred.ndim == 2):
        raise ValueError(f"pred must have shape (N, K), got shape {np.shape(pred)}")
    return pred.argmax(axis=1) if pred.shape[1] > 1 else None


def _mean_over_examples(costs, sizes):
    # The mean over examples of batch costs, each batch weighted by its size; where the
    # weighted sum overflowed although the costs are finite, found again as nnbook.losses
    # finds a mean (the batches' terms c_b·n_b, times B/N for the mean over N examples).
    total = 0.0
    for cost, size in zip(costs, sizes):  # in order (Python 3.12's sum() compensates)
        total += cost * size
    n = sum(sizes)
    return _rescued_mean(total / n, lambda s: np.multiply(costs, s) * sizes, n,
                         times=len(costs) / n)


def _fraction_correct(guesses, labels):
    # accuracy() of the rows behind the guesses of _guess, batch after batch, as one
    # exact count: labels (N,) in the same order; NaN if any batch had one output.
    if labels is None or any(guess is None for guess in guesses):
        return np.nan
    return np.count_nonzero(np.concatenate(guesses) == labels) / len(labels)


def accuracy(pred, y):
    r"""Fraction of rows of ``pred`` (N, K) whose largest entry is at the true class.

    $$\text{accuracy} = \frac1N \sum_n \mathbb{1}\big[\arg\max_k \hat y_{nk} = y_n\big]$$

    ``y`` holds integer labels ``(N,)`` or one-hot rows ``(N, K)`` (or rows of
    probabilities, each with one largest entry: its class). A row that names no class,
    all zeros for example, is refused. Returns a float in [0, 1].
    """
    pred = as_float_array(pred, "pred", finite=False)  # ±inf: a sure score, NaN: none
    if pred.ndim != 2 or pred.shape[1] < 2:
        raise ValueError(
            f"pred must have shape (N, K) with K >= 2 classes, got shape {pred.shape}: the "
            "largest of one output is always at index 0 (for one output, compare "
            "pred > threshold with y yourself)"
        )
    if pred.shape[0] == 0:
        raise ValueError("pred must have at least one row: the accuracy of no example is "
                         f"no number, got shape {pred.shape}")
    labels = _labels_of(y, pred.shape[1])
    if labels.shape != (pred.shape[0],):
        raise ValueError(
            f"y must give one label per row of pred ({pred.shape[0]}), got shape "
            f"{np.shape(y)}"
        )
    return _fraction_correct([_guess(pred)], labels)


@dataclass
class History:
    """What [`fit`][nnbook.fit] measured after each epoch (lists with one entry per epoch).

    ``loss`` and ``accuracy`` are over the training set, measured during the epoch: the
    mean over its examples of the mini-batch results (each batch weighted by its size),
    each computed with the weights before that batch's step; ``val_loss`` and
    ``val_accuracy`` over the validation set after the epoch, when one is given.

    Attributes
    ----------
    loss : list of float
        Training cost, one entry per epoch.
    accuracy : list of float
        Training accuracy, one entry per epoch (NaN for a model with a single output,
        where the largest output is always the first, and for targets whose rows name
        no class, such as a regression's: see [`accuracy`][nnbook.accuracy]).
    val_loss : list of float
        Validation cost, one entry per epoch; empty without ``validation``.
    val_accuracy : list of float
        Validation accuracy, one entry per epoch; empty without ``validation``.
    """

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)


def _examples(X, y, names=("X", "y")):
    # X as float64 and y as an array, one row each per example.
    X, y = check_examples(as_float_array(X, names[0]), y, names)
    return X, y


_PARTS = {"model": (("__call__", "backward"), "a Layer such as a Sequential"),
          "loss": (("forward", "backward"), "a loss such as CrossEntropy()"),
          "optimizer": (("step",), "an optimiser such as SGD(model, lr=0.1)")}


def _check_parts(**parts):
    # The usual slips: a class for an object (CrossEntropy for CrossEntropy()), None.
    for name, value in parts.items():
        methods, what = _PARTS[name]
        if isinstance(value, type) or not all(callable(getattr(value, m, None)) for m in methods):
            hint = f" (make one with {value.__name__}(...))" if isinstance(value, type) else ""
            raise TypeError(f"{name} must be {what}, got {describe(value)}{hint}")


def _check_optimizer(model, optimizer):
    # An optimiser made on another model (or on a part of this one) would leave the
    # model's weights where they are, without a word.
    owned = getattr(optimizer, "parameters", None)
    if callable(owned) and isinstance(model, Layer):
        mine = {id(p) for p in model.parameters()}
        theirs = {id(p) for p in owned()}
        if mine != theirs:
            raise ValueError(
                f"optimizer must be made on the model fit trains: it updates {len(theirs)} "
                f"arrays, of which {len(theirs & mine)} belong to the model's "
                f"{len(mine)} (make it with e.g. SGD(model, lr=...))"
            )


def _check_parameters(model):
    # A NaN or inf weight makes every output NaN: name it before the first step.
    if isinstance(model, Layer):
        for name, theta in model.named_parameters():
            as_float_array(theta, f"the model's parameter {name!r}")


@contextlib.contextmanager
def _steps_checked(optimizer):
    """Inside fit's loop with one of nnbook's optimisers: a NaN or inf can only come from
    the training itself, and the step that would write it refuses it, so the layers skip
    their scans of every batch and numpy's warnings (which would only repeat that) are
    off. Another optimiser's steps are not checked: then the layers keep scanning."""
    if not isinstance(optimizer, Optimizer):
        yield
        return
    with values_checked():
        yield


@contextlib.contextmanager
def _leaving_no_trace(model, loss):
    """Every layer of ``model`` and the ``loss`` keep, after the block, what they held
    before it: what a trial forward keeps for a backward is forgotten, so that a refused
    call changes nothing."""
    parts = [layer for _, layer in model.named_layers()] if isinstance(model, Layer) else [model]
    parts = [part for part in parts + [loss] if hasattr(part, "__dict__")]
    kept = [dict(vars(part)) for part in parts]
    try:
        yield
    finally:
        _put_back(map(vars, parts), kept)


def _check_targets(model, loss, X, y, names):
    """Check every target ``y`` as ``loss`` will see it, against the model's output for
    one example; return the class indices the accuracy compares with (None for one
    output). The model and the loss are left as they were."""
    with _leaving_no_trace(model, loss):
        return _check_targets_on_one_example(model, loss, X, y, names)


def _check_targets_on_one_example(model, loss, X, y, names):
    try:
        out = model(X[:1])  # also checks the examples' shape against the first layer
    except ValueError as error:  # the layer names its own input: say which examples
        raise ValueError(f"{names[0]} of shape {X.shape} does not fit the model's input "
                         f"(its first example checked before training): {error}") from None
    try:
        _guess(out)  # fit and evaluate count each row's answer: rows (N, K)
    except ValueError as error:
        raise ValueError(f"the model's output for the first example of {names[0]} (checked "
                         f"before training): {error}") from None
    try:
        # The loss's own checks on all targets at once, with predictions of the right shape.
        loss.forward(np.zeros((len(y),) + out.shape[1:]), y)
        if out.shape[1] > 1:  # targets that name no class: no accuracy
            return _labels_of(y, out.shape[1], rows_of_classes=False)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{names[1]} does not fit the model's output of shape "
                          f"{out.shape[1:]} per example under {loss!r} (checked before "
                          f"training): {error}") from None
    return None


def evaluate(model, loss, X, y, batch_size=1024):
    """Return ``(cost, accuracy)`` of ``model`` on ``(X, y)``, in batches to bound memory.

    ``X`` has shape ``(N, ...)`` and ``y`` holds the targets ``loss`` expects (as in
    [`fit`][nnbook.fit]). Both results are floats: the means over the ``N`` examples,
    whatever the ``batch_size`` (the cost is ``inf`` only where the mean, or the cost of
    a batch, exceeds the largest float64). Nothing is trained. The model's output must
    have shape ``(N, K)``, one row per example (``ValueError`` otherwise). The accuracy is
    NaN for a model with a single output, and for targets whose rows name no class (a
    regression's), where it has no meaning (see [`accuracy`][nnbook.accuracy]).
    """
    _check_parts(model=model, loss=loss)
    X, y = _examples(X, y)
    batch_size = check_positive_int(batch_size, "batch_size")
    labels = _check_targets(model, loss, X, y, ("X", "y"))
    costs, sizes, guesses = [], [], []
    for start in range(0, len(X), batch_size):
        pred = model(X[start:start + batch_size])
        costs.append(loss.forward(pred, y[start:start + batch_size]))
        sizes.append(len(pred))
        guesses.append(_guess(pred))
    return _mean_over_examples(costs, sizes), _fraction_correct(guesses, labels)


@functools.cache
def _blas():
    # numpy's BLAS library, found once: the search reads every library loaded (milliseconds).
    return threadpoolctl.ThreadpoolController().select(user_api="blas")


def _blas_limited(threads):
    """numpy's BLAS limited to ``threads`` threads inside the block (None: as set outside)."""
    return contextlib.nullcontext() if threads is None else _blas().limit(limits=threads)


def fit(model, X, y, *, loss, optimizer, epochs, batch_size, rng,
        validation=None, verbose=False, blas_threads=1):
    """Train ``model`` by mini-batch gradient descent and return its ``History``.

    Each epoch walks through the examples in a new random order, in batches of
    ``batch_size`` rows; each batch takes one step: ``pred = model(X_batch)``, the cost
    ``loss.forward(pred, y_batch)``, ``model.backward(loss.backward(), input_grad=False)``,
    then ``optimizer.step()``.

    Parameters
    ----------
    model : Layer
        Usually a ``Sequential``; its ``backward(grad_out, *, input_grad)`` must fill
        ``grads`` (``fit`` passes ``input_grad=False``), and its output must have shape
        ``(N, K)``, one row per example.
    X : numpy.ndarray, shape (N, ...)
        Training examples, one per row.
    y : numpy.ndarray
        Targets in the form ``loss`` expects: integer labels ``(N,)`` for
        ``CrossEntropy``, one-hot rows ``(N, K)`` for ``MSE``.
    loss : MSE or CrossEntropy or BinaryCrossEntropy
        Anything with ``forward(pred, target)`` and ``backward()``.
    optimizer : SGD or Adam
        Anything with ``step()``, built on ``model``.
    epochs : int
        Number of passes over the training set.
    batch_size : int
        Examples per mini-batch (the last batch of an epoch may be smaller).
    rng : numpy.random.Generator
        Shuffles the examples each epoch: the same seed gives the same training.
    validation : tuple (X_val, y_val), optional
        Measured after each epoch (no training on it).
    verbose : bool
        Print one line of progress per epoch.
    blas_threads : int or None
        The threads numpy's BLAS library may use for the layers' matrix products while
        ``fit`` runs: one by default, None for the number set outside (by
        ``OPENBLAS_NUM_THREADS``, or one per core).

    Returns
    -------
    History

    Notes
    -----
    ``fit`` runs its steps with one BLAS thread unless told otherwise, whatever the
    machine's settings: the numbers of the book's own runs, and no step waiting for a
    thread. Left at its default, OpenBLAS starts a thread per core and splits a large
    enough matrix product over them; a thread that must wait for a core busy with other
    work then holds up every step. Measured on the book's performance page at a
    mini-batch of 128: with every core but one busy, the threads made a plain numpy
    training several times as long; on a quiet machine they made it faster, which
    ``blas_threads=None`` gives back. A step calls BLAS only for the layers' matrix
    products: its checks (every gradient finite, every step staying finite) use numpy's
    own reductions, which run on one thread.
    """
    _check_parts(model=model, loss=loss, optimizer=optimizer)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    check_generator(rng)
    verbose = check_bool(verbose, "verbose")
    if blas_threads is not None:
        blas_threads = check_positive_int(blas_threads, "blas_threads")
    X, y = _examples(X, y)
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, y_val), got "
                            f"{describe(validation)}")
        validation = _examples(*validation, names=("X_val", "y_val"))
    _check_optimizer(model, optimizer)
    _check_parameters(model)
    # Everything is checked before the first step, so that bad data stops fit before it
    # has changed a weight: every target, of both sets, and each set's labels.
    labels = _check_targets(model, loss, X, y, ("X", "y"))
    if validation is not None:
        _check_targets(model, loss, *validation, ("X_val", "y_val"))
    history = History()
    with _steps_checked(optimizer), _blas_limited(blas_threads):
        step = 0
        for epoch in range(1, epochs + 1):
            costs, batches, guesses = [], [], []
            for batch in minibatches(len(X), batch_size, rng):
                step += 1
                try:
                    pred = model(X[batch])
                    cost = loss.forward(pred, y[batch])
                    # No dC/dX for the data.
                    model.backward(loss.backward(), input_grad=False)
                    optimizer.step()
                except ValueError as error:  # a diverging training: say where it stopped
                    raise ValueError(f"fit stopped at epoch {epoch}, step {step} (the "
                                     "batch's weights are kept as they were): "
                                     f"{error}") from error
                costs.append(cost)
                batches.append(batch)
                guesses.append(_guess(pred))  # counted once per epoch, against the labels
            history.loss.append(_mean_over_examples(costs, [len(b) for b in batches]))
            order = np.concatenate(batches)
            history.accuracy.append(_fraction_correct(guesses, None if labels is None
                                                      else labels[order]))
            if validation is not None:
                val_loss, val_accuracy = evaluate(model, loss, *validation)
                history.val_loss.append(val_loss)
                history.val_accuracy.append(val_accuracy)
            if verbose:
                print(_progress(epoch, history))
    return history


def _progress(epoch, history):
    """The line ``fit(verbose=True)`` prints as an epoch ends."""
    line = (f"epoch {epoch:3d}: loss {history.loss[-1]:.4f}, "
            f"accuracy {history.accuracy[-1]:.3f}")
    if history.val_loss:
        line += (f", validation loss {history.val_loss[-1]:.4f}, "
                 f"accuracy {history.val_accuracy[-1]:.3f}")
    return line
