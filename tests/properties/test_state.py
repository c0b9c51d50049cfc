"""Training state after a failure: a step, a fit or a model that cannot be right is refused
before anything changes, and says which parameter, step or layer."""

import copy

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnbook
from nnbook.optim import Optimizer

from .test_api import _same, _snapshot

OPTIMISERS = {
    "SGD": lambda net, lr: nnbook.SGD(net, lr=lr),
    "momentum": lambda net, lr: nnbook.SGD(net, lr=lr, momentum=0.9),
    "Adam": lambda net, lr: nnbook.Adam(net, lr=lr),
}


def _net(seed, sizes=(3, 4, 3)):
    return nnbook.mlp(list(sizes), nnbook.Tanh, rng=seed)


def _backward(net, seed):
    rng = np.random.default_rng(seed)
    loss = nnbook.CrossEntropy()
    loss.forward(net(rng.standard_normal((6, 3))), rng.integers(0, 3, 6))
    net.backward(loss.backward())


@given(seed=st.integers(0, 2**16), kind=st.sampled_from(sorted(OPTIMISERS)),
       steps_before=st.integers(0, 3), value=st.sampled_from([np.nan, np.inf, -np.inf]),
       data=st.data())
def test_a_non_finite_gradient_changes_nothing(seed, kind, steps_before, value, data):
    # Wherever it is, one NaN or inf in one gradient: the step is refused, naming the
    # parameter and the step, and no parameter, memory or step count moves, so the next
    # step with a good gradient goes on as if the bad one had not come.
    net = _net(seed)
    opt = OPTIMISERS[kind](net, 0.05)
    for k in range(steps_before):
        _backward(net, seed + k)
        opt.step()
    _backward(net, seed + 100)
    names = [name for name, _ in net.named_gradients()]
    name = data.draw(st.sampled_from(names))
    grad = dict(net.named_gradients())[name]
    index = tuple(data.draw(st.integers(0, n - 1)) for n in grad.shape)
    good = grad[index]
    grad[index] = value
    before = _snapshot([net, opt])
    with pytest.raises(ValueError, match=rf"step {steps_before + 1} refused for parameter "
                                         rf"'{name}': its gradient is {value}"):
        opt.step()
    assert _same(_snapshot([net, opt]), before)
    grad[index] = good
    opt.step()
    twin = _net(seed)  # the same training without the bad gradient
    twin_opt = OPTIMISERS[kind](twin, 0.05)
    for k in range(steps_before):
        _backward(twin, seed + k)
        twin_opt.step()
    _backward(twin, seed + 100)
    twin_opt.step()
    assert _same(_snapshot([net, opt]), _snapshot([twin, twin_opt]))


@given(seed=st.integers(0, 2**16), kind=st.sampled_from(sorted(OPTIMISERS)),
       exponent=st.integers(150, 308))
def test_a_step_that_overflows_changes_nothing(seed, kind, exponent):
    # A huge learning rate, or gradients whose square is beyond float64 (Adam's v): the
    # step would write inf, or freeze a parameter with v = inf. Refused, nothing changed.
    net = _net(seed)
    scale = 10.0**exponent
    opt = OPTIMISERS[kind](net, 1e300 if kind != "Adam" else 0.1)
    _backward(net, seed)
    for _, grad in net.named_gradients():
        grad *= scale
    before = _snapshot([net, opt])
    try:
        opt.step()
    except ValueError as error:
        assert "refused for parameter" in str(error) and "overflowed" in str(error)
        assert _same(_snapshot([net, opt]), before)
    else:  # the step fitted in float64: then every parameter and memory is finite
        for _, array in net.named_parameters():
            assert np.isfinite(array).all()
        for memory in opt.state.values():
            assert all(np.isfinite(m).all() for m in memory)


def test_adam_refuses_a_gradient_whose_square_overflows():
    # The example of the issue: a gradient above ~1.3e154 made v = inf, and the parameter
    # never moved again.
    layer = nnbook.Dense(2, 1, rng=0)
    adam = nnbook.Adam(layer, lr=0.1)
    layer.forward(np.ones((1, 2)))
    layer.backward(np.array([[1e155]]))
    with pytest.raises(ValueError, match=r"step 1 refused for parameter '(W|b)'.*overflowed"):
        adam.step()
    assert adam.t == 0 and adam.state == {}


def test_a_read_only_parameter_fails_before_any_step():
    net = _net(0)
    opt = nnbook.SGD(net, lr=0.1)
    _backward(net, 0)
    net[2].W.setflags(write=False)
    before = _snapshot([net, opt])
    with pytest.raises(ValueError, match="parameter 'W' of Dense is read-only"):
        opt.step()
    assert _same(_snapshot([net, opt]), before)


