"""Benchmark: the article index, its filters, contributor pages and feeds with
many articles.

Builds a throw-away test database (SQLite by default, or DATABASE_URL), inserts
N articles in batches (spread over categories, tags and contributors) and
prints, for each listing URL, the SQL query count and the median time over R
requests.

    .venv/bin/python bench/article_index.py [--sizes 1000,10000] [--repeat 9]
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def build(size):
    from wagtail.models import Page, Site

    from tests.factories import ArticleIndexPageFactory, HomePageFactory
    from tests.factories_articles import CategoryFactory, PersonFactory, bulk_articles

    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug=f"home-{size}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = ArticleIndexPageFactory(parent=home)
    people = [PersonFactory(slug=f"personne-{size}-{i}") for i in range(50)]
    categories = [CategoryFactory(slug=f"categorie-{size}-{i}") for i in range(8)]
    tags = [f"theme-{i}" for i in range(40)]
    start = time.perf_counter()
    bulk_articles(index, size, categories=categories, people=people, tags=tags)
    if connection.vendor == "postgresql":
        # Fresh bulk inserts have no statistics yet: without them the planner
        # picks nested loops as if the tables were empty. autovacuum does this
        # within a minute on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {size} articles in {time.perf_counter() - start:.1f} s")
    person, category = people[0], categories[0]
    return {
        "index": index.url,
        "index, last page": f"{index.url}?page={size // 12 + 1}",
        "category": f"{index.url}?category={category.slug}",
        "tag": f"{index.url}?tag=theme-1",
        "contributor": f"{index.url}?contributor={person.slug}",
        "all three": f"{index.url}?category={category.slug}&tag=theme-1"
        f"&contributor={person.slug}",
        "contributor page": f"{index.url}contributors/{person.slug}/",
        "rss": "/feeds/articles/",
        "atom, tag": "/feeds/articles/tags/theme-1/atom/",
        "rss, contributor": f"/feeds/articles/contributors/{person.slug}/",
    }


def measure(client, url, repeat):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return count, statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="numbers of articles")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    client = Client()
    print(f"database: {connection.vendor}")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            urls = build(size)
            print(f"{'articles':>8}  {'page':<18} {'queries':>7} {'median ms':>9}")
            for name, url in urls.items():
                count, ms = measure(client, url, args.repeat)
                print(f"{size:>8}  {name:<18} {count:>7} {ms:>9.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
