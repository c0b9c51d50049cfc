"""Run one chain of a page's blocks: the code whose every line can change a result.

Each chain of blocks (see ``page/model.py``) runs in a fresh namespace, fence by fence, in
the book's figure style with the Agg backend (``figures.draw.book_style``), its blocks
finding the book's data where the build says (``NNBOOK_DATA``, for that run only). After
each fence its printed output and exports are kept, and an open matplotlib figure is
pickled as computed (:func:`pickled`), then closed: that is the chain's result. A block
that raises stops the build, naming the page and the line.

This module and ``exports.py`` are the build's part of every result's key (``key.py``):
what schedules, stores or draws results lives elsewhere (``runner.py``), so that an edit
there runs nothing again.
"""

import ast
import contextlib
import io
import os
import sys
import traceback

from ..errors import BuildError
from ..figures.draw import book_style
from . import exports
from .store import FenceResult


class BlockError(BuildError):
    """A book block raised, drew a figure without a directive, or the reverse."""


@contextlib.contextmanager
def _data_folder(folder):
    """``NNBOOK_DATA`` pointing at ``folder`` for one run (if given), as before after it:
    the blocks find the book's data there (``nnbook.mnist_split``)."""
    if folder is None:
        yield
        return
    before = os.environ.get("NNBOOK_DATA")
    os.environ["NNBOOK_DATA"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["NNBOOK_DATA"]
        else:
            os.environ["NNBOOK_DATA"] = before


@contextlib.contextmanager
def fresh_run(data_folder):
    """Where a chain or a lab runs: the book's data in ``data_folder``, the book's figure
    style, and two libraries' shared state as at every chain's start, whatever ran before
    in the process:

    - matplotlib's unit rectangle: ``Axes.bar`` sets its interpolation steps to 100
      (``axvspan`` to 180), and a later square or diamond marker carries them into its
      figure's bytes. One bar, on a figure of its own, sets them the same at every start.
    - Keras, imported anew by the chain: once a process has made a layer, Keras keeps
      the float type of that moment (``clear_session`` does not reset it), and a later
      ``keras.config.set_floatx("float64")`` no longer reaches new layers, which then
      compute in float32."""
    from matplotlib.figure import Figure

    for name in [name for name in sys.modules if name.partition(".")[0] == "keras"]:
        del sys.modules[name]
    with _data_folder(data_folder), book_style() as plt:
        Figure().add_subplot().bar([0], [1])  # not pyplot's: no figure number taken
        yield plt


def run_chain(chain, page, src_path, data_folder=None, namespace=None, keep_figures=True):
    """Run one chain; return one :class:`FenceResult` per fence. Its blocks read the
    book's data in ``data_folder`` (``NNBOOK_DATA``, for this run only), in a fresh
    ``namespace`` or the one given (a page's chains in order, as its notebook runs
    them); ``keep_figures=False`` closes the figures without keeping them.

    Lines in tracebacks are the Markdown file's own line numbers.
    """
    results = []
    namespace = {"__name__": "__main__"} if namespace is None else namespace
    with fresh_run(data_folder) as plt:
        for fence in chain.fences:
            # Pad with newlines so that tracebacks give the line in the .md file.
            code = "\n" * fence.lineno + fence.code
            try:
                with contextlib.redirect_stdout(io.StringIO()) as printed:
                    _exec(code, src_path, namespace, fence.shows_last_value)
            except Exception as error:  # noqa: BLE001 - reported with the page and line
                tb = traceback.format_exception(type(error), error, error.__traceback__)
                relevant = [t for t in tb if src_path in t] or tb[-3:]
                raise BlockError(
                    f"{page}: {fence.where} raised "
                    f"{type(error).__name__}: {error}\n" + "".join(relevant).rstrip()
                ) from error
            numbers = plt.get_fignums()
            if len(numbers) > 1:
                raise BlockError(
                    f"{page}: {fence.where} left {len(numbers)} "
                    "figures open; draw one figure per block (subplots for panels)"
                )
            if numbers and fence.figure is None:
                raise BlockError(
                    f"{page}: {fence.where} draws a figure but {fence.figure_text}"
                )
            if not numbers and fence.figure is not None:
                raise BlockError(
                    f"{page}: {fence.where} has a figure's alt text (its directive or "
                    "metadata), but draws no figure"
                )
            published = {}
            for name in fence.exports:
                if name not in namespace:
                    raise BlockError(f"{page}: the export comment after {fence.where} "
                                     f"names {name}, which is not defined")
                try:
                    published[name] = exports.to_json(namespace[name], name)
                except (TypeError, ValueError) as error:
                    raise BlockError(f"{page}: line {fence.lineno}: {error}") from error
            figure = None
            if numbers:
                fig = plt.figure(numbers[0])
                if keep_figures:
                    figure = pickled(fig, f"{page}: the figure of {fence.where}")
                plt.close(fig)
            results.append(FenceResult(printed.getvalue(), published, figure))
    return results


def _exec(code, filename, namespace, show_last_value):
    """Run ``code`` in ``namespace``; with ``show_last_value``, as a notebook runs a
    cell: the value of its last line printed (its ``repr``) when that line is an
    expression not ended by ';' and the value is not None (IPython's rule)."""
    if not show_last_value:
        exec(compile(code, filename, "exec"), namespace)
        return
    tree = ast.parse(code, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, filename, "exec"), namespace)
    if last is not None:
        value = eval(compile(last, filename, "eval"), namespace)
        if value is not None:
            print(repr(value))


