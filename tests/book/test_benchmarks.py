"""The benchmark behind the performance appendix: its pieces work without PyTorch, and the
committed report holds what the page reads (the page's printed tables are compared with
the report by the code-block tests)."""

import json
import os
import sys

import numpy as np
import pytest

import nnbook

from ..paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import conv_bench  # noqa: E402
import convnet_bench  # noqa: E402
import dense_bench  # noqa: E402
import run  # noqa: E402
import settings  # noqa: E402
import timing  # noqa: E402


@pytest.mark.parametrize("sizes", [[12, 5, 3], [12, 7, 5, 3]])
def test_the_trainings_agree_without_torch(sizes):
    case = {"sizes": sizes, "eta": 3.0, "batch_size": 4, "seed": 0}
    X, Y = dense_bench.make_data(80, 12, 3, seed=1)
    check = dense_bench.check_same_training(case, None, X, Y, n_batches=5)
    assert check["same_training"], check
    assert check["max_abs_weight_difference_bare_numpy_vs_nnbook"] < 1e-12
    assert check["max_abs_weight_difference_same_work_vs_nnbook"] == 0.0
    assert "max_abs_weight_difference_torch_vs_nnbook" not in check


def test_nnbooks_work_in_bare_numpy_is_the_same_arithmetic():
    # The same weights, cost and accuracy as fit, to the last bit: what it saves is the
    # library around the arithmetic, not any of the arithmetic.
    X, Y = dense_bench.make_data(83, 12, 3, seed=2)
    model = dense_bench.nnbook_model([12, 6, 3], 0)
    same = dense_bench.SameWorkRun(model, lr=4.5, batch_size=10)
    history = nnbook.fit(model, X, Y, loss=nnbook.MSE(), optimizer=nnbook.SGD(model, lr=4.5),
                         epochs=1, batch_size=10, rng=np.random.default_rng(5))
    assert same.train(X, Y, np.random.default_rng(5)) == (history.loss[0], history.accuracy[0])
    for (W, b), dense in zip(same.weights(), dense_bench.dense_layers(model)):
        np.testing.assert_array_equal(W, dense.W)
        np.testing.assert_array_equal(b, dense.b)


def test_the_bare_numpy_loop_trains():
    case = {"sizes": [12, 5, 3], "eta": 3.0, "batch_size": 4, "seed": 0}
    X, Y = dense_bench.make_data(80, 12, 3, seed=1)
    model = dense_bench.nnbook_model(case["sizes"], 0)
    bare = dense_bench.BareNumpyRun(model, lr=4.5, batch_size=4)
    before = [W.copy() for W, _ in bare.weights()]
    bare.train(X, Y, np.random.default_rng(0))
    assert all(np.abs(W - W0).max() > 1e-6 for (W, _), W0 in zip(bare.weights(), before))


def test_conv_case_without_torch_only_times_nnbook():
    shape = {"x": (2, 1, 6, 6), "filters": (2, 3, 3), "padding": 1}
    runs, check = conv_bench.setup(shape, None)
    assert list(runs) == ["nnbook"] and check == {"checked": False,
                                                  "reason": "PyTorch is not installed"}
    z, dx, dW, db = runs["nnbook"]()
    assert z.shape == (2, 2, 6, 6) and dx.shape == (2, 1, 6, 6) and dW.shape == (2, 1, 3, 3)


def test_convnet_case_without_torch_trains_the_chapters_network():
    rng = np.random.default_rng(0)
    X, y = rng.random((64, 1, 28, 28)), rng.integers(0, 10, 64)
    case = {"seed": 0, "lr": 0.003, "batch_size": 32}
    runs, check = convnet_bench.setup(case, None, X, y)
    assert list(runs) == ["nnbook"] and check == {"mini_batches": 20, "same_training": True}
    model = convnet_bench.nnbook_model(0)
    assert model.num_parameters() == 3_898  # the chapter's network
    run_ = convnet_bench.NnbookRun(case)
    before = [W.copy() for W, _ in run_.weights()]
    run_.train(X, y, np.random.default_rng(1))
    assert all(np.abs(W - W0).max() > 1e-6 for (W, _), W0 in zip(run_.weights(), before))


def test_convnet_case_trains_like_torch():
    torch = pytest.importorskip(
        "torch", reason="PyTorch is not installed: the comparison runs where it is")
    rng = np.random.default_rng(0)
    X, y = rng.random((160, 1, 28, 28)), rng.integers(0, 10, 160)
    check = convnet_bench.check_same_training({"seed": 0, "lr": 0.003, "batch_size": 16},
                                              torch, X, y, n_batches=10)
    assert check["same_training"] and check["max_abs_weight_difference_torch_vs_nnbook"] < 1e-12


def test_a_case_measured_on_its_own_replaces_only_itself():
    old = {"created": "then", "cases": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}],
           "notes": ["A: missed", "B: missed", "general"]}
    new = {"created": "now", "cases": [{"id": "b", "title": "B", "new": True},
                                       {"id": "c", "title": "C"}],
           "notes": ["C: missed"]}
    merged = run.merge(old, new, ["a", "b", "c"])
    assert merged["created"] == "then"
    assert merged["cases"] == [{"id": "a", "title": "A"}, {"id": "b", "title": "B", "new": True},
                               {"id": "c", "title": "C"}]
    assert merged["notes"] == ["A: missed", "general", "C: missed"]


