"""The maths room: the book's formulas typeset at build time, so that a page arrives with
its maths drawn and no maths engine to download.

``engine.py`` keeps one MathJax 4 process (Node, ``typeset.mjs``) for the whole build and
a cache of its answers; ``markup.py`` replaces a built page's ``arithmatex`` formulas with
MathJax's SVG, and gives a display formula too wide for a phone a second version broken
into lines. It imports no other room: the pipeline hands it pages.
"""
