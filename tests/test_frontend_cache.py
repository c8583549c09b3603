"""Purges sent to front-end caches (editorial.frontend_cache): Wagtail's PURGE
of the page's URL and Pressroom's BAN by cache tag, checked against a small
HTTP server standing in for Varnish (the real one: the production stack's
tests)."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.test import override_settings

import pytest

from editorial.frontend_cache import ban_expression, purge_tags
from tests.factories import ArticlePageFactory, tag


class Recorder(BaseHTTPRequestHandler):
    def _record(self):
        self.server.received.append(
            (self.command, self.path, dict(self.headers.items()))
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = do_GET = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_address[1]}"
    with override_settings(
        WAGTAILFRONTENDCACHE={
            "varnish": {
                "BACKEND": "editorial.frontend_cache.VarnishBackend",
                "LOCATION": location,
            }
        }
    ):
        yield server
    server.shutdown()
    server.server_close()


def bans(server):
    return [
        headers["X-Ban-Tags"]
        for method, path, headers in server.received
        if method == "BAN" and path == "/"
    ]


def test_ban_expression_matches_whole_tags_only():
    expression = re.compile(ban_expression(["page-12", "listing-5"]))
    assert expression.search("all page-12 site-1")
    assert expression.search("listing-5")
    assert not expression.search("all page-123 listing-50")
    assert not expression.search("xpage-12")


def test_purge_tags_sends_one_ban_with_the_tags(varnish):
    purge_tags({"page-12", "tag-marketing"})
    assert bans(varnish) == [r"(^|\s)(page-12|tag-marketing)(\s|$)"]


def test_tags_that_are_no_plain_tokens_are_not_sent(varnish):
    purge_tags({"page-1", "bad tag|.*"})
    assert bans(varnish) == [r"(^|\s)(page-1)(\s|$)"]


def test_publishing_bans_the_tags_and_purges_the_url_on_commit(
    varnish, article_index, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=article_index, title="À bannir")
    varnish.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tag(article, "marketing")
    banned = " ".join(bans(varnish))
    for expected in (
        f"page-{article.pk}",
        f"listing-{article_index.pk}",
        "tag-marketing",
        "home",
        "feeds",
        "api",
    ):
        assert re.search(rf"[(|]{expected}[|)]", banned), expected
    purged = [path for method, path, _ in varnish.received if method == "PURGE"]
    assert article.url in purged


def test_nothing_is_banned_before_the_transaction_commits(
    varnish, article_index, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=article_index)
    varnish.received.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tag(article, "marketing")
    assert bans(varnish) == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert any(f"page-{article.pk}" in ban for ban in bans(varnish))


def test_a_cache_that_is_down_is_logged_not_raised(caplog, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "editorial.frontend_cache.VarnishBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    purge_tags({"page-1"})
    assert "Couldn't ban tags page-1" in caplog.text