class ReadersRule(Optimizer):
    """An optimiser as a reader writes one, from the template: sign descent, with
    ``memories`` arrays that each add up the gradients; for the parameter of its
    ``spoilt``-th call, the rule returns what ``spoil`` makes of its change, memories
    and gradient."""

    def __init__(self, model, memories, spoil=None, spoilt=0):
        super().__init__(model, lr=0.01)
        self.memories, self.spoil, self.spoilt, self.calls = memories, spoil, spoilt, 0

    def rule(self, g, *memory):
        self.calls += 1
        delta, new = -self.lr * np.sign(g), tuple(m + g for m in memory)
        if self.calls == self.spoilt:
            return self.spoil(delta, new, g)
        return delta, new


# What a rule may return instead of (change, memories): (how, error, needs memories).
BAD_RULES = {
    "a number": (lambda d, m, g: (0.01, m), ValueError),
    "a numpy number": (lambda d, m, g: (np.float64(0.01), m), ValueError),
    "an array of no dimension": (lambda d, m, g: (np.array(0.01), m), ValueError),
    "one row, which numpy would broadcast": (lambda d, m, g: (d[:1], m), ValueError),
    "a new first axis": (lambda d, m, g: (d[None], m), ValueError),
    "the transpose": (lambda d, m, g: (d.T.copy() if d.ndim == 2 else d[:-1], m), ValueError),
    "None": (lambda d, m, g: (None, m), TypeError),
    "text": (lambda d, m, g: ("abc", m), TypeError),
    "complex numbers": (lambda d, m, g: (d + 0j, m), TypeError),
    "objects": (lambda d, m, g: (d.astype(object), m), TypeError),
    "the change alone": (lambda d, m, g: d, TypeError),
    "no pair at all": (lambda d, m, g: None, TypeError),
    "three things": (lambda d, m, g: (d, m, g), TypeError),
    "a memory for the tuple": (lambda d, m, g: (d, g), TypeError),
    "one memory more": (lambda d, m, g: (d, (*m, g)), ValueError),
    "one memory less": (lambda d, m, g: (d, m[:-1]) if m else (d, (g,)), ValueError),
    "a memory of another shape": (lambda d, m, g: (d, (g[:1], *m[1:])) if m else (d, (g,)),
                                  ValueError),
    "a memory None": (lambda d, m, g: (d, (None, *m[1:])) if m else (d, (None,)),
                      (TypeError, ValueError)),
}


@given(seed=st.integers(0, 2**16), memories=st.integers(0, 2), steps_before=st.integers(0, 2),
       bad=st.sampled_from(sorted(BAD_RULES)), data=st.data())
def test_a_rule_a_reader_writes_is_checked_before_anything_changes(
        seed, memories, steps_before, bad, data):
    # The book teaches rule(g, *memory) so that readers write their own. A rule that
    # returned a number had it added to every entry of every parameter; one of another
    # shape broadcast, or failed after the parameters before it had been stepped. Each
    # change and memory is checked for its type and shape before any parameter changes:
    # the error names the rule and the parameter, and the next good step goes on.
    net = _net(seed)
    names = [name for name, _ in net.named_parameters()]
    spoil, error = BAD_RULES[bad]
    opt = ReadersRule(net, memories)
    for k in range(steps_before):
        _backward(net, seed + k)
        opt.step()
    _backward(net, seed + 100)
    which = data.draw(st.integers(0, len(names) - 1), label="parameter")
    opt.spoil, opt.spoilt, opt.calls = spoil, which + 1, 0
    before = _snapshot([net, opt])
    with pytest.raises(error) as refused:
        opt.step()
    message = str(refused.value)
    assert "ReadersRule.rule" in message and repr(names[which]) in message, message
    assert "NoneType" not in message, message
    if "None" in bad and isinstance(refused.value, TypeError):
        assert "got None" in message, message
    assert _same(_snapshot([net, opt]), before)
    opt.spoilt = 0
    opt.step()
    assert opt.t == steps_before + 1


@given(seed=st.integers(0, 2**16), memories=st.integers(0, 2), steps=st.integers(1, 3),
       form=st.sampled_from(["lists", "a list of memories", "integers", "float32"]))
def test_a_rule_may_return_any_arrays_of_real_numbers_of_the_parameter_s_shape(
        seed, memories, steps, form):
    # Lists, a list of memories, integer or float32 arrays: the steps of the same values
    # given as float64 arrays in a tuple.
    reform = {"lists": lambda d, m: (d.tolist(), tuple(x.tolist() for x in m)),
              "a list of memories": lambda d, m: (d, list(m)),
              "integers": lambda d, m: (np.sign(d).astype(int), tuple(x.astype(int) for x in m)),
              "float32": lambda d, m: (d.astype(np.float32),
                                       tuple(x.astype(np.float32) for x in m))}[form]

    def as_float64(d, m):
        d, m = reform(d, m)
        return np.asarray(d, dtype=np.float64), tuple(np.asarray(x, dtype=np.float64) for x in m)

    nets, opts = [_net(seed), _net(seed)], []
    for net, returned in zip(nets, (reform, as_float64)):
        opt = ReadersRule(net, memories, lambda d, m, g, returned=returned: returned(d, m))
        opt.rule = _every_call_spoilt(opt)
        opts.append(opt)
        for k in range(steps):
            _backward(net, seed + k)
            opt.step()
    assert _same(_snapshot(nets), _snapshot(nets[::-1]))
    assert _same(_snapshot(opts), _snapshot(opts[::-1]))


