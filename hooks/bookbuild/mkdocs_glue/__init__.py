"""The MkDocs glue: the only part of the build that knows MkDocs and its plugins.

``plugin`` is the book's MkDocs plugin: MkDocs' events turned into calls of
``pipeline.Book`` and of the modules here. ``lab_run`` gives each lab's cells their
outputs from the runner's results and has mkdocs-jupyter render it, ``labs`` fits the
HTML it makes to the site, ``lab_figures`` writes a lab's figures as the chapters' are;
``serve_cache`` remembers pymdownx's highlighting and Material's search entries across
``mkdocs serve``'s rebuilds; ``search_text`` gives the search index the text a reader
sees; ``lightbox`` gives back the page mkdocs-glightbox made a whole document. Nothing
of the core imports them.
"""
