"""The whole book as a PDF and an EPUB, made from the built site (``python -m bookfiles``).

They are made after ``mkdocs build`` from the site's pages, not from ``docs/``: every
figure, output and formula is the web's. ``contents`` joins the pages into one document,
``pdf`` prints it in Chromium, ``epub`` converts it with pandoc.
"""
