"""The book's build: each page parsed once into a model, its blocks run, its numbers checked.

Installed with ``bookfiles`` by ``make setup`` (``hooks/pyproject.toml``), apart from
nnbook. Its folders are its rooms; the arrows point into the core, never out of it (a
test reads every import: ``tests/bookbuild/test_rooms.py``):

``page/``
    A page's Markdown cut once into typed blocks (``blocks``), its comments read by one
    table (``directives``), gathered into chains of python fences (``model``), written
    back as a notebook (``notebook``). Imports no other room.
``figures/``
    A matplotlib figure drawn once and measured in that draw (``draw``, the one seam):
    its deterministic SVG (``svg``), its dark version (``dark``), what lies under its
    texts (``colours``), the texts a reader cannot read (``text``), the greys only the
    light palette shows (``greys``), its ``<figure>`` markup (``markup``).
``run/``
    The one place the book's code runs: the chains, their figures kept as computed
    (``runner``), on processes the longest first (``queue``), their results in the
    committed store (``store``) under a key of what can change them (``key``), the
    drawings and the labs' key in local caches (``cache``); the floating-point
    environments (``environments``) and the pages and labs run there (``rounding``);
    the values they export (``exports``), the data they read (``data_folder``). Uses
    ``figures/`` to draw.
``checks/``
    What stops a build because a reader could not trust it (``report``), the numbers
    the prose quotes (``prose_numbers``). Reads pages, results and figures.
``maths/``
    The pages' formulas typeset at build time by MathJax 4 in Node (``engine``: one
    process for the build, its answers cached), put into each built page as SVG with
    their MathML (``markup``). Imports no other room.
``pipeline``, ``site_files``, ``__main__``
    The conductor: :class:`pipeline.Book`, one build and all its state, calls the rooms
    in the order of the data; the files the site serves besides its pages; the command
    ``python -m bookbuild data`` (the data folder) and ``run`` (the book's code in
    floating-point environments).
``config``, ``errors``
    The build's settings, read once, and the one error that stops it with a message.
``mkdocs_glue/``
    The only room that imports MkDocs, Material, pymdownx or mkdocs-jupyter: the labs
    (``lab_run``, ``labs``, ``lab_figures`` loaded in their kernels), the serve cache,
    the search text, the lightbox's markup; and the plugin (``plugin``), MkDocs' events
    turned into calls of the Book and of the glue.

Its public face is this package's ``__all__``: what is used of the build from outside it
(MkDocs loads the plugin by its entry point, ``hooks/pyproject.toml``; the book files use
the one wording of a widget's stand-in), and the command ``python -m bookbuild`` that
the Makefile runs. The rest is the build's own, read by the tests room by room.
"""

import os

# The chains run in one process per core, and the labs' kernels beside them: each with
# one BLAS thread, else every process would start a thread per core and the threads would
# take turns on the cores (a cold build took a third longer). The printed numbers do not
# depend on the number of threads (the second environment of the tests uses them all).
# Set before any process starts; one that sets its own number keeps it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__all__ = ["BookPlugin", "stand_in_elsewhere"]


def __getattr__(name):  # on first use: a chain's process imports bookbuild, not MkDocs
    if name == "BookPlugin":
        from .mkdocs_glue.plugin import BookPlugin
        return BookPlugin
    if name == "stand_in_elsewhere":
        from .page.stand_ins import stand_in_elsewhere
        return stand_in_elsewhere
    raise AttributeError(f"module 'bookbuild' has no attribute {name!r}")
