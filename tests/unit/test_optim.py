from types import SimpleNamespace

import numpy as np
import pytest

from nnbook import Dense, ReLU, Sequential
from nnbook.losses import MSE
from nnbook.optim import SGD, Adam


def toy_model(w, g):
    """The smallest thing an optimiser accepts: ``params`` and ``grads`` dicts."""
    return SimpleNamespace(params={"w": np.array(w, dtype=float)},
                           grads={"w": np.array(g, dtype=float)})


def linear_problem(seed=0):
    """A Dense layer and data from an exact linear map: the MSE cost is a convex quadratic."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((64, 3))
    W_true, b_true = np.array([[2.0, -1.0, 0.5]]), np.array([0.3])
    return Dense(3, 1, rng=rng), X, X @ W_true.T + b_true, W_true, b_true


def train(layer, optimizer, X, y, steps):
    loss, costs = MSE(), []
    for _ in range(steps):
        costs.append(loss.forward(layer(X), y))
        layer.backward(loss.backward())
        optimizer.step()
    return np.array(costs)


# --- the update rules, by hand ----------------------------------------------------------


def test_sgd_step_is_theta_minus_lr_grad():
    model = toy_model([1.0, -2.0], [0.5, 0.1])
    SGD(model, lr=0.1).step()
    np.testing.assert_allclose(model.params["w"], [0.95, -2.01])


@pytest.mark.parametrize("grad", [[0.5, 0.1], np.array([0.5, 0.1], dtype=np.float32),
                                  np.array([0.5, 0.1], dtype=">f8"), np.array([1, 0])])
def test_a_gradient_of_another_kind_steps_by_its_values(grad):
    # Not a native float64 array (a list, float32, big-endian, integers): the usual-case
    # test fails and the full checks take it, with the step of its values.
    model = SimpleNamespace(params={"w": np.array([1.0, -2.0])}, grads={"w": grad})
    SGD(model, lr=0.25).step()
    np.testing.assert_array_equal(model.params["w"],
                                  np.array([1.0, -2.0]) - 0.25 * np.asarray(grad, float))


def test_sgd_momentum_matches_the_velocity_update_by_hand():
    model = toy_model([1.0, -2.0], [0.5, 0.1])
    opt = SGD(model, lr=0.1, momentum=0.9)
    opt.step()
    # v1 = 0.9·0 − 0.1·[0.5, 0.1] = [−0.05, −0.01];  w1 = w0 + v1
    np.testing.assert_allclose(model.params["w"], [0.95, -2.01])
    model.grads["w"] = np.array([0.2, -0.4])  # a new backward replaces the gradient
    opt.step()
    # v2 = 0.9·[−0.05, −0.01] − 0.1·[0.2, −0.4] = [−0.065, 0.031];  w2 = w1 + v2
    np.testing.assert_allclose(model.params["w"], [0.885, -1.979])


def test_adam_first_two_steps_by_hand():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    g1, g2 = np.array([0.5, -0.1]), np.array([0.2, 0.3])
    model = toy_model([1.0, -2.0], g1)
    opt = Adam(model, lr=lr, beta1=b1, beta2=b2, eps=eps)
    opt.step()
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    w1 = np.array([1.0, -2.0]) - lr * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)
    np.testing.assert_allclose(model.params["w"], w1, rtol=1e-14)
    # The first step moves each weight by about lr, whatever the gradient's size.
    np.testing.assert_allclose(w1, [1.0 - 0.01, -2.0 + 0.01], rtol=1e-6)
    model.grads["w"] = g2
    opt.step()
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    m_hat, v_hat = m2 / (1 - 0.81), v2 / (1 - 0.998001)  # 1 − β₁², 1 − β₂²
    w2 = w1 - lr * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(model.params["w"], w2, rtol=1e-14)
    assert opt.t == 2


def _by_hand(name, params, grads, memory, t, lr=0.01, mu=0.9, b1=0.9, b2=0.999, eps=1e-8):
    """One step of the rules, array by array, written with in-place updates."""
    for key, param in params.items():
        g = grads[key]
        if name == "momentum":
            v = memory.setdefault(key, np.zeros_like(param))
            v *= mu
            v -= lr * g
            param += v
        else:
            m, v = memory.setdefault(key, (np.zeros_like(param), np.zeros_like(param)))
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g**2
            param -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_steps_give_the_bits_of_the_rules_by_hand(name):
    # Five steps on parameters of several shapes, with gradients from 1e-6 to 1e2: the
    # same element-wise operations, so the same bits, as the rules written by hand.
    rng = np.random.default_rng(3)
    shapes = {"W": (16, 784), "b": (16,), "k": (2, 1, 3, 3), "c": (1,)}
    params = {k: rng.standard_normal(s) for k, s in shapes.items()}
    model = SimpleNamespace(params={k: p.copy() for k, p in params.items()}, grads={})
    opt = SGD(model, lr=0.01, momentum=0.9) if name == "momentum" else Adam(model, lr=0.01)
    memory = {}
    for t in range(1, 6):
        model.grads = {k: rng.standard_normal(s) * 10.0 ** rng.integers(-6, 3)
                       for k, s in shapes.items()}
        opt.step()
        _by_hand(name, params, model.grads, memory, t)
        for key in shapes:
            np.testing.assert_array_equal(model.params[key], params[key])
    # The memories are seen per parameter, in its shape, as the rule keeps them.
    for key in shapes:
        seen = opt.state[(0, key)]
        kept = memory[key]
        for a, b in zip(seen if isinstance(seen, tuple) else (seen,),
                        kept if isinstance(kept, tuple) else (kept,)):
            np.testing.assert_array_equal(a, b)


def test_a_parameter_that_appears_later_starts_with_empty_memory():
    model = toy_model([1.0, -2.0], [0.5, 0.1])
    opt = Adam(model, lr=0.1)
    state = opt.state
    opt.step()
    m_w, v_w = (a.copy() for a in opt.state[(0, "w")])
    model.params["u"], model.grads["u"] = np.zeros(3), np.ones(3)
    model.grads["w"] = np.zeros(2)
    opt.step()
    # w keeps its moments (decayed by a zero gradient); u starts from zero, at t = 2
    np.testing.assert_array_equal(opt.state[(0, "w")][0], 0.9 * m_w)
    np.testing.assert_array_equal(opt.state[(0, "w")][1], 0.999 * v_w)
    np.testing.assert_array_equal(opt.state[(0, "u")][0], np.full(3, 1 - 0.9))
    assert opt.t == 2
    assert opt.state is state  # one dict for the optimiser's life


def test_step_updates_in_place_and_leaves_grads_alone():
    layer = Dense(2, 2, rng=0)
    W = layer.params["W"]
    layer(np.ones((1, 2)))
    layer.backward(np.ones((1, 2)))
    dW = layer.grads["W"].copy()
    for opt in (SGD(layer, lr=0.1, momentum=0.5), Adam(layer)):
        before = W.copy()
        opt.step()
        assert layer.params["W"] is W  # the same array, changed in place
        assert not np.array_equal(W, before)
        np.testing.assert_array_equal(layer.grads["W"], dW)


def test_a_list_of_layers_is_a_model():
    rng = np.random.default_rng(1)
    d1, relu, d2 = Dense(2, 3, rng=rng), ReLU(), Dense(3, 1, rng=rng)
    out = d2(relu(d1(rng.standard_normal((4, 2)))))
    d1.backward(relu.backward(d2.backward(np.ones_like(out))))
    assert np.any(d1.grads["W"]) and np.any(d2.grads["W"])
    before = [d1.W.copy(), d2.W.copy()]
    SGD([d1, relu, d2], lr=0.1).step()
    np.testing.assert_allclose(d1.W, before[0] - 0.1 * d1.grads["W"])
    np.testing.assert_allclose(d2.W, before[1] - 0.1 * d2.grads["W"])


# --- they all reach the minimum of a convex quadratic -------------------------------------


@pytest.mark.parametrize(
    "make, steps",
    [
        (lambda layer: SGD(layer, lr=0.1), 300),
        (lambda layer: SGD(layer, lr=0.05, momentum=0.9), 300),
        (lambda layer: Adam(layer, lr=0.05), 1000),
    ],
    ids=["sgd", "momentum", "adam"],
)
def test_optimisers_fit_a_linear_target(make, steps):
    layer, X, y, W_true, b_true = linear_problem()
    costs = train(layer, make(layer), X, y, steps)
    assert costs[-1] < 1e-3 * costs[0]
    assert costs[-1] < 1e-8
    np.testing.assert_allclose(layer.W, W_true, atol=1e-4)
    np.testing.assert_allclose(layer.b, b_true, atol=1e-4)


def test_plain_sgd_cost_never_goes_up_with_a_small_step():
    layer, X, y, *_ = linear_problem(seed=2)
    costs = train(layer, SGD(layer, lr=0.1), X, y, 100)
    assert np.all(np.diff(costs) <= 0)


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("lr, error", [(0, ValueError), (-0.1, ValueError),
                                       (float("nan"), ValueError), (float("inf"), ValueError),
                                       ("0.1", TypeError), (True, TypeError), (None, TypeError)])
def test_lr_must_be_positive(lr, error):
    with pytest.raises(error, match="lr must be a (finite|real) number"):
        SGD(toy_model([1.0], [1.0]), lr=lr)
    with pytest.raises(error, match="lr must be a (finite|real) number"):
        Adam(toy_model([1.0], [1.0]), lr=lr)


def test_momentum_and_betas_must_be_in_0_1():
    model = toy_model([1.0], [1.0])
    for bad in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match=r"momentum must be a finite number in \[0.0, 1.0\), got"):
            SGD(model, lr=0.1, momentum=bad)
        with pytest.raises(ValueError, match=r"beta1 must be a finite number in \[0.0, 1.0\), got"):
            Adam(model, beta1=bad)
        with pytest.raises(ValueError, match=r"beta2 must be a finite number in \[0.0, 1.0\), got"):
            Adam(model, beta2=bad)
    with pytest.raises(ValueError, match="eps must be"):
        Adam(model, eps=0.0)
    SGD(model, lr=0.1, momentum=0.0)
    Adam(model, beta1=0.0, beta2=0.0)


def test_model_must_have_params_and_grads():
    with pytest.raises(TypeError, match="`params` and `grads` dicts .*got array of dtype float64"):
        SGD(np.ones(3), lr=0.1)
    with pytest.raises(TypeError, match="got int"):
        Adam([Dense(2, 2), 3])


@pytest.mark.parametrize("model, what", [(Sequential(ReLU()), "Sequential"),
                                         ([], "a list of 0 models")])
def test_a_model_with_nothing_to_train_is_refused(model, what):
    # Every step would have done nothing, without a word.
    for make in (SGD, Adam):
        with pytest.raises(ValueError, match=f"parameters to train, got {what} with none"):
            make(model, lr=0.1)


def test_step_before_backward_and_wrong_gradient_shape():
    layer = Dense(2, 3)
    with pytest.raises(ValueError, match="no gradient for parameter 'W' of Dense"):
        SGD(layer, lr=0.1).step()
    model = toy_model([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"shape \(2,\), got shape \(3,\)"):
        Adam(model).step()
    np.testing.assert_array_equal(model.params["w"], [1.0, 2.0])  # nothing half-done
    for opt in (SGD(model, lr=0.1), SGD(model, lr=0.1, momentum=0.9), Adam(model)):
        model.grads["w"] = np.array([1.0, 2.0 + 1.0j])
        with pytest.raises(TypeError, match="gradient of 'w' must be real, got dtype complex128"):
            opt.step()
        np.testing.assert_array_equal(model.params["w"], [1.0, 2.0])
    assert opt.t == 0
    int_model = SimpleNamespace(params={"w": np.array([1, 2])}, grads={"w": np.ones(2)})
    with pytest.raises(TypeError, match="float64 numpy array"):
        SGD(int_model, lr=0.1).step()


def test_works_with_a_sequential():
    sequential = pytest.importorskip("nnbook.sequential")
    rng = np.random.default_rng(4)
    model = sequential.Sequential(Dense(3, 4, rng=rng), ReLU(), Dense(4, 1, rng=rng))
    X, loss = rng.standard_normal((8, 3)), MSE()
    y = X @ np.array([1.0, -1.0, 2.0])[:, None]
    first = loss.forward(model(X), y)
    opt = Adam(model, lr=0.01)
    for _ in range(200):
        loss.forward(model(X), y)
        model.backward(loss.backward())
        W0 = model[0].W
        opt.step()
        assert model[0].W is W0  # the layers' own arrays were updated
    assert loss.forward(model(X), y) < 0.1 * first


def test_the_optimiser_finds_the_layers_once_and_names_them_as_params_does():
    # The owners of the arrays are found when the optimiser is made (a Sequential's
    # params dict is rebuilt on each access); the state keys keep the params' names,
    # nested Sequentials included.
    import nnbook

    inner = nnbook.Sequential(nnbook.Dense(3, 3, rng=0), nnbook.ReLU())
    model = nnbook.Sequential(nnbook.Dense(2, 3, rng=1), inner, nnbook.Dense(3, 1, rng=2))
    adam = nnbook.Adam(model, lr=0.1)
    x = np.ones((4, 2))
    model.backward(np.ones_like(model(x)))
    adam.step()
    assert {name for _, name in adam.state} == set(model.params)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_a_huge_but_finite_step_is_kept_and_one_that_overflows_is_refused(momentum):
    # A change above 1.3e154 makes the dot product that clears most steps overflow; the
    # step is then tried on a copy: kept if the parameter stays finite, else refused.
    model = toy_model([1.0, -1e308], [-1e200, 0.0])
    opt = SGD(model, lr=1.0, momentum=momentum)
    opt.step()
    np.testing.assert_array_equal(model.params["w"], [1.0 + 1e200, -1e308])
    assert opt.t == 1
    model.grads["w"] = np.array([0.0, 1e308])  # -1e308 - 1e308 overflows
    before = model.params["w"].copy()
    with pytest.raises(ValueError, match="step 2 refused for parameter 'w'.*overflowed"):
        opt.step()
    np.testing.assert_array_equal(model.params["w"], before)
    assert opt.t == 1


# --- one rule per optimiser, the rest in the base class ----------------------------------


def test_a_new_optimiser_is_one_rule():
    # The base class walks the parameters, checks and keeps the step: a subclass writes
    # the change of one parameter only (here sign descent, with no memory).
    from nnbook.optim import Optimizer

    class SignDescent(Optimizer):
        def rule(self, g):
            return -self.lr * np.sign(g), ()

    model = toy_model([1.0, -2.0, 0.5], [0.5, -3.0, 0.0])
    opt = SignDescent(model, lr=0.25)
    opt.step()
    np.testing.assert_array_equal(model.params["w"], [0.75, -1.75, 0.5])
    model.grads["w"] = np.array([1.0, np.nan, 0.0])
    with pytest.raises(ValueError, match="step 2 refused for parameter 'w'"):
        opt.step()
    np.testing.assert_array_equal(model.params["w"], [0.75, -1.75, 0.5])
    assert opt.t == 1


@pytest.mark.parametrize("make", [lambda m: SGD(m, lr=0.1), lambda m: SGD(m, lr=0.1, momentum=0.9),
                                  lambda m: Adam(m, lr=0.1)], ids=["sgd", "momentum", "adam"])
def test_rule_changes_nothing_and_gives_the_step(make):
    # rule returns the change and the new memories; step adds and keeps them. Called
    # before any step, Adam's rule is that of step t = 1 (it used to divide by
    # 1 - beta**0 = 0 and write NaN into the parameter).
    model = toy_model([1.0, -2.0], [0.5, -0.1])
    opt = make(model)
    g = model.grads["w"]
    memory = tuple(np.zeros(2) for _ in range(opt.memories))
    delta, new = opt.rule(g, *memory)
    assert np.isfinite(delta).all() and all(np.isfinite(m).all() for m in new)
    for m in memory:
        np.testing.assert_array_equal(m, 0.0)
    np.testing.assert_array_equal(model.params["w"], [1.0, -2.0])
    assert opt.t == 0 and opt.state == {}
    opt.step()
    np.testing.assert_array_equal(model.params["w"], np.array([1.0, -2.0]) + delta)
    for kept, want in zip(opt.state.get((0, "w"), ()), new):
        np.testing.assert_array_equal(kept, want)


def test_adam_rule_is_the_textbook_formula():
    # Before any step the bias corrections are those of t = 1: the first step moves each
    # weight by lr (up to eps), whatever the gradient's size.
    model = toy_model([0.0, 0.0, 0.0], [1e-6, -3.0, 1e4])
    adam = Adam(model, lr=0.01)
    delta, (m, v) = adam.rule(model.grads["w"], np.zeros(3), np.zeros(3))
    np.testing.assert_allclose(delta, [-0.01, 0.01, -0.01], rtol=1e-2)
    np.testing.assert_array_equal(m, (1 - 0.9) * model.grads["w"])


# --- no BLAS in a step -------------------------------------------------------------------

@pytest.fixture
def blas_calls(monkeypatch):
    """The names of the BLAS-backed numpy functions called while the test runs: a BLAS
    call of a few thousand numbers splits over OpenBLAS's threads, and a thread that
    waits for a busy core stalls every step (one reader's 0.3 s training took 25 s)."""
    calls = []
    for name in ("vdot", "dot", "matmul", "inner", "tensordot", "einsum"):
        real = getattr(np, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)
        monkeypatch.setattr(np, name, counted)
    return calls


@pytest.mark.parametrize("make", [lambda m: SGD(m, lr=0.1), lambda m: SGD(m, lr=0.1, momentum=0.9),
                                  lambda m: Adam(m, lr=0.1)], ids=["sgd", "momentum", "adam"])
def test_a_step_and_its_checks_call_no_blas(make, blas_calls):
    from nnbook._checks import check_finite

    layer, X, y, _, _ = linear_problem()
    optimizer = make(layer)
    train(layer, optimizer, X, y, steps=1)
    blas_calls.clear()  # the layer's products are BLAS's work; the step's checks are not
    for _ in range(3):
        optimizer.step()
    check_finite(X, "X")
    assert blas_calls == []
    layer.grads["W"][0, 0] = np.nan  # the refusal finds it without BLAS too
    with pytest.raises(ValueError, match="nothing was updated"):
        optimizer.step()
    assert blas_calls == []


def test_a_training_calls_no_blas_besides_the_layers_products(blas_calls):
    """fit's own work per step (the cost, the guesses, the optimiser and every check)
    calls none of the BLAS-backed functions: the layers' matrix products (``@``) are the
    only BLAS work of a training, and a reader's default threads cannot stall the rest."""
    import nnbook

    rng = np.random.default_rng(0)
    X, labels = rng.random((40, 6)), rng.integers(0, 3, 40)
    for make_loss, y in [(nnbook.CrossEntropy, labels), (MSE, nnbook.one_hot(labels, 3))]:
        for make in (lambda m: SGD(m, lr=0.1), lambda m: Adam(m, lr=0.01)):
            model = nnbook.mlp([6, 5, 3], nnbook.Sigmoid, rng=np.random.default_rng(1))
            nnbook.fit(model, X, y, loss=make_loss(), optimizer=make(model), epochs=2,
                       batch_size=10, rng=np.random.default_rng(2), validation=(X, y))
    assert blas_calls == []


@pytest.mark.parametrize("make, name, bad", [
    (lambda m: SGD(m, lr=0.1), "lr", -0.1), (lambda m: SGD(m, lr=0.1), "lr", 0),
    (lambda m: SGD(m, lr=0.1), "lr", np.nan), (lambda m: SGD(m, lr=0.1), "lr", "0.1"),
    (lambda m: SGD(m, lr=0.1), "lr", np.array([0.1, 0.2])),
    (lambda m: SGD(m, lr=0.1, momentum=0.9), "momentum", 1.5),
    (lambda m: Adam(m), "beta1", 1.0), (lambda m: Adam(m), "beta2", -1.0),
    (lambda m: Adam(m), "eps", 0.0), (lambda m: Adam(m), "lr", None)])
def test_a_setting_changed_between_steps_is_checked_as_when_made(make, name, bad):
    # A schedule sets optimizer.lr between steps (the SGD and Adam chapter does): a
    # negative rate climbed, 0 stood still and a text failed in the step's arithmetic.
    layer = Dense(3, 2, rng=0)
    optimizer = make(layer)
    kept = getattr(optimizer, name)
    error = TypeError if isinstance(bad, (str, np.ndarray, type(None))) else ValueError
    with pytest.raises(error, match=f"^{name} must be"):
        setattr(optimizer, name, bad)
    assert getattr(optimizer, name) == kept
    setattr(optimizer, name, kept / 2)  # a right value is taken, as a float
    assert getattr(optimizer, name) == kept / 2 and type(getattr(optimizer, name)) is float
