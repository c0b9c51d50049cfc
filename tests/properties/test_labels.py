"""Labels and the data that goes with them, tried as a careful user would: class indices,
one-hot rows, a single output, regression targets, validation pairs and batch sizes; a
clear error or a correct result, never a wrong result (a single column read as a perfect
accuracy, a column of labels read as one-hot rows). The state after a refusal is
``test_state.py``'s."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nnbook
from nnbook.datasets import train_test_split


def _classifier(rng):
    return nnbook.Sequential(nnbook.Dense(2, 3, rng=rng), nnbook.ReLU(), nnbook.Dense(3, 2, rng=rng))


def _data(n=8):
    X = np.random.default_rng(0).standard_normal((n, 2))
    return X, (X[:, 0] > 0).astype(int)


def test_accuracy_refuses_a_single_output():
    # The largest of one column is always at index 0: every prediction would count as
    # class 0, a wrong result that looks like a perfect one for labels of 0.
    with pytest.raises(ValueError, match="K >= 2 classes, got shape \\(3, 1\\)"):
        nnbook.accuracy(np.array([[0.9], [0.1], [0.7]]), np.array([0, 0, 0]))


def test_a_single_output_model_has_no_accuracy_in_fit_and_evaluate():
    X, y = _data()
    model = nnbook.Dense(2, 1, rng=0)
    history = nnbook.fit(model, X, y[:, None].astype(float), loss=nnbook.MSE(),
                         optimizer=nnbook.SGD(model, lr=0.1), epochs=2, batch_size=4,
                         rng=np.random.default_rng(0),
                         validation=(X, y[:, None].astype(float)))
    assert np.isnan(history.accuracy).all() and np.isnan(history.val_accuracy).all()
    cost, accuracy = nnbook.evaluate(model, nnbook.MSE(), X, y[:, None].astype(float))
    assert cost > 0 and np.isnan(accuracy)


@pytest.mark.parametrize("batch_size, error", [(0, ValueError), (-1, ValueError),
                                               (2.5, TypeError), ("4", TypeError)])
def test_evaluate_checks_its_batch_size(batch_size, error):
    X, y = _data()
    with pytest.raises(error, match="batch_size must be a positive integer"):
        nnbook.evaluate(_classifier(0), nnbook.CrossEntropy(), X, y, batch_size=batch_size)


def test_evaluate_matches_accuracy_on_any_batch_size():
    X, y = _data(11)
    model = _classifier(0)
    expected = nnbook.accuracy(model(X), y)
    for batch_size in [1, 3, 11, 100]:
        assert nnbook.evaluate(model, nnbook.CrossEntropy(), X, y, batch_size)[1] == expected


def test_lists_are_accepted_where_arrays_are():
    X, y = _data()
    a = train_test_split(X, y, rng=np.random.default_rng(0))
    b = train_test_split(X.tolist(), y.tolist(), rng=np.random.default_rng(0))
    for left, right in zip(a, b):
        np.testing.assert_array_equal(left, right)
    runs = []
    for X_given, y_given in [(X, y), (X.tolist(), y.tolist())]:
        model = _classifier(0)
        runs.append(nnbook.fit(model, X_given, y_given, loss=nnbook.CrossEntropy(),
                               optimizer=nnbook.SGD(model, lr=0.1), epochs=2, batch_size=4,
                               rng=np.random.default_rng(0), validation=(X_given, y_given)))
    assert runs[0] == runs[1]


@pytest.mark.parametrize("validation, error, message", [
    (3, TypeError, "validation must be a pair \\(X_val, y_val\\), got int"),
    ((np.zeros((2, 2)),), TypeError, "got tuple"),
    ((np.zeros((2, 2)), np.zeros(3)), ValueError, "X_val and y_val must have one row"),
])
def test_fit_checks_its_validation_pair(validation, error, message):
    X, y = _data()
    model = _classifier(0)
    with pytest.raises(error, match=message):
        nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1),
                   epochs=1, batch_size=4, rng=np.random.default_rng(0), validation=validation)


def test_check_layer_takes_a_seed_like_the_layers():
    layer = nnbook.Dense(3, 2, rng=0)
    x = np.random.default_rng(1).standard_normal((4, 3))
    assert nnbook.check_layer(layer, x, rng=0) == nnbook.check_layer(
        layer, x, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, an int"):
        nnbook.check_layer(layer, x, rng="zero")


def test_one_check_of_rows_and_labels_everywhere():
    X, y = _data()
    with pytest.raises(ValueError, match=r"X and y must have one row per example .*\(8, 2\) and \(7,\)"):
        train_test_split(X, y[:7], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"y does not fit the model's output of shape \(2,\) per example under MSE\(\).*target shape \(8, 2, 1\)"):
        nnbook.evaluate(_classifier(0), nnbook.MSE(), X, np.zeros((8, 2, 1)))


# The examples of issue "bad input, by class", kept as regression tests; the classes they
# belong to are tested in tests/properties.

def test_an_all_nan_model_has_no_accuracy():
    # argmax of a row of NaN is 0: an all-NaN model scored 1.0 on labels 0.
    with pytest.raises(ValueError, match=r"pred must hold numbers, got nan at index \(0, 0\)"):
        nnbook.accuracy(np.full((4, 3), np.nan), np.zeros(4, dtype=int))


def test_a_column_of_labels_is_not_read_as_one_hot_rows():
    with pytest.raises(ValueError, match=r"got a column \(3, 1\): for labels, pass y.ravel\(\)"):
        nnbook.accuracy(np.eye(3), np.array([[0], [1], [2]]))


@pytest.mark.parametrize("labels, error", [([0, 1, 3], ValueError), ([0, -1, 2], ValueError),
                                           ([0.0, 1.0, 2.0], TypeError),
                                           (["0", "1", "2"], TypeError)])
def test_accuracy_takes_class_indices_only(labels, error):
    with pytest.raises(error, match="y must"):
        nnbook.accuracy(np.eye(3), np.array(labels))


def _nan_pixel(X, y):
    X[5, 1] = np.nan


def _late_bad_label(X, y):
    y[-1] = 2  # two classes: label 2 is out of range, in the last batch


@pytest.mark.parametrize("spoil, message", [
    (_nan_pixel, r"X must hold finite numbers, got nan at index \(5, 1\)"),
    (_late_bad_label, r"y does not fit .*\[0, 2\), got values from 0 to 2"),
])
def test_fit_refuses_bad_data_before_the_first_step(spoil, message):
    # One NaN pixel used to train to NaN weights; a bad label was found when its batch
    # came, after the earlier batches had been stepped.
    X, y = _data(40)
    spoil(X, y)
    model = _classifier(0)
    W = model[0].W.copy()
    with pytest.raises(ValueError, match=message):
        nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1),
                   epochs=1, batch_size=4, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(model[0].W, W)


@pytest.mark.parametrize("row", [[0.0, 0.0, 0.0], [0.5, 0.5, 0.0], [2.0, 0.0, 0.0],
                                 [1.5, -0.5, 0.0]])
def test_accuracy_refuses_rows_that_name_no_class(row):
    # An all-zero row was counted as class 0 (its largest entry comes first).
    y = np.array([[0.0, 1.0, 0.0], row])
    with pytest.raises(ValueError, match=r"y's rows must be one-hot or probabilities.*got row 1"):
        nnbook.accuracy(np.eye(3)[:2], y)
    assert nnbook.accuracy(np.eye(3)[:2], np.array([[1.0, 0, 0], [0.2, 0.7, 0.1]])) == 1.0


def test_regression_targets_give_no_accuracy_in_fit_and_evaluate():
    # Two outputs fitted to numbers that name no class: their accuracy means nothing.
    rng = np.random.default_rng(3)
    X, Y = rng.standard_normal((20, 4)), rng.standard_normal((20, 2))
    model = nnbook.Sequential(nnbook.Dense(4, 2, rng=rng))
    history = nnbook.fit(model, X, Y, loss=nnbook.MSE(), optimizer=nnbook.SGD(model, lr=0.1),
                         epochs=2, batch_size=5, rng=rng, validation=(X, Y))
    assert np.isnan(history.accuracy).all() and np.isnan(history.val_accuracy).all()
    assert np.isnan(nnbook.evaluate(model, nnbook.MSE(), X, Y)[1])


@given(st.data())
def test_rows_of_targets_name_their_class_or_are_refused(data):
    """One-hot rows count as their labels; spoil one row (zeros, a tie, a negative entry,
    another sum) and accuracy refuses it, naming the row."""
    from hypothesis.extra import numpy as hnp

    n, k = data.draw(st.integers(1, 8)), data.draw(st.integers(2, 5))
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    pred = data.draw(hnp.arrays(float, (n, k), elements=st.floats(-5, 5)))
    rows = nnbook.one_hot(labels, k)
    assert nnbook.accuracy(pred, rows) == nnbook.accuracy(pred, labels)
    bad = data.draw(st.integers(0, n - 1))
    spoilt = data.draw(st.sampled_from(["zeros", "tie", "negative", "sum"]))
    row = {"zeros": np.zeros(k), "tie": np.r_[0.5, 0.5, np.zeros(k - 2)],
           "negative": np.r_[1.5, -0.5, np.zeros(k - 2)], "sum": 2 * rows[bad]}[spoilt]
    rows[bad] = data.draw(st.permutations(list(row))) if spoilt != "sum" else row
    with pytest.raises(ValueError, match=rf"y's rows must be .*got row {bad}:"):
        nnbook.accuracy(pred, rows)


def test_validation_examples_that_do_not_fit_are_named_as_such():
    # The first layer's message named X and the one-row probe's shape (1, 5).
    rng = np.random.default_rng(0)
    model = nnbook.Sequential(nnbook.Dense(3, 2, rng=rng))
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6)
    with pytest.raises(ValueError, match=r"^X_val of shape \(6, 5\) does not fit the model's "
                                         r"input .*must have shape \(N, 3\)"):
        nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1),
                   epochs=1, batch_size=2, rng=rng, validation=(np.ones((6, 5)), y))
    with pytest.raises(ValueError, match=r"^X of shape \(6, 4\) does not fit"):
        nnbook.evaluate(model, nnbook.CrossEntropy(), np.ones((6, 4)), y)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "logsumexp"])
def test_a_slice_of_no_entries_is_refused_and_no_slices_give_nothing(name):
    # numpy's "zero-size array to reduction operation maximum" came out of the max.
    from nnbook import functional as F

    f = getattr(F, name)
    with pytest.raises(ValueError, match=rf"z has no entries along axis -1 \(shape \(2, 0\)\): "
                                         rf"{name} needs at least one"):
        f(np.zeros((2, 0)))
    with pytest.raises(ValueError, match=r"no entries along axis None"):
        f(np.zeros((0, 3)), axis=None)
    assert f(np.zeros((0, 3))).shape[0] == 0  # no rows: no answers, and no error
