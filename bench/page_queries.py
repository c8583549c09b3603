"""Benchmark: SQL queries and render time of the reader's pages at several sizes.

Builds a throw-away test database (SQLite by default, or DATABASE_URL), fills
it with N articles, each with T tags and S see-also picks, and prints, for the
article page, the tag page, the home page and /search/, the number of SQL
queries and the median render time over R requests.

    .venv/bin/python bench/page_queries.py [--sizes 10,200,2000] [--tags 2,12] [--repeat 15]
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


def build(articles, tags_per_page, see_also_per_page):
    from wagtail.models import Page, Site

    from editorial.models import SeeAlsoItem
    from tests.factories import (
        ArticleIndexPageFactory,
        ArticlePageFactory,
        GlossaryEntryPageFactory,
        GlossaryIndexPageFactory,
        HomePageFactory,
        PodcastEpisodePageFactory,
        PodcastShowPageFactory,
    )

    home = HomePageFactory(
        parent=Page.get_first_root_node(), slug=f"home-{articles}-{tags_per_page}"
    )
    # Deleting the previous round's pages deleted its site too.
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = ArticleIndexPageFactory(parent=home)
    glossary = GlossaryIndexPageFactory(parent=home)
    show = PodcastShowPageFactory(parent=home)
    tag_names = [f"tag-{i}" for i in range(tags_per_page)]
    pages = []
    for i in range(articles):
        page = ArticlePageFactory.build(title=f"Article {i}", slug=f"article-{i}")
        index.add_child(instance=page)
        page.tags.add(*tag_names)
        page.save()  # ClusterTaggableManager keeps tags in memory until saved
        pages.append(page)
    for i in range(10):
        entry = GlossaryEntryPageFactory(parent=glossary, title=f"Terme {i}")
        entry.tags.add(*tag_names)
        entry.save()
        episode = PodcastEpisodePageFactory(parent=show, title=f"Épisode {i}")
        episode.tags.add(*tag_names)
        episode.save()
    target = pages[0]
    SeeAlsoItem.objects.bulk_create(
        SeeAlsoItem(page=target, target=other, sort_order=n)
        for n, other in enumerate(pages[1 : 1 + see_also_per_page])
    )
    return target, tag_names[0] if tag_names else None


def measure(client, url, repeat):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Read now: the captured list is a view on a log later requests reset.
    query_count = len(queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return query_count, statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,200,2000", help="numbers of articles")
    parser.add_argument(
        "--tags", default="2,12", help="tags and see-also picks per page"
    )
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    client = Client()
    print(f"database: {connection.vendor}")
    print(
        f"{'articles':>8} {'tags/see':>8}  {'page':<14} {'queries':>7} {'median ms':>9}"
    )
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for per_page in (int(t) for t in args.tags.split(",")):
                from wagtail.models import Page

                Page.objects.filter(depth__gt=1).delete()
                target, tag = build(size, per_page, per_page)
                urls = {
                    "article": target.url,
                    "tag page": f"/tags/{tag}/" if tag else None,
                    "home": "/",
                    "search": "/search/?q=article",
                }
                for name, url in urls.items():
                    if url is None:
                        continue
                    count, ms = measure(client, url, args.repeat)
                    print(f"{size:>8} {per_page:>8}  {name:<14} {count:>7} {ms:>9.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