def _every_call_spoilt(opt):
    # The reader's rule with its result passed through opt.spoil at every call.
    rule = type(opt).rule

    def spoilt(g, *memory):
        delta, new = rule(opt, g, *memory)
        return opt.spoil(delta, new, g)
    return spoilt


def _data(seed, n=20):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 3)), rng.integers(0, 3, n)


@given(seed=st.integers(0, 2**16), which=st.sampled_from(["X", "y", "X_val", "y_val"]),
       data=st.data())
def test_fit_checks_everything_before_its_first_step(seed, which, data):
    # A bad row anywhere, in the training or the validation set: refused before a weight
    # moves (it used to be found when its batch came, or after a whole epoch).
    X, y = _data(seed)
    X_val, y_val = _data(seed + 1, 7)
    sets = {"X": X, "y": y, "X_val": X_val, "y_val": y_val}
    spoilt = sets[which].astype(float if which.startswith("X") else int)
    row = data.draw(st.integers(0, len(spoilt) - 1))
    if which.startswith("X"):
        spoilt[row, data.draw(st.integers(0, 2))] = data.draw(
            st.sampled_from([np.nan, np.inf, -np.inf]))
    else:
        spoilt[row] = data.draw(st.sampled_from([3, 7, -1, 200]))
    sets[which] = spoilt
    net = _net(seed)
    opt = nnbook.Adam(net, lr=0.01)
    before = _snapshot([net, opt])
    with pytest.raises(ValueError, match=which):
        nnbook.fit(net, sets["X"], sets["y"], loss=nnbook.CrossEntropy(), optimizer=opt,
                   epochs=2, batch_size=4, rng=np.random.default_rng(0),
                   validation=(sets["X_val"], sets["y_val"]))
    assert _same(_snapshot([net, opt]), before)


def test_fit_stops_at_the_step_that_diverges_with_the_weights_before_it():
    X, y = _data(0, 64)
    net = _net(0)
    opt = nnbook.SGD(net, lr=1e305)
    with pytest.raises(ValueError, match=r"fit stopped at epoch 1, step \d+ .*refused"):
        nnbook.fit(net, X * 1e3, y, loss=nnbook.CrossEntropy(), optimizer=opt, epochs=3,
                   batch_size=8, rng=np.random.default_rng(0))
    for _, array in net.named_parameters():
        assert np.isfinite(array).all()


def test_an_optimiser_of_another_model_is_refused():
    X, y = _data(0)
    net, other = _net(0), _net(1)
    for opt in (nnbook.SGD(other, lr=0.1), nnbook.SGD(net[0], lr=0.1)):
        with pytest.raises(ValueError, match=r"optimizer must be made on the model fit trains"):
            nnbook.fit(net, X, y, loss=nnbook.CrossEntropy(), optimizer=opt, epochs=1,
                       batch_size=4, rng=np.random.default_rng(0))


def test_a_sequential_keeps_its_layers_and_each_appears_once():
    dense = nnbook.Dense(3, 3, rng=0)
    net = nnbook.Sequential(dense, nnbook.ReLU())
    for change in (lambda: net.layers.append(nnbook.Dense(3, 2)),
                   lambda: net.layers.insert(0, nnbook.Dense(3, 3)),
                   lambda: setattr(net, "layers", [dense])):
        with pytest.raises(TypeError, match="layers are fixed when it is made"):
            change()
    with pytest.raises(ValueError, match="a layer can appear once in a Sequential"):
        nnbook.Sequential(dense, nnbook.ReLU(), dense)
    with pytest.raises(ValueError, match="a layer can appear once in a Sequential"):
        nnbook.Sequential(net, nnbook.Sequential(nnbook.Tanh(), dense))
    with pytest.raises(ValueError, match="each parameter once"):
        nnbook.SGD([net, dense], lr=0.1)


def _kept(layers):
    # What each layer keeps between calls: its attributes and its gradients, as objects.
    return [(dict(vars(layer)), dict(layer._grads)) for layer in layers]


def _unchanged(before, after):
    return all(a.keys() == b.keys() and all(a[k] is b[k] for k in a)
               for pair_a, pair_b in zip(before, after) for a, b in zip(pair_a, pair_b))


