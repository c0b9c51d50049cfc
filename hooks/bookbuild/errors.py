"""What stops the build with a message for the author, and only that.

A :class:`BuildError` says where (the page and line, the setting, the missing folder) and
what to do; the driver of the build shows the message and stops: the MkDocs hook raises
MkDocs' ``PluginError`` with it. Its kinds: ``page.blocks.BlockSyntaxError`` (a page's
markup, also a ``ValueError``), ``run.execute.BlockError`` (a block that raised, drew
without a directive, or the reverse), and the settings, data and labs that cannot be
used as they are. Any other exception is a bug of the build: it keeps its traceback.
"""


class BuildError(Exception):
    """The book cannot be built as it is: the message says why and what to do."""
