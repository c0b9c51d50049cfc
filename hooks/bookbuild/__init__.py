"""The book's build: each page parsed once into a model, its blocks run, its numbers checked.

The core does not import MkDocs: ``page_model`` (a page's blocks, figures, outputs and
prose), ``block_runner`` (running a page's chains of blocks, with the figure cache),
``prose_numbers`` (the numbers the prose quotes), ``notebooks`` (a page as a notebook) and
``pipeline`` (a build: :class:`pipeline.Book`). ``labs`` (mkdocs-jupyter's notebooks, with
``lab_figures``, loaded in their kernels) and ``serve_cache`` (faster ``mkdocs serve``
rebuilds) are glue for MkDocs and its theme, which ``hooks/book.py``, the MkDocs hook,
calls.
"""
