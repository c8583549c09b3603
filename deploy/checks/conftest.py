"""The production stack for the scale-out checks: started once for the module.

``scripts/prod-stack start --fresh`` in a temporary state directory, on free
ports, with two gunicorn instances behind nginx and Varnish, sharing one
PostgreSQL database (``STACK_CHECK_DATABASE_URL``, default
``pressroom_stack_check`` on the local server), one Redis database
(``STACK_CHECK_REDIS_URL``, default db 3) and the local S3 server's bucket.
Stopped at the end, whatever the outcome.
"""

import http.cookies
import json
import os
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from local_stack import prod_stack_start, prod_stack_stop  # noqa: E402


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class Client:
    """HTTP(S) without following redirects; cookies kept by name whatever
    their Secure flag (the instances are reached over plain HTTP, as from
    the proxies, with ``X-Forwarded-Proto: https``)."""

    def __init__(self, base, context=None, forwarded_https=False):
        self.base = base.rstrip("/")
        self.cookies = {}
        self.forwarded_https = forwarded_https
        handlers = [NoRedirect()]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method, path, data=None, headers=None, files=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_https:
            headers["X-Forwarded-Proto"] = "https"
        body = None
        if files is not None:
            body, content_type = multipart(data or {}, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=60) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)


def multipart(fields, files):
    boundary = "pressroom-stack-check-boundary"
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Stack:
    def __init__(self, state):
        self.state = state
        found = json.loads((state / "stack.json").read_text())
        self.ports = found["ports"]
        self.context = ssl.create_default_context(
            cafile=str(state / "tls" / "cert.pem")
        )
        self.site = f"https://127.0.0.1:{found['https']}"
        self.varnish = f"http://127.0.0.1:{found['varnish']}"
        self.apps = [f"http://127.0.0.1:{port}" for port in found["ports"]["apps"]]
        self.admin_password = (state / "admin_password").read_text().strip()

    def public(self):
        """A reader's client, through nginx (TLS) and Varnish."""
        return Client(self.site, context=self.context)

    def varnish_client(self):
        """Straight to Varnish, as the app servers' purges go."""
        return Client(self.varnish)

    def instance(self, index):
        """A client of one app server, as the proxies reach it."""
        return Client(self.apps[index], forwarded_https=True)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if os.environ.get("STACK_CHECK_STATE"):
        # A stack already running (scripts/prod-stack start --state ...).
        yield Stack(Path(os.environ["STACK_CHECK_STATE"]).resolve())
        return
    state = tmp_path_factory.mktemp("prod-stack") / "state"
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "STACK_CHECK_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/pressroom_stack_check",
        ),
        "REDIS_URL": os.environ.get(
            "STACK_CHECK_REDIS_URL", "redis://127.0.0.1:6379/3"
        ),
    }
    start = prod_stack_start(
        state,
        instances=2,
        workers=os.environ.get("STACK_CHECK_WORKERS", "2"),
        settings=os.environ.get("STACK_CHECK_SETTINGS"),
    )
    try:
        result = subprocess.run(start, env=env, cwd=ROOT, timeout=600)
        assert result.returncode == 0, "scripts/prod-stack start failed"
        yield Stack(state)
    finally:
        subprocess.run(prod_stack_stop(state), env=env, cwd=ROOT, timeout=120)
