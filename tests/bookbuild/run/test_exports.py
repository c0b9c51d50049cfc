"""``<!-- export NAME -->``: a page's values published as JSON for its widgets."""

import json

import numpy as np
import pytest

import nnbook
from bookbuild.page import model
from bookbuild.run import exports

from ..helpers import mkdocs_build, write_mini_book

PAGE = """# Page

```python
import numpy as np
import nnbook
net = nnbook.Sequential(nnbook.Dense(3, 2, rng=0), nnbook.Sigmoid())
samples = {"images": np.arange(6, dtype=np.uint8).reshape(2, 3), "labels": [4, 7]}
```
<!-- export net samples -->
"""


def test_the_comment_names_variables_of_the_fence_before_it():
    fence, = model.parse_page(PAGE).fences
    assert fence.exports == ("net", "samples")


@pytest.mark.parametrize("markdown, match", [
    ("# P\n\n<!-- export net -->\n", "right after the"),
    ("```python\nx = 1\n```\n<!-- export 1x -->\n", "names Python variables"),
    ("```python\nx = 1\n```\n<!-- export -->\n", "names Python variables"),
])
def test_misplaced_or_malformed_comments_are_errors(markdown, match):
    with pytest.raises(model.BlockSyntaxError, match=match):
        model.parse_page(markdown, "p.md")


def test_a_network_round_trips_exactly():
    net = nnbook.Sequential(nnbook.Dense(4, 3, rng=1), nnbook.ReLU(), nnbook.Dense(3, 2, rng=2))
    data = json.loads(exports.to_json(net))
    assert [layer["type"] for layer in data["layers"]] == ["Dense", "ReLU", "Dense"]
    assert data["layers"][1]["params"] == {}
    for layer, exported in zip(net.layers, data["layers"]):
        for name, value in layer.params.items():
            np.testing.assert_array_equal(np.array(exported["params"][name]), value)


@pytest.mark.parametrize("value, error", [
    (object(), TypeError), (np.array(["a"]), TypeError), (np.array([np.nan]), ValueError)])
def test_values_json_cannot_hold_are_errors(value, error):
    with pytest.raises(error, match="cannot export v"):
        exports.to_json(value, "v")


def test_the_build_publishes_them_next_to_the_page(tmp_path):
    write_mini_book(tmp_path, {"index.md": "# Home\n", "page.md": PAGE})
    done = mkdocs_build(tmp_path)
    assert done.returncode == 0, done.stderr
    net = json.loads((tmp_path / "site" / "page" / "net.json").read_text())
    assert net["type"] == "Sequential" and net["layers"][0]["type"] == "Dense"
    assert len(net["layers"][0]["params"]["W"]) == 2
    samples = json.loads((tmp_path / "site" / "page" / "samples.json").read_text())
    assert samples == {"images": [[0, 1, 2], [3, 4, 5]], "labels": [4, 7]}


def test_an_undefined_name_stops_the_build(tmp_path):
    write_mini_book(tmp_path, {"index.md": "# Home\n",
                               "page.md": "# P\n\n```python\nx = 1\n```\n<!-- export y -->\n"})
    done = mkdocs_build(tmp_path)
    assert done.returncode != 0 and "names y, which is not defined" in done.stderr