def test_ratios_are_taken_repeat_by_repeat():
    times = {"nnbook": [1.0, 2.0, 4.0], "torch": [3.0, 4.0, 4.0]}
    speedup = timing.ratios(times, "torch", "nnbook")
    assert speedup["values"] == [3.0, 2.0, 1.0]
    assert (speedup["median"], speedup["min"], speedup["max"]) == (2.0, 1.0, 3.0)
    calls = []
    measured = timing.interleaved({"a": lambda: calls.append("a"),
                                   "b": lambda: calls.append("b")}, repeats=2, warmup=1)
    assert calls == ["a", "b"] * 3 and [len(v) for v in measured.values()] == [2, 2]


def test_committed_report_has_what_the_page_reads():
    report = json.loads((ROOT / "benchmarks" / "report.json").read_text(encoding="utf-8"))
    for key in ("created", "machine", "load_average", "libraries", "threads", "blas",
                "method", "cases", "notes"):
        assert key in report
    assert {"cpu", "logical_cores", "memory_gib", "os"} <= report["machine"].keys()
    assert report["cases"], "no case measured"
    for case in report["cases"]:
        nnbook = case["results"]["nnbook"]
        assert nnbook["min"] <= nnbook["median"] <= nnbook["max"]
        for target in case["targets"]:
            assert target["met"] in (True, False, None)


def test_every_case_is_timed_with_threads_limited_and_at_their_default():
    """As readers run nnbook (the libraries' default threads) and as the book's runs do (one
    thread), paired repeat by repeat; the first network again from Nielsen's N(0, 1) start
    and on a machine busy on every core but one."""
    report = json.loads((ROOT / "benchmarks" / "report.json").read_text(encoding="utf-8"))
    assert report["threads"]["limited"] == 1 and report["threads"]["default_blas"] >= 1
    for case in report["cases"]:
        default = case["default_threads"]
        assert default["results"].keys() == case["results"].keys()
        assert default["speedups"].keys() == case["speedups"].keys()
        ratio = case["default_over_limited"]["nnbook"]
        assert ratio["min"] <= ratio["median"] <= ratio["max"]
    readers = {case["id"]: case for case in report["cases"] if case["kind"] == "reader"}
    assert readers["mlp-784-30-10-normal-start"]["start"] == "normal"
    assert readers["mlp-784-30-10-under-load"]["busy_cores"] == (
        report["machine"]["usable_cores"] - 1)


def test_threads_are_limited_inside_and_at_their_default_after():
    import threadpoolctl

    def blas():
        return [pool["num_threads"] for pool in threadpoolctl.threadpool_info()
                if pool["user_api"] == "blas"]

    before = blas()
    with settings.threads(1):
        assert set(blas()) == {1}
    assert blas() == before


def test_a_busy_machine_has_its_spinners_only_inside():
    with settings.busy_cores(2) as spinners:
        assert len(spinners) == 2 and all(s.poll() is None for s in spinners)  # running
    assert all(s.poll() is not None for s in spinners)  # and gone after
    with settings.busy_cores(0) as spinners:
        assert spinners == []


def test_nielsens_start_trains_alike_everywhere():
    case = {"sizes": [12, 5, 3], "eta": 3.0, "batch_size": 4, "seed": 0, "start": "normal"}
    X, Y = dense_bench.make_data(80, 12, 3, seed=1)
    check = dense_bench.check_same_training(case, None, X, Y, n_batches=5)
    assert check["same_training"], check
    model = dense_bench.NnbookRun([784, 30, 10], 3.0, 10, 0, "normal").model
    W = dense_bench.dense_layers(model)[0].W
    assert abs(W.std() - 1) < 0.02 and abs(W.mean()) < 0.02  # N(0, 1), not U(+-1/28)


@pytest.mark.parametrize("kind", ["dense", "conv", "convnet"])
def test_every_case_kind_is_in_the_report(kind):
    report = json.loads((ROOT / "benchmarks" / "report.json").read_text(encoding="utf-8"))
    assert any(case["kind"] == kind for case in report["cases"])
    assert np.isfinite([c["results"]["nnbook"]["median"] for c in report["cases"]]).all()


def test_sync_page_rewrites_each_expected_output_with_the_build_runner(tmp_path):
    import sync_page

    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1 + 1\n```\n\n<!--pytest-codeblocks:cont-->\n```python\nprint(x)\n```\n"
        "\n<!--pytest-codeblocks:expected-output-->\n```text\n3\n```\n\n"
        '??? note "Indented"\n    ```python\n    print("a")\n    print("b")\n    ```\n\n'
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    old\n    ```\n")
    assert sync_page.sync(page) == 2
    text = page.read_text()
    assert "```text\n2\n```" in text
    assert "    ```text\n    a\n    b\n    ```" in text


def test_sync_page_blocks_read_the_new_report_in_the_data_folder(tmp_path, monkeypatch):
    # As the performance page's blocks read it: report.json where NNBOOK_DATA says, which
    # sync brings up to date first (make bench has just written a new report).
    import sync_page
    from bookbuild.run import data_folder

    data = tmp_path / "data"
    data.mkdir()
    (data / "report.json").write_text('{"created": "stale"}')
    monkeypatch.setattr(data_folder, "OUT", data / "mnist.npz")
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "elsewhere"))  # the reader's own
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nimport json, os\nfrom pathlib import Path\n\n"
        "folder = Path(os.environ.get('NNBOOK_DATA', '.'))\n"
        "print(json.loads((folder / 'report.json').read_text())['created'])\n```\n\n"
        "<!--pytest-codeblocks:expected-output-->\n```text\nold\n```\n")
    assert sync_page.sync(page) == 1
    report = json.loads((ROOT / "benchmarks" / "report.json").read_text(encoding="utf-8"))
    assert f"```text\n{report['created']}\n```" in page.read_text()
    assert os.environ["NNBOOK_DATA"] == str(tmp_path / "elsewhere")  # left as it was
