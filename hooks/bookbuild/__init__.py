"""The book's build: each page parsed once into a model, its blocks run, its numbers checked.

Installed with ``bookfiles`` by ``make setup`` (``hooks/pyproject.toml``), apart from
nnbook. Its folders are its rooms; the arrows point into the core, never out of it (a
test reads every import: ``tests/book/test_rooms.py``):

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
    ``python -m bookbuild run`` (the book's code in floating-point environments).
``config``, ``errors``
    The build's settings, read once, and the one error that stops it with a message.
``mkdocs_glue/``
    The only room that imports MkDocs, Material, pymdownx or mkdocs-jupyter: the labs
    (``lab_run``, ``labs``, ``lab_figures`` loaded in their kernels), the serve cache,
    the search text. ``hooks/book.py``, the MkDocs hook, drives it and the Book.
"""

import os

# The chains run in one process per core, and the labs' kernels beside them: each with
# one BLAS thread, else every process would start a thread per core and the threads would
# take turns on the cores (a cold build took a third longer). The printed numbers do not
# depend on the number of threads (the second environment of the tests uses them all).
# Set before any process starts; one that sets its own number keeps it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
