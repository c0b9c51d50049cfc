"""The run: a page's chains of blocks executed, their results kept.

``runner`` runs each chain in a fresh namespace, in processes, and draws each figure
through ``figures.draw``; ``cache`` keeps each chain's results under a key of its code
and of every file of nnbook and of the build; ``exports`` writes the values a page hands
to its widgets; ``data_folder`` makes the data the blocks read (all of MNIST, the
measurements).
"""
