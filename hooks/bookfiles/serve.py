"""The built site on 127.0.0.1, for Chromium: the browser tests and the PDF's printing."""

import contextlib
import functools
import http.server
import sys
import threading


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the site, and ``pages``: documents served from memory (path -> bytes)."""

    def __init__(self, *args, pages, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self):
        body = self.pages.get(self.path.split("?")[0])
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a connection before a file is sent (a page left while
        # it loads) is not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start(directory, port=0, pages=None):
    """Serve ``directory`` on 127.0.0.1:``port`` (0: any free port) in a thread.

    Returns the server; its address is ``server.server_address``. Raises OSError when the
    port is taken.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory), pages=pages or {})
    server = _Server(("127.0.0.1", port), handler)
    server.thread = threading.Thread(target=server.serve_forever, daemon=True)
    server.thread.start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()
    server.thread.join()


@contextlib.contextmanager
def serving(directory, port=0, pages=None):
    """The site's base URL while it is served."""
    server = start(directory, port, pages)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop(server)
