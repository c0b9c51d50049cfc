import numpy as np
import pytest
import threadpoolctl

import nnbook
from nnbook.training import History, accuracy, evaluate, fit, one_hot


def test_one_hot():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match=r"\[0, 3\), got values from 0 to 3"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(TypeError, match="labels must be integers .*got dtype float64"):
        one_hot(np.array([0.0, 1.0]), 3)
    with pytest.raises(ValueError, match=r"labels must have 1 dimension \(N,\), got shape"):
        one_hot(np.array([[0, 1]]), 3)


def test_accuracy_with_labels_and_one_hot():
    pred = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
    assert accuracy(pred, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    assert accuracy(pred, one_hot(np.array([1, 0, 0]), 2)) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"one label per row of pred \(3\), got shape \(2,\)"):
        accuracy(pred, np.array([1, 0]))


def _blobs(rng, n=300):
    # Three well-separated clusters in the plane: an easy, known-solvable task.
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = rng.integers(0, 3, n)
    return centres[y] + rng.normal(0, 0.6, (n, 2)), y


def _model(seed):
    rng = np.random.default_rng(seed)
    return nnbook.Sequential(nnbook.Dense(2, 8, rng=rng), nnbook.ReLU(), nnbook.Dense(8, 3, rng=rng))


def test_fit_learns_and_is_reproducible(capsys):
    X, y = _blobs(np.random.default_rng(0))
    histories = []
    for _ in range(2):
        model = _model(1)
        history = fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=nnbook.Adam(model, lr=0.05),
                      epochs=15, batch_size=32, rng=np.random.default_rng(2),
                      validation=(X[:50], y[:50]), verbose=True)
        histories.append(history)
    assert isinstance(histories[0], History)
    assert len(histories[0].loss) == 15 and len(histories[0].val_accuracy) == 15
    assert histories[0].loss == histories[1].loss  # same seeds, same training
    assert histories[0].loss[-1] < 0.2 * histories[0].loss[0]
    assert histories[0].accuracy[-1] > 0.95
    assert "epoch  15: loss" in capsys.readouterr().out


def test_fit_with_mse_and_one_hot_targets():
    X, y = _blobs(np.random.default_rng(3))
    rng = np.random.default_rng(4)
    model = nnbook.Sequential(nnbook.Dense(2, 8, rng=rng), nnbook.Sigmoid(),
                              nnbook.Dense(8, 3, rng=rng), nnbook.Sigmoid())
    history = fit(model, X, one_hot(y, 3), loss=nnbook.MSE(), optimizer=nnbook.SGD(model, lr=3.0),
                  epochs=30, batch_size=10, rng=rng)
    assert history.loss[-1] < history.loss[0]
    assert evaluate(model, nnbook.MSE(), X, one_hot(y, 3))[1] > 0.9


def test_whole_network_gradient_check():
    """backward through Dense-Sigmoid-Dense-Sigmoid with MSE equals finite differences."""
    rng = np.random.default_rng(5)
    model = nnbook.Sequential(nnbook.Dense(4, 5, rng=rng), nnbook.Sigmoid(),
                              nnbook.Dense(5, 3, rng=rng), nnbook.Sigmoid())
    # One-hot targets keep the errors, and so every gradient entry, well above the rounding
    # noise of finite differences (a relative error of a ~1e-5 entry is mostly noise).
    X, Y = 2 * rng.standard_normal((6, 4)), one_hot(rng.integers(0, 3, 6), 3)
    loss = nnbook.MSE()

    def cost(_):
        return loss.forward(model(X), Y)

    cost(None)
    model.backward(loss.backward())
    analytic = {name: g.copy() for name, g in model.grads.items()}
    assert set(analytic) == {"0.W", "0.b", "2.W", "2.b"}
    for name, param in model.params.items():
        assert nnbook.gradient_check(cost, param, analytic[name]) < 1e-7, name


def test_fit_errors():
    X, y = _blobs(np.random.default_rng(0), n=20)
    model = _model(0)
    common = dict(loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1), batch_size=4)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        fit(model, X, y, epochs=1, rng=0, **common)
    with pytest.raises(ValueError, match=r"one row per example .*shapes \(20, 2\) and \(19,\)"):
        fit(model, X, y[:19], epochs=1, rng=np.random.default_rng(0), **common)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        fit(model, X, y, epochs=0, rng=np.random.default_rng(0), **common)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's, on the way to the NaN
