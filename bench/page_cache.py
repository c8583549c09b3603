"""Benchmark: the page cache in process, next to a trivial Django view.

Builds a throw-away test database (SQLite by default, or DATABASE_URL; the
cache is locmem, or Redis with REDIS_URL), fills it with N articles sharing
tags, and prints the median time of one request through Django's WSGI
handler (the whole middleware stack, as gunicorn calls it) for:

- a trivial view (``HttpResponse("ok")``, page cache off),
- the seed-like article page and the home page: uncached render (cache
  off), miss (render and store), hit, HEAD hit, and a 304 on If-None-Match.

    .venv/bin/python bench/page_cache.py [--articles 200] [--repeat 200]

The requests/s column is 1000 / median ms: one process, one core. The
gunicorn and Varnish figures are the production stack's (deploy/, bench
scripts of the stack).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test.client import RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402


def trivial(request):
    return HttpResponse("ok")


# The site's URLs and the trivial view.
urlpatterns = [path("bench/trivial/", trivial)]


def build(articles):
    from wagtail.models import Page, Site

    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        HomePageFactory,
    )

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="bench-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = ArticleIndexPageFactory(parent=home)
    pages = []
    for i in range(articles):
        page = ArticlePageFactory.build(title=f"Article {i}", slug=f"article-{i}")
        index.add_child(instance=page)
        page.tags.add(f"tag-{i % 5}", "commun")
        page.save_revision().publish()
        pages.append(page)
    return pages[-1]


def environ(url, method="GET", **headers):
    return RequestFactory()._base_environ(
        PATH_INFO=url, REQUEST_METHOD=method, SERVER_NAME="localhost", **headers
    )


def call(handler, url, method="GET", **headers):
    status = []

    def start_response(line, response_headers):
        status.append((line, dict(response_headers)))

    body = b"".join(handler(environ(url, method, **headers), start_response))
    return status[0][0], status[0][1], body


def median_ms(handler, url, repeat, before=None, method="GET", **headers):
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        call(handler, url, method, **headers)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    from editorial.page_cache import purge

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    import site_config.urls

    urlpatterns.extend(site_config.urls.urlpatterns)
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    handler = WSGIHandler()
    try:
        article = build(args.articles)
        cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        print(
            f"database: {connection.vendor}, cache: {cache_backend}, "
            f"articles: {args.articles}, repeat: {args.repeat}"
        )
        print(f"{'request':<34} {'median ms':>9} {'req/s':>8}")

        def row(name, ms):
            print(f"{name:<34} {ms:>9.3f} {1000 / ms:>8.0f}")

        settings.PRESSROOM_PAGE_CACHE = False
        row("trivial view", median_ms(handler, "/bench/trivial/", args.repeat))
        for name, url, tag in (
            ("article", article.url, f"page-{article.pk}"),
            ("home", "/", "home"),
        ):
            settings.PRESSROOM_PAGE_CACHE = False
            uncached = median_ms(handler, url, max(10, args.repeat // 10))
            row(f"{name}: uncached render", uncached)
            settings.PRESSROOM_PAGE_CACHE = True
            miss = median_ms(
                handler,
                url,
                max(10, args.repeat // 10),
                before=lambda t=tag: purge([t]),
            )
            row(f"{name}: miss (render + store)", miss)
            _status, headers, _body = call(handler, url)
            assert headers.get("X-Page-Cache") == "hit", headers
            hit = median_ms(handler, url, args.repeat)
            row(f"{name}: hit", hit)
            row(
                f"{name}: HEAD hit", median_ms(handler, url, args.repeat, method="HEAD")
            )
            row(
                f"{name}: 304 (If-None-Match)",
                median_ms(
                    handler, url, args.repeat, HTTP_IF_NONE_MATCH=headers["ETag"]
                ),
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
