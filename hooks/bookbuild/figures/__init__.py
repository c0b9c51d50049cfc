"""The figures: a matplotlib figure drawn once for the site, and measured in that draw.

``draw.draw(fig)`` is the one seam: it returns a ``Drawing`` (the light and dark SVGs, the
figure's texts, the texts a reader cannot read, the greys only the light palette shows).
``svg`` writes the deterministic SVG, ``colours`` finds what lies under each text,
``dark`` turns the greys over for the dark palette, ``text`` and ``greys`` measure,
``plan`` decides how a wide figure is laid out for a phone's column and ``narrow``
measures it and applies that plan, ``markup`` writes the ``<figure>`` a page shows.
nnbook keeps the style (``nnbook.plotting``); the SVG is the build's.
"""
