"""Benchmark: how much of an uncached request is spent in the database.

Is a PostgreSQL read replica worth it? Only if the database, not Python, is
what limits the app servers. Renders pages, feeds and API answers in-process
(Django's test client, the settings and database of the environment, e.g.
a stack started by scripts/prod-stack) with Django's page cache off, and
prints for each the queries, the median total time, the median time inside
SQL calls (client side: round trips included) and its share.

    set -a; . .prod/env; set +a
    PRESSROOM_PAGE_CACHE=false .venv/bin/python bench/sql_share.py [--runs 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.production")
    os.environ.setdefault("PRESSROOM_PAGE_CACHE", "false")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from wagtail.models import Page

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    article = Page.objects.live().public().filter(depth__gte=4).order_by("pk").first()
    urls = [
        ("home", "/"),
        ("article", article.url),
        ("article index", article.get_parent().url),
        ("tag page", "/tags/"),
        ("article feed", "/feeds/articles/"),
        ("search", "/search/?q=marketing"),
        ("API v2 list", "/api/v2/pages/?limit=20&fields=*&type=articles.ArticlePage"),
        ("API v3 content", "/api/v3/content/"),
    ]

    sql_time = [0.0]
    queries = [0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - started
            queries[0] += 1

    print(f"{connection.vendor}, {args.runs} runs each, page cache off\n")
    print(f"{'':16} {'queries':>7} {'total':>9} {'in SQL':>9} {'share':>6}")
    shares = []
    with connection.execute_wrapper(timed):
        for label, url in urls:
            totals, sqls = [], []
            for _ in range(args.runs + 1):
                sql_time[0], queries[0] = 0.0, 0
                started = time.perf_counter()
                response = client.get(url)
                totals.append(time.perf_counter() - started)
                sqls.append(sql_time[0])
                assert response.status_code == 200, (url, response.status_code)
            totals, sqls = totals[1:], sqls[1:]  # the first run warms caches
            total, sql = statistics.median(totals), statistics.median(sqls)
            shares.append(sql / total)
            print(
                f"{label:16} {queries[0]:7} {total * 1000:7.1f}ms "
                f"{sql * 1000:7.1f}ms {sql / total:6.0%}"
            )
    print(f"\nmedian share of SQL: {statistics.median(shares):.0%}")


if __name__ == "__main__":
    main()
