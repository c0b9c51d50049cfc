"""One MathJax process for the whole build, and a cache of what it typeset.

:class:`Typesetter` starts ``node typeset.mjs`` the first time it is asked for a formula
and keeps it until :meth:`Typesetter.close`: MathJax starts once (about a second), not
once per page. Each answer is remembered under the TeX, the display flag and the width
it was broken to, with MathJax's version and this room's code in the key, and saved in
``.cache/maths.json``: ``mkdocs serve``'s rebuilds and the next build ask Node only for
formulas they have not seen.
"""

import hashlib
import html
import json
import subprocess
from pathlib import Path

from ..errors import BuildError

HERE = Path(__file__).parent
SCRIPT = HERE / "typeset.mjs"


class TexError(BuildError):
    """A formula MathJax cannot read: the message quotes it and MathJax's reason."""


def _code_key(mathjax):
    """What changes every answer: MathJax's version and this room's files."""
    digest = hashlib.sha256()
    digest.update((mathjax / "package.json").read_bytes())
    for path in sorted(HERE.glob("*")):
        if path.suffix in {".py", ".mjs"}:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


class Typesetter:
    """TeX -> SVG markup, by MathJax in Node (``typeset.mjs``), cached.

    Parameters
    ----------
    mathjax : path
        MathJax's npm package (``node_modules/mathjax``).
    cache_file : path or None
        Where answers are kept from one build to the next; None keeps none.
    """

    def __init__(self, mathjax, cache_file=None):
        self.mathjax = Path(mathjax)
        if not (self.mathjax / "node-main.mjs").exists():
            raise BuildError("MathJax 4 is missing from node_modules: run 'npm ci' "
                             "(make serve and make test do)")
        self.cache_file = cache_file
        self._key = _code_key(self.mathjax)
        self._answers = {}
        if cache_file is not None and Path(cache_file).exists():
            saved = json.loads(Path(cache_file).read_text(encoding="utf-8"))
            if saved.get("key") == self._key:
                self._answers = saved["answers"]
        self._used = set()
        self._node = None
        self.asked = 0  # formulas Node typeset in this build (not found in the cache)

    def _ask(self, request):
        if self._node is None:
            try:
                self._node = subprocess.Popen(
                    ["node", str(SCRIPT), str(self.mathjax)], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, text=True, encoding="utf-8")
            except FileNotFoundError as error:
                raise BuildError("Node.js is needed to typeset the maths: install "
                                 "Node.js >= 18") from error
        self._node.stdin.write(json.dumps(request) + "\n")
        self._node.stdin.flush()
        line = self._node.stdout.readline()
        if not line:
            raise RuntimeError(f"MathJax's process stopped (exit {self._node.poll()})")
        self.asked += 1
        return json.loads(line)

    def _cached(self, request):
        key = json.dumps(request, sort_keys=True)
        self._used.add(key)
        if key not in self._answers:
            self._answers[key] = self._ask(request)
        return self._answers[key]

    def svg(self, tex, display, width=None):
        """The formula ``tex`` as MathJax's ``<mjx-container>`` (SVG and its MathML);
        ``width``: the column in CSS pixels a display formula breaks its lines to fit."""
        request = {"tex": tex, "display": bool(display)}
        if width is not None:
            request["width"] = width
        answer = self._cached(request)
        if "error" in answer:
            raise TexError(f"MathJax cannot read the formula {tex!r}: "
                           f"{html.unescape(answer['error'])}")
        return answer["html"]

    def stylesheet(self):
        """MathJax's CSS for its SVG output (the containers, the hidden MathML)."""
        return self._cached({"stylesheet": True})["css"]

    def close(self):
        """Stop the process and keep what this build used for the next one."""
        if self._node is not None:
            self._node.stdin.close()
            self._node.wait(timeout=30)
            self._node.stdout.close()
            self._node = None
        if self.cache_file is not None:
            used = {key: self._answers[key] for key in sorted(self._used)}
            Path(self.cache_file).parent.mkdir(parents=True, exist_ok=True)
            Path(self.cache_file).write_text(json.dumps({"key": self._key, "answers": used}),
                                             encoding="utf-8")
