"""Which Chromium prints the PDF and runs the browser tests, found the way each platform expects.

In this order: the program named by ``NNBOOK_CHROMIUM``; the system's
``chromium-headless-shell``, then its ``chromium`` (Debian's packages); the Chromium that
Playwright installed (``python -m playwright install chromium``, as on GitHub's hosted
runners, where Ubuntu's ``chromium`` is a snap). The headless shell is Chromium's engine
without the browser's window layers, the one Playwright itself runs for headless tests:
it prints the same pages with less of the processor's time than the whole browser run
headless.

Run as a script (``make test`` does), it prints the browser it found; with ``--install``
and none found, it installs Playwright's, and stops with one line naming the three ways
when that cannot be done (offline, say).
"""

import os
import shutil
import subprocess
import sys

WAYS = ("set NNBOOK_CHROMIUM to a Chromium or Chrome program, install the system's "
        "chromium-headless-shell or chromium (Debian: apt-get install "
        "chromium-headless-shell), or run "
        "'python -m playwright install chromium'")


# Quiet on a closed network: no background requests, no first-run pages. (Playwright
# makes it headless.)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


class NoChromium(RuntimeError):
    """No browser for the tests, or a named one that does not exist."""


def playwright_chromium():
    """The path of Playwright's own Chromium if it is installed, else None."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Error:
        return None
    return path if os.path.isfile(path) else None


def find():
    """The Chromium program to drive, or None; a wrong NNBOOK_CHROMIUM raises NoChromium."""
    named = os.environ.get("NNBOOK_CHROMIUM")
    if named:
        path = shutil.which(named)
        if path is None:
            raise NoChromium(f"NNBOOK_CHROMIUM={named} is not a program that can be run")
        return path
    return (shutil.which("chromium-headless-shell") or shutil.which("chromium")
            or playwright_chromium())


def main(install):
    try:
        path = find()
    except NoChromium as error:
        sys.exit(f"make: {error}")
    if path is None and install:
        print("make: no Chromium found; installing Playwright's "
              "(python -m playwright install chromium)", flush=True)
        done = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"],
                              capture_output=True, text=True)
        path = playwright_chromium() if done.returncode == 0 else None
    if path is None:
        sys.exit(f"make: the browser tests need a Chromium: {WAYS}")
    print(f"browser tests: {path}")


if __name__ == "__main__":
    main(install="--install" in sys.argv[1:])
