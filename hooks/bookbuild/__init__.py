"""The book's build: each page parsed once into a model, its blocks run, its numbers checked.

Installed with ``bookfiles`` by ``make setup`` (``hooks/pyproject.toml``), apart from
nnbook. The core does not import MkDocs: ``config`` (the build's settings, read once),
``pipeline`` (a build and all its state: :class:`pipeline.Book`), ``page_blocks`` (a
page cut once into typed blocks), ``directives`` (its comments' grammar, one table),
``page_model`` (a page's chains of blocks, with their figures, outputs and prose),
``block_runner`` (running a page's chains of blocks) with ``cache`` (their results kept
under a key of every file of nnbook and of the build),
``prose_numbers`` (the numbers the prose quotes), ``notebooks`` (a page as a notebook),
``site_files`` (MathJax and MNIST), ``figure_html`` (a figure's markup), ``report`` (what
stops a build, what it logs) and ``errors``. ``labs`` and ``lab_run`` (mkdocs-jupyter's
notebooks, with ``lab_figures``, loaded in their kernels) and ``serve_cache`` (faster
``mkdocs serve`` rebuilds) are glue for MkDocs and its theme, which ``hooks/book.py``, the
MkDocs hook, calls.
"""

import os

# The chains run in one process per core, and the labs' kernels beside them: each with
# one BLAS thread, else every process would start a thread per core and the threads would
# take turns on the cores (a cold build took a third longer). The printed numbers do not
# depend on the number of threads (the second environment of the tests uses them all).
# Set before any process starts; one that sets its own number keeps it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
