"""Service faults: Redis down or hung is a cache miss, the database down is a
503 with Retry-After, and both recover by themselves.

Redis is a real ``redis-server`` each test starts on a free port, then kills,
suspends (SIGSTOP) and brings back. The database outage is cut at the
connection level under a real WSGI server running in a thread: on PostgreSQL
a TCP proxy in front of the real server is cut (established connections
dropped, new ones refused), on SQLite the server's connection points at a
database file that cannot be opened.
"""

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import connections

import pytest
import redis

from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph

ROOT = Path(__file__).resolve().parent.parent

CACHE_LOGGER = "site_config.cache"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what, attempts=400):
    """Poll ``condition`` (every 25 ms, 10 s at most) until it holds."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.025)
    raise AssertionError(f"never happened: {what}")


class RedisServer:
    """A private redis-server on a free port, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.suspended = False

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = redis.Redis.from_url(self.url)

        def answers():
            try:
                return self.client.ping()
            except redis.ConnectionError:
                return False

        wait_until(answers, "redis-server answers")

    def stop(self):
        self.resume()
        self.process.kill()
        self.process.wait()

    def suspend(self):
        os.kill(self.process.pid, signal.SIGSTOP)
        self.suspended = True

    def resume(self):
        if self.suspended:
            os.kill(self.process.pid, signal.SIGCONT)
            self.suspended = False

    def connections_received(self):
        return self.client.info("stats")["total_connections_received"]


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def redis_cache(redis_server, settings):
    """The default cache on the private server, as the settings configure it
    with REDIS_URL set; ``RETRY_INTERVAL`` set by the test."""

    def configure(retry_interval):
        settings.CACHES = {
            "default": {
                **settings.CACHES["default"],
                "BACKEND": "site_config.cache.FaultTolerantRedisCache",
                "LOCATION": redis_server.url,
                "OPTIONS": {
                    "socket_connect_timeout": settings.REDIS_TIMEOUT,
                    "socket_timeout": settings.REDIS_TIMEOUT,
                    "RETRY_INTERVAL": retry_interval,
                },
            }
        }
        return cache

    return configure


@pytest.fixture
def cache_log(caplog):
    caplog.set_level(logging.INFO, logger=CACHE_LOGGER)

    def records(level):
        return [
            record
            for record in caplog.records
            if record.name == CACHE_LOGGER and record.levelno == level
        ]

    return records


@pytest.fixture
def glossary_article(article_index, glossary_index):
    """An article whose body the glossary links automatically: its page reads
    the site's terms from the cache (and Wagtail its site root paths)."""
    from wagtail.models import Site

    from glossary.models import GlossarySettings

    entry(glossary_index, "B2B")
    glossary_settings = GlossarySettings.for_site(
        Site.objects.get(is_default_site=True)
    )
    glossary_settings.auto_link = True
    glossary_settings.save()
    return ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le B2B avance.</p>")]
    )


def read_everything(client, article):
    """The article page, the home page and both APIs answer 200, and the
    glossary link (built from the cached term list) is there."""
    page = client.get(article.url)
    assert page.status_code == 200
    assert b'class="glossary-term"' in page.content
    for url in ("/", "/api/v2/pages/", "/api/v3/pages/", "/api/v3/content/"):
        assert client.get(url).status_code == 200, url


def test_with_redis_url_the_settings_use_the_fault_tolerant_cache_with_short_timeouts(
    redis_server,
):
    # The settings as a deployment reads them from its environment.
    probe = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
