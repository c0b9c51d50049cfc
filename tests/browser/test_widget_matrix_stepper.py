"""The matrix-stepper widget's maths and page, in headless Chromium (what every widget
shares: test_widgets.py).

The widget computes A B, A + B, c A and Aᵀ entry by entry (the product one term a_ik b_kj
at a time, with its running sum). Its model is checked against numpy at every step, for
every operation and many sizes; its page shows the matrices it computed with, and each
finished entry must be numpy's result of them, the current one the running sum.
"""

import itertools

import numpy as np
import pytest

from .widgets import widget_page

NAME = "matrix-stepper"
PAGE = widget_page(NAME)
WIDGET = f".nb-widget[data-widget='{NAME}']"
READY = f"{WIDGET} .nbw-mx-readout[data-step]"
PLAY = "button.nbw-mx-play"

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")



def numpy_result(op, A, B, c):
    A = np.array(A, dtype=float)
    return {"product": lambda: A @ np.array(B, dtype=float),
            "sum": lambda: A + np.array(B, dtype=float),
            "scale": lambda: c * A, "transpose": lambda: A.T}[op]()


@pytest.mark.parametrize("op", ["product", "sum", "scale", "transpose"])
def test_model_against_numpy_at_every_step(models, op):
    sizes = [(1, 1, 1), (2, 3, 2), (4, 1, 3), (3, 4, 4), (4, 4, 1)]
    for (m, n, p), seed, c in itertools.product(sizes, (1, 7), (-3, 2)):
        settings = {"op": op, "m": m, "n": n, "p": p, "c": c, "seed": seed}
        first = models(NAME, dict(settings, step=0))
        A, B, R = np.array(first["A"]), first["B"], numpy_result(op, first["A"], first["B"], c)
        assert A.shape == (m, n) and A.min() >= -3 and A.max() <= 5
        assert np.array_equal(A, np.round(A))
        if op == "product":
            assert np.array(B).shape == (n, p)
        elif op == "sum":
            assert np.array(B).shape == (m, n)
        else:
            assert B is None
        np.testing.assert_array_equal(first["R"], R)
        assert first["shape"] == list(R.shape)
        per_entry = n if op == "product" else 1
        assert first["total"] == R.size * per_entry
        assert first["at"] is None and not np.any(first["done"])
        views = models.page.evaluate(  # every step's view in one call
            "([s, n]) => Array.from({ length: n }, (_, k) =>"
            " nnbookWidgets.get('matrix-stepper').model(Object.assign({}, s, { step: k + 1 })))",
            [settings, first["total"]])
        for step, view in enumerate(views, start=1):
            entry, k = divmod(step - 1, per_entry)
            i, j = divmod(entry, R.shape[1])  # row by row, numpy's C order
            assert view["at"] == {"i": i, "j": j, "k": k}
            done = np.arange(R.size).reshape(R.shape) < (entry + 1 if k == per_entry - 1
                                                         else entry)
            np.testing.assert_array_equal(view["done"], done)
            if op == "product":
                assert view["partial"] == A[i, :k + 1] @ np.array(B)[:k + 1, j]
            else:
                assert view["partial"] == R[i, j]
            assert view["last"] == (step == first["total"])
        assert models(NAME, dict(settings, step=10**6))["step"] == first["total"]


def read_matrix(widget, k):
    """The k-th matrix the widget shows: its caption and its cells' texts."""
    table = widget.locator("table.nbw-mx-matrix").nth(k)
    rows = table.locator("tbody tr")
    cells = [[td.inner_text() for td in rows.nth(r).locator("td").all()]
             for r in range(rows.count())]
    return table.locator("caption").inner_text(), cells


def number(text):
    return float(text.replace("\u2212", "-"))


def check(widget):
    """The matrices the widget shows and its result: each finished entry numpy's result
    of the matrices shown, the current entry its running sum, the others '?'; the
    readout's step; Next disabled at the last step only."""
    op = widget.locator("select.nbw-mx-op").input_value()
    step = int(widget.locator(".nbw-mx-readout").get_attribute("data-step"))
    c = int(widget.locator("input.nbw-mx-c").input_value())
    tables = widget.locator("table.nbw-mx-matrix").count()
    assert tables == (3 if op in ("product", "sum") else 2)
    _, A = read_matrix(widget, 0)
    A = np.array([[number(v) for v in row] for row in A])
    B = None
    if tables == 3:
        _, B = read_matrix(widget, 1)
        B = np.array([[number(v) for v in row] for row in B])
    assert A.shape == (int(widget.locator("input.nbw-mx-m").input_value()),
                       int(widget.locator("input.nbw-mx-n").input_value()))
    R = numpy_result(op, A, B, c)
    _, shown = read_matrix(widget, tables - 1)
    per_entry = A.shape[1] if op == "product" else 1
    total = R.size * per_entry
    entry, k = divmod(step - 1, per_entry) if step else (-1, 0)
    finished = entry + 1 if step and k == per_entry - 1 else max(entry, 0)
    for flat, text in enumerate(t for row in shown for t in row):
        i, j = divmod(flat, R.shape[1])
        if flat < finished:
            assert number(text) == R[i, j], (i, j, text)
        elif flat == entry:
            partial = A[i, :k + 1] @ B[:k + 1, j] if op == "product" else R[i, j]
            assert number(text) == partial
        else:
            assert text == "?"
    readout = widget.locator(".nbw-mx-readout").inner_text()
    assert readout.startswith(f"Step {step} of {total}")
    assert widget.locator("button.nbw-mx-next").is_disabled() == (step == total)


def interact(widget):
    """A state worth a picture: a 3 × 4 by 4 × 2 product, in its second entry."""
    widget.locator("select.nbw-mx-op").select_option("product")
    widget.locator("input.nbw-mx-m").fill("3")
    widget.locator("input.nbw-mx-n").fill("4")
    widget.locator("input.nbw-mx-p").fill("2")
    for _ in range(6):
        widget.locator("button.nbw-mx-next").click()


def test_stepping_on_the_page(page):
    widget = page.locator(WIDGET)
    for op in ("product", "sum", "scale", "transpose"):
        widget.locator("select.nbw-mx-op").select_option(op)
        widget.locator("input.nbw-mx-m").fill("3")
        widget.locator("input.nbw-mx-n").fill("2")
        check(widget)
        for _ in range(4):
            widget.locator("button.nbw-mx-next").click()
            check(widget)
        widget.locator("button.nbw-mx-back").click()
        check(widget)
        widget.locator("button.nbw-mx-all").click()
        check(widget)
        assert widget.locator("button.nbw-mx-next").is_disabled()
        widget.locator("button.nbw-mx-new").click()
        check(widget)
        assert not widget.locator("button.nbw-mx-next").is_disabled()


def test_the_product_reads_row_by_column(page):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-mx-op").select_option("product")
    widget.locator("input.nbw-mx-m").fill("2")
    widget.locator("input.nbw-mx-n").fill("3")
    widget.locator("input.nbw-mx-p").fill("2")
    for _ in range(5):  # entry c12, its second product
        widget.locator("button.nbw-mx-next").click()
    assert widget.locator("table.nbw-mx-matrix").nth(0).locator("td.nbw-mx-row").count() == 3
    assert widget.locator("table.nbw-mx-matrix").nth(1).locator("td.nbw-mx-col").count() == 3
    assert widget.locator("td.nbw-mx-now").count() == 2
    text = widget.locator(".nbw-mx-readout").inner_text()
    assert text.startswith("Step 5 of 12: c₁₂ = row 1 of A · column 2 of B: ")
    assert "so far (2 of 3 products)" in text
    check(widget)
