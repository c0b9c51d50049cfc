"""A lab (``docs/labs/*.ipynb``) as the runner sees it: its code cells, one chain.

A lab's cells run in one namespace, in order, as Jupyter runs them: a chain whose fences
are the cells (:class:`Cell`). Each cell keeps what it prints, as a notebook shows it
(with the value of its last line), and the figure it shows, if its metadata gives that
figure's alt text (``"alt"``), as a chapter's block and its figure directive. Its
``"prints"`` (``marks.py``) is what it prints where its numbers depend on the machine.
"""

import json
from dataclasses import dataclass, field

from .model import Chain


@dataclass(eq=False)
class Cell:
    """A lab's code cell, as a chain's fence."""

    number: int  # its place among the notebook's cells, from 1
    code: str  # IPython's magics (``%matplotlib inline``) left out: no notebook, no effect
    alt: str | None = None  # the alt text of the figure it shows
    prints: str | None = None
    exports: tuple = ()
    data: list = field(default_factory=list)
    shows_last_value = True  # a notebook shows the value of a cell's last line
    figure_text = 'its metadata gives no "alt" text for it'

    @property
    def lineno(self):
        return self.number

    @property
    def figure(self):
        return self.alt

    @property
    def where(self):
        return f"code cell {self.number}"


def lab_chain(notebook_text):
    """The code cells of the notebook ``notebook_text`` (its JSON) as one :class:`Chain`
    of :class:`Cell`."""
    cells = []
    for number, cell in enumerate(json.loads(notebook_text)["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        code = "".join(line for line in source.splitlines(keepends=True)
                       if not line.lstrip().startswith("%"))
        metadata = cell.get("metadata", {})
        cells.append(Cell(number, code, metadata.get("alt"), metadata.get("prints")))
    return Chain(cells)