cache = caches["default"]
cache.set("probe", "stored")
pool = cache._cache._get_connection_pool(write=True)
print(json.dumps({
    "backend": type(cache).__module__ + "." + type(cache).__name__,
    "stored": cache.get("probe"),
    "timeouts": [pool.connection_kwargs.get(name)
                 for name in ("socket_connect_timeout", "socket_timeout")],
    "options_for_redis_py": sorted(pool.connection_kwargs),
    "retry_interval": cache.outage.retry_interval,
    "sessions": settings.SESSION_ENGINE,
}))
"""
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="site_config.settings.test",
        REDIS_URL=redis_server.url,
        REDIS_TIMEOUT="0.02",
        REDIS_RETRY_INTERVAL="3",
    )
    output = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    configured = json.loads(output.splitlines()[-1])
    assert configured["backend"] == "site_config.cache.FaultTolerantRedisCache"
    assert configured["stored"] == "stored"
    assert configured["timeouts"] == [0.02, 0.02]
    assert "RETRY_INTERVAL" not in configured["options_for_redis_py"]
    assert configured["retry_interval"] == 3
    # Sessions never depend on the cache: losing Redis logs nobody out.
    assert configured["sessions"] == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_redis_stopped_is_a_miss_logged_once_then_recovers(
    client, redis_server, redis_cache, cache_log, glossary_article, admin_user
):
    cache = redis_cache(retry_interval=0.2)
    read_everything(client, glossary_article)
    assert redis_server.client.dbsize() > 0  # the pages did use Redis

    redis_server.stop()
    client.force_login(admin_user)
    for _ in range(3):
        read_everything(client, glossary_article)
        # Sessions are in the database: editors stay logged in.
        assert client.get("/admin/").status_code == 200
    assert cache.get("anything", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", 1) is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert len(cache_log(logging.ERROR)) == 1  # one line for the outage

    redis_server.start()  # empty, on the same port

    def cache_filled_again():
        read_everything(client, glossary_article)
        return redis_server.client.dbsize() > 0

    wait_until(cache_filled_again, "the pages fill the cache again")
    assert len(cache_log(logging.ERROR)) == 1
    assert len(cache_log(logging.WARNING)) == 1  # "available again"
    cache.set("key", "value")
    assert cache.get("key") == "value"


@pytest.mark.django_db
def test_hung_redis_is_tried_once_per_interval_not_once_per_call(
    client, redis_server, redis_cache, cache_log, glossary_article
):
    # An interval longer than the test: after the first timeout the circuit
    # stays open and Redis is not touched again.
    redis_cache(retry_interval=300)
    read_everything(client, glossary_article)
    received = redis_server.connections_received()

    redis_server.suspend()
    for _ in range(5):
        read_everything(client, glossary_article)
    assert len(cache_log(logging.ERROR)) == 1
    redis_server.resume()

    # Connections left in the listen queue while Redis was stopped are only
    # counted once it accepts them: a new connection, accepted after them,
    # makes sure they are.
    redis.Redis(port=redis_server.port).ping()
    # At most the one connection of the first, failed, call (plus the
    # ping's); ten page reads make several cache calls each.
    assert redis_server.connections_received() - received <= 2


def test_writes_lost_during_an_outage_are_forgotten_when_redis_returns(
    redis_server, redis_cache, cache_log
):
    cache = redis_cache(retry_interval=0.2)
    cache.set("glossary-version", "old")
    cache.set("untouched", "kept")

    redis_server.suspend()
    assert cache.get("probe") is None  # times out: the circuit opens
    # Skipped while the circuit is open: Redis would keep "old" for good.
    cache.set("glossary-version", "new")
    assert cache.get("glossary-version") is None
    redis_server.resume()

    wait_until(lambda: cache.get("untouched") == "kept", "the circuit closes")
    assert cache.get("glossary-version") is None  # a miss, not the stale "old"
    assert len(cache_log(logging.ERROR)) == 1


def test_a_clear_lost_during_an_outage_is_done_when_redis_returns(
    redis_server, redis_cache
):
    cache = redis_cache(retry_interval=0.2)
    cache.set("stale", "old")

    redis_server.suspend()
    assert cache.get("probe") is None  # times out: the circuit opens
    assert cache.clear() is False
    redis_server.resume()

    wait_until(lambda: cache.add("marker", "new"), "the circuit closes")
    assert cache.get("stale") is None
    assert cache.get("marker") == "new"


# -- database unavailable ---------------------------------------------------


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class TcpProxy:
    """Forwards a local port to the database server until ``cut()``, which
    drops every established connection and refuses new ones."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = set()
        self.listener = None

    def open(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.05)
        threading.Thread(
            target=self._accept, args=(self.listener,), daemon=True
        ).start()

    def _accept(self, listener):
        while listener.fileno() != -1:
            try:
                downstream, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            downstream.settimeout(None)
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets |= {downstream, upstream}
            for source, sink in ((downstream, upstream), (upstream, downstream)):
                threading.Thread(
                    target=self._pump, args=(source, sink), daemon=True
                ).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.listener.close()
        with self.lock:
            cut, self.sockets = self.sockets, set()
        for end in cut:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class ProxyOutage:
    """PostgreSQL: connections opened from now on (the WSGI server's) go
    through a proxy that ``begin()`` cuts and ``end()`` opens again."""

    def __init__(self, settings_dict):
        self.proxy = TcpProxy(
            settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)
        )
        self.proxy.open()
        settings_dict.update(HOST="127.0.0.1", PORT=self.proxy.port)

    def begin(self):
        self.proxy.cut()

    def end(self):
        self.proxy.open()

    def wrap(self, application):
        return application

    def close(self):
        self.proxy.cut()


