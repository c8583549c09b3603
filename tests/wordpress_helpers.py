"""Helpers of the WordPress import tests: the fixture exports and a real
local HTTP server standing for the WordPress site's uploads."""

import contextlib
import functools
import http.server
import threading
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
UPLOADS = FIXTURES / "uploads"


@contextlib.contextmanager
def uploads_server():
    """Serves ``fixtures/wordpress/uploads`` as ``/wp-content/uploads/`` on a
    free local port; yields its base URL."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            path = path.split("?", 1)[0]
            prefix = "/wp-content/uploads/"
            if not path.startswith(prefix):
                return str(UPLOADS / "__missing__")
            return str(UPLOADS / path[len(prefix) :])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(UPLOADS))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def export_copy(tmp_path, name="publication.xml", **replacements):
    """A copy of a fixture export with ``replacements`` made in its text."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
