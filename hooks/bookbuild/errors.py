"""What stops the build with a message for the author.

Each says where (the page and line, or the missing folder) and what to do. The driver of
the build shows the message and stops: the MkDocs hook raises MkDocs' ``PluginError``
with it. Beside this one, ``page_model.BlockSyntaxError`` (a page's markup) and
``block_runner.BlockError`` (a block that raised) stop the build the same way.
"""


class BuildError(Exception):
    """The book cannot be built as it is: the message says why and what to do."""
