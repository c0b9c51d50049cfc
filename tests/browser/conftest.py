"""The fixtures of the browser tests: the built site, served on 127.0.0.1, a headless
Chromium driven by Playwright, and fresh pages in it. The helpers the tests use are in
helpers.py (the site, pages, palettes, axe-core) and widgets.py (the widgets).

The site must be built first (``make test`` does: ``mkdocs build --strict``). Which
Chromium is driven is decided in ``chromium.py``.
"""

import os
import signal

import pytest

from bookfiles import serve
from bookfiles.chromium import CHROMIUM_ARGS, WAYS, NoChromium
from bookfiles.chromium import find as find_chromium

from .helpers import AXE, SITE, opened, site_port
from .widgets import Models


def pytest_configure(config):
    """Serve the built site once, from the main pytest process, for the whole run.

    With parallel workers (pytest-xdist) the main process serves and the workers, started
    after this hook, find the address in NNBOOK_TEST_URL: one server that lives until every
    worker is done. The port is the one the site was built for, so that the theme's instant
    navigation works.
    """
    if hasattr(config, "workerinput"):
        return
    port = site_port()
    try:
        server = serve.start(SITE, port)
    except OSError as error:
        raise pytest.UsageError(
            f"cannot serve the built site on 127.0.0.1:{port} ({error}); stop what uses "
            "that port or build with another TEST_PORT"
        ) from error
    config._nnbook_server = server
    os.environ["NNBOOK_TEST_URL"] = f"http://127.0.0.1:{server.server_address[1]}/"


# A browser test that still runs after this many seconds fails, naming itself, instead of
# holding its worker and the whole run until CI's limit (one page once waited 20 minutes
# past Playwright's own timeouts); the longest test takes about a minute.
HANG = 600


@pytest.fixture(autouse=True)
def no_hang(request):
    if not hasattr(signal, "SIGALRM"):  # not on Windows
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"{request.node.nodeid} still running after {HANG} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# First: xdist reads the groups in its own hook of the same name.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A widget module's tests share one page (widget_session), and test_pages.py's tests
    one load of each page (shown): keep each group on one worker (make test runs xdist
    with --dist loadgroup), else each worker loads it again.

    The browser's longest runs first, before the other tests of the session: those
    groups, then the pages, then each widget's own page loads, then the short tests, so
    that the workers finish together rather than one running a long group alone at the
    end. (The hook sees every item of the session: a README block has no module.)"""
    here = os.path.dirname(__file__)
    mine = [item for item in items
            if getattr(item, "module", None) is not None
            and os.path.dirname(str(item.path)) == here]
    shared = {item.module for item in mine if "widget_session" in item.fixturenames}
    for item in mine:
        if item.module in shared:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        elif "shown" in item.fixturenames:  # test_pages.py: one load of a page, read in turn
            item.add_marker(pytest.mark.xdist_group(f"page {item.callspec.params['shown']}"))

    def rank(item):
        if item.module in shared:
            return 0
        if "shown" in item.fixturenames:
            return 1
        return 2 if item.module.__name__.endswith(".test_widgets") else 3

    chosen = set(map(id, mine))
    items[:] = sorted(mine, key=rank) + [item for item in items if id(item) not in chosen]


def pytest_unconfigure(config):
    server = getattr(config, "_nnbook_server", None)
    if server is not None:
        serve.stop(server)


@pytest.fixture(scope="session")
def base_url():
    return os.environ["NNBOOK_TEST_URL"]


@pytest.fixture(scope="session")
def browser():
    try:
        chromium = find_chromium()
    except NoChromium as error:
        pytest.fail(str(error))
    if chromium is None:
        pytest.fail(f"no Chromium found: {WAYS}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def open_page(browser, base_url):
    """``open_page(path, ready, **options)``: a context manager that gives a fresh page on
    the site's ``path`` once ``ready`` shows, or a blank page without ``path``; the
    options are ``helpers.opened``'s (palette, width, height, wait_until)."""
    def open_page(path=None, ready=None, **options):
        return opened(browser, None if path is None else base_url + path, ready, **options)
    return open_page


def _widget_page(module):
    """``(path, ready)``: a widget test module's page (its PAGE) and what shows once the
    widget has started there (its READY)."""
    if module.PAGE is None:
        pytest.skip("the widget is in no page of this build")
    return module.PAGE, module.READY


@pytest.fixture(scope="module")
def widget_session(request, open_page):
    """One page of a widget test module's PAGE, shared by the module's tests (each sets
    the controls it reads)."""
    with open_page(*_widget_page(request.module)) as page:
        yield page


@pytest.fixture
def page(widget_session):
    """The module's shared page (widget_session); a console error fails the test."""
    yield widget_session
    assert widget_session.errors == [], f"console errors: {widget_session.errors}"


@pytest.fixture
def fresh_page(request, open_page):
    """A page of the module's PAGE of its own, for a test that reads the widget as it
    starts; a console error fails the test."""
    with open_page(*_widget_page(request.module)) as page:
        yield page
        assert page.errors == [], f"console errors: {page.errors}"


@pytest.fixture(scope="session")
def models(open_page):
    """The widgets' models on a blank page, no site (widgets.Models)."""
    with open_page() as page:
        yield Models(page)
        assert page.errors == [], f"console errors: {page.errors}"


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core is missing from node_modules: run 'npm ci' (make test does)")
    return AXE.read_text(encoding="utf-8")
