"""The page: a chapter's Markdown as the build reads and writes it.

``blocks`` cuts a page once into typed blocks of whole lines (lossless: joined, they give
the page back); ``directives`` reads its comments by one table; ``model`` gathers the
python fences into chains, each fence with what belongs to it, and writes the page back
(``Page.rewrite``); ``notebook`` makes the page a Jupyter notebook; ``stand_ins`` holds
the one wording of a widget's stand-in. Nothing here runs code or imports another room.
"""