def test_fit_with_an_optimiser_of_its_own_stops_at_the_first_nan():
    # Only nnbook's optimisers check what a step writes: with another, the layers keep
    # scanning every batch, so a diverging training stops, it does not run on to NaN.
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 3)), rng.integers(0, 2, 40)
    model = nnbook.mlp([3, 4, 2], nnbook.Sigmoid, rng=0)

    class Plain:
        def step(self):
            for name, theta in model.named_parameters():  # a step that diverges
                theta -= np.inf * dict(model.named_gradients())[name]

    with pytest.raises(ValueError, match="fit stopped at epoch 1, step"):
        nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=Plain(), epochs=3,
                   batch_size=8, rng=np.random.default_rng(1))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_fit_names_a_weight_that_is_not_finite_before_the_first_step(bad):
    model = nnbook.mlp([3, 4, 2], nnbook.Sigmoid, rng=0)
    model.parameters()[3][0] = bad
    before = [p.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"parameter '2\.b' must hold finite numbers"):
        nnbook.fit(model, np.ones((4, 3)), np.array([0, 1, 0, 1]),
                   loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1),
                   epochs=1, batch_size=2, rng=np.random.default_rng(1))
    for p, q in zip(model.parameters(), before):
        np.testing.assert_array_equal(p, q)


def test_a_model_whose_output_is_not_rows_is_refused_before_the_first_step():
    # fit and evaluate count each row's answer: an image out, (N, 1, 5, 5), used to be
    # refused by the count after fit's first step had changed the weights.
    rng = np.random.default_rng(0)
    model = nnbook.Sequential(nnbook.Conv2D(1, 1, 3, padding=1, rng=0))
    X = rng.normal(size=(4, 1, 5, 5))
    before = [p.copy() for p in model.parameters()]
    shape = (r"model's output for the first example of X \(checked before training\): pred "
             r"must have shape \(N, K\), got shape \(1, 1, 5, 5\)")
    with pytest.raises(ValueError, match=shape):
        fit(model, X, X, loss=nnbook.MSE(), optimizer=nnbook.SGD(model, lr=0.1), epochs=1,
            batch_size=2, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match=shape):
        evaluate(model, nnbook.MSE(), X, X)
    for p, q in zip(model.parameters(), before):
        np.testing.assert_array_equal(p, q)


def test_the_accuracy_of_no_rows_is_refused():
    # It was 0/0: NaN, with a warning.
    with np.errstate(all="raise"):
        with pytest.raises(ValueError, match=r"pred must have at least one row.*\(0, 3\)"):
            accuracy(np.zeros((0, 3)), np.zeros(0, dtype=int))


class _BlasThreads(nnbook.Layer):
    """Passes its input on and notes how many threads numpy's BLAS may use then."""

    def __init__(self):
        super().__init__()
        self.seen = []

    def forward(self, x):
        self.seen.append(max(pool["num_threads"] for pool in threadpoolctl.threadpool_info()
                             if pool["user_api"] == "blas"))
        return x

    def backward(self, grad_out, *, input_grad=True):
        return grad_out


def test_fit_steps_with_one_blas_thread_unless_told_otherwise():
    # A thread that waits for a busy core holds up every step: fit's steps use one, and
    # the setting outside is back afterwards, after a refused step too.
    X, y = _blobs(np.random.default_rng(0), n=40)
    spy = _BlasThreads()
    model = nnbook.Sequential(_model(0), spy)
    train = dict(loss=nnbook.CrossEntropy(), epochs=1, batch_size=10,
                 rng=np.random.default_rng(0))
    with threadpoolctl.threadpool_limits(limits=3, user_api="blas"):
        fit(model, X, y, optimizer=nnbook.SGD(model, lr=0.1), **train)
        assert spy.seen[1:] == [1] * 4  # seen[0]: the targets' check, before the loop
        spy.seen.clear()
        fit(model, X, y, optimizer=nnbook.SGD(model, lr=0.1), blas_threads=2, **train)
        assert spy.seen[1:] == [2] * 4
        spy.seen.clear()
        fit(model, X, y, optimizer=nnbook.SGD(model, lr=0.1), blas_threads=None, **train)
        assert spy.seen == [3] * 5
        with pytest.raises(ValueError, match="fit stopped at epoch 1, step"):
            fit(model, X, y, optimizer=nnbook.SGD(model, lr=1e308), **train)
        assert spy.seen[-1] == 1
        assert {pool["num_threads"] for pool in threadpoolctl.threadpool_info()
                if pool["user_api"] == "blas"} == {3}


def test_blas_threads_is_a_number_of_threads_or_none():
    X, y = _blobs(np.random.default_rng(0), n=20)
    model = _model(0)
    train = dict(loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1), epochs=1,
                 batch_size=10, rng=np.random.default_rng(0))
    for wrong in ("2", 2.0, True, [1]):
        with pytest.raises(TypeError, match="blas_threads"):
            fit(model, X, y, blas_threads=wrong, **train)
    for bad in (0, -1):
        with pytest.raises(ValueError, match=r"blas_threads must be a positive integer, got -?[01]"):
            fit(model, X, y, blas_threads=bad, **train)