class UnopenableFileOutage:
    """SQLite: the in-memory test database never closes, so during the outage
    each request of the WSGI server gets a connection to a database file that
    cannot be opened."""

    def __init__(self, settings_dict):
        self.unopenable = dict(settings_dict, NAME="/nonexistent/pressroom.sqlite3")
        self.active = False

    def begin(self):
        self.active = True

    def end(self):
        self.active = False

    def wrap(self, application):
        healthy = {}

        def wrapped(environ, start_response):
            healthy.setdefault("connection", connections["default"])
            if self.active:
                unopenable = connections.create_connection("default")
                unopenable.settings_dict = self.unopenable
                connections["default"] = unopenable
            else:
                connections["default"] = healthy["connection"]
            return application(environ, start_response)

        return wrapped

    def close(self):
        pass


@pytest.fixture
def database_outage():
    """``begin()`` / ``end()`` an outage of the default database, as the WSGI
    server's connections see it."""
    settings_dict = connections["default"].settings_dict
    saved = dict(settings_dict)
    if connections["default"].vendor == "postgresql":
        outage = ProxyOutage(settings_dict)
    else:
        outage = UnopenableFileOutage(settings_dict)
    yield outage
    outage.close()
    settings_dict.clear()
    settings_dict.update(saved)


@pytest.fixture
def wsgi_server(database_outage):
    """The site under a real WSGI server in a thread: the request goes through
    the handler, every middleware and the request_started/finished signals
    that close broken database connections."""
    application = database_outage.wrap(get_wsgi_application())
    server = make_server("127.0.0.1", 0, application, handler_class=QuietHandler)

    def serve():
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept-Language": "fr"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# The pages read before the outage would be answered from the page cache
# (hits need no database); this is about what renders while it is down.
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_outage_is_a_503_with_retry_after_then_recovers(
    home, article_index, wsgi_server, database_outage, settings
):
    settings.SERVICE_UNAVAILABLE_RETRY_AFTER = 42
    article = ArticlePageFactory(parent=article_index, title="Un article")
    urls = ["/", article.url, "/api/v2/pages/", "/api/v3/pages/", "/api/v3/content/"]
    for url in urls:
        assert fetch(wsgi_server + url)[0] == 200, url

    database_outage.begin()
    for _ in range(2):  # the broken connection, then a refused one
        status, headers, body = fetch(wsgi_server + article.url)
        assert status == 503
        assert headers["Retry-After"] == "42"
        assert headers["Content-Type"].startswith("text/html")
        page = body.decode()
        assert "Temporairement indisponible" in page
        assert 'class="site-header"' in page  # the site's own layout
        assert "Erreur du serveur" not in page

        for url in ("/api/v3/pages/", "/api/v3/content/", "/api/v2/pages/"):
            status, headers, body = fetch(wsgi_server + url)
            assert status == 503, url
            assert headers["Content-Type"] == "application/problem+json"
            assert headers["Retry-After"] == "42"
            problem = json.loads(body)
            assert problem["status"] == 503
            assert problem["title"] == "Service Unavailable"
            assert problem["type"]
            assert "indisponible" in problem["detail"]
            if url.startswith("/api/v2/"):
                assert problem["message"] == problem["detail"]

    database_outage.end()
    for url in urls:
        assert fetch(wsgi_server + url)[0] == 200, url