def pickled(fig, what):
    """``fig`` as bytes the build can draw again without the chain, the same bytes from
    every run of the same code (:class:`_Steady`). cloudpickle keeps what plain pickle
    cannot, such as a tick formatter written as a lambda in a block."""
    try:
        file = io.BytesIO()
        _steady_pickler()(file).dump(fig)
        return file.getvalue()
    except Exception as error:  # noqa: BLE001 - whatever an artist holds
        raise BlockError(f"{what} cannot be kept as computed ({type(error).__name__}: "
                         f"{error}); let the figure hold data, not open files or "
                         "processes") from error


def _same(obj):
    """``obj``: what a pickled object stands for that the pickler wrote in another form.
    The store's figures name it: a new name makes them other bytes."""
    return obj


def _steady_pickler():
    """A cloudpickle pickler whose bytes do not depend on where objects sit in memory:
    matplotlib's transforms keep their parents keyed by ``id()``, which it renumbers in
    the order it meets them (the keys are only looked up, never read as addresses); and
    each path's arrays are written as its own. matplotlib's paths made from one of its
    cached unit paths (a star marker's, a polygon's) share its array of codes, and the
    cache holds them weakly: whether two sets of markers share one array hangs on when
    the cycle collector last ran. Nor on where the block sits in its page: a function
    of the block (a tick formatter) is kept with its lines counted from 1, not from the
    page's top, which prose added above would move."""
    import types

    import cloudpickle
    import numpy as np
    from matplotlib.path import Path
    from matplotlib.transforms import TransformNode

    class Steady(cloudpickle.Pickler):
        def __init__(self, file):
            super().__init__(file, protocol=5)
            self.numbers = {}

        def reducer_override(self, obj):
            if isinstance(obj, types.CodeType) and obj.co_firstlineno != 1:
                return _same, (obj.replace(co_firstlineno=1),)
            if isinstance(obj, TransformNode):
                reduced = list(obj.__reduce_ex__(5))
                if isinstance(reduced[2], dict) and "_parents" in reduced[2]:
                    reduced[2] = {**reduced[2], "_parents": {
                        self.numbers.setdefault(k, len(self.numbers)): parent
                        for k, parent in reduced[2]["_parents"].items()}}
                return tuple(reduced)
            if isinstance(obj, Path):
                reduced = list(obj.__reduce_ex__(5))  # its state: a dict of its arrays
                reduced[2] = {name: value.copy() if isinstance(value, np.ndarray) else value
                              for name, value in reduced[2].items()}
                return tuple(reduced)
            return super().reducer_override(obj)

    return Steady