@given(seed=st.integers(0, 2**16), where=st.integers(1, 3), rows=st.integers(1, 5),
       ran_before=st.booleans(), copied=st.booleans())
def test_a_forward_refused_by_a_later_layer_leaves_the_earlier_ones_as_they_were(
        seed, where, rows, ran_before, copied):
    # Layer `where` expects 5 inputs where the one before it gives 4: the layers before it
    # took the new x, and must give it back, keeping what their last forward saw.
    rng = np.random.default_rng(seed)
    sizes = [3, 4, 4, 4, 2]
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers += [nnbook.Dense(n_in + (k == where), n_out, rng=rng), nnbook.Tanh()]
    inner = nnbook.Sequential(*layers[2:])
    net = nnbook.Sequential(*layers[:2], inner)
    if copied:  # a copy of the model (to keep the best one, say) holds it too
        net = copy.deepcopy(net)
        layers = [layer for _, layer in net.named_layers() if not layer.children()]
    if ran_before:  # each layer keeps the input of a forward of its own
        x = rng.standard_normal((2, 3))
        for layer in layers[:2 * where]:
            x = layer.forward(x)
    before = _kept(layers)
    with pytest.raises(ValueError, match=r"Dense input X must have shape \(N, 5\)"):
        net.forward(rng.standard_normal((rows, 3)))
    assert _unchanged(before, _kept(layers))


@given(seed=st.integers(0, 2**16), rows=st.integers(1, 5))
def test_a_backward_refused_midway_changes_no_gradient(seed, rows):
    # The first layer last saw another batch (a call of its own): the backward of the
    # network is refused there, after the later layers had their gradients computed.
    net = _net(seed, (3, 4, 4, 3))
    _backward(net, seed)
    rng = np.random.default_rng(seed)
    out = net(rng.standard_normal((6, 3)))
    net[0].forward(rng.standard_normal((rows + 6, 3)))
    before = _kept(net.layers)
    with pytest.raises(ValueError, match="grad_out must have shape"):
        net.backward(rng.standard_normal(out.shape))
    assert _unchanged(before, _kept(net.layers))


class _Scaled(nnbook.Layer):
    """A layer with a layer inside and an array of its own: y = s * dense(x)."""

    def __init__(self, rng):
        super().__init__()
        self.dense = nnbook.Dense(3, 3, rng=rng)
        self.params["s"] = np.full(3, 0.5)
        self._z = None

    def children(self):
        return [("dense", self.dense)]

    def forward(self, x):
        self._z = self.dense.forward(x)
        return self._z * self.params["s"]

    def backward(self, grad_out, *, input_grad=True):
        self.require_forward(self._z)
        self.grads["s"] = (grad_out * self._z).sum(axis=0)
        return self.dense.backward(grad_out * self.params["s"], input_grad=input_grad)


@pytest.mark.parametrize("kind", sorted(OPTIMISERS))
def test_an_optimiser_moves_the_arrays_of_a_layer_with_layers_inside(kind):
    # Its own array s was left out: never moved, and fit refused the model as if the
    # optimiser had been made on another one.
    model = nnbook.Sequential(_Scaled(np.random.default_rng(0)), nnbook.Tanh(),
                              nnbook.Dense(3, 3, rng=1))
    opt = OPTIMISERS[kind](model, 0.1)
    assert [id(p) for p in opt.parameters()] == [id(p) for p in model.parameters()]
    assert {"0.s", "0.dense.W"} <= set(model.params)
    X, y = _data(0)
    s = model[0].params["s"]
    before = s.copy()
    nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=opt, epochs=2,
               batch_size=4, rng=np.random.default_rng(0))
    assert not np.array_equal(s, before) and model[0].params["s"] is s
    check = nnbook.check_layer(model[0], np.random.default_rng(1).standard_normal((2, 3)), rng=0)
    assert max(check.values()) < 1e-7


def test_adam_step_before_backward_changes_nothing():
    layer = nnbook.Dense(2, 2, rng=0)
    adam = nnbook.Adam(layer, lr=0.1)
    before = {name: p.copy() for name, p in layer.params.items()}
    with pytest.raises(ValueError, match="call backward before step"):
        adam.step()
    assert adam.t == 0
    for name, p in layer.params.items():
        np.testing.assert_array_equal(p, before[name])
    # The first real step is then a first step: its bias correction uses t = 1.
    twin = nnbook.Dense(2, 2, rng=0)
    x = np.ones((1, 2))
    for model, optimizer in [(layer, adam), (twin, nnbook.Adam(twin, lr=0.1))]:
        model.backward(np.ones_like(model(x)))
        optimizer.step()
    np.testing.assert_array_equal(layer.W, twin.W)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 3:
            raise RuntimeError("f failed")
        return float(np.sum(v**2))

    with pytest.raises(RuntimeError, match="f failed"):
        nnbook.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
