"""Benchmark: SQL queries and render time of a show's RSS feed at several sizes.

Builds a throw-away test database (SQLite by default, or DATABASE_URL) with one
show of N live episodes (a few with hosts and chapters) and prints, for the
feed, the number of SQL queries, the median render time over R requests and
the size of the document.

    .venv/bin/python bench/podcast_feed.py [--sizes 50,500] [--repeat 10]
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

    from tests.factories import HomePageFactory, PodcastShowPageFactory
    from tests.factories_podcasts import (
        chapters,
        person,
        quick_episodes,
        subscribe_links,
    )

    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug=f"home-{size}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    show = PodcastShowPageFactory(parent=home)
    subscribe_links(show, ("apple", "https://podcasts.apple.com/x"), ("rss", ""))
    episodes = quick_episodes(show, size)
    for episode in episodes[:: max(1, size // 20)]:
        person("Claire Morvan", role="host", episode=episode, link="https://c.example")
        chapters(episode, (0, "Introduction"), (120, "Suite"))
    return show.url + "feed/"


def measure(client, url, repeat):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    query_count, size = len(queries), len(response.content)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return query_count, statistics.median(times) * 1000, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500", help="numbers of episodes")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    client = Client()
    print(f"database: {connection.vendor}")
    print(f"{'episodes':>8} {'queries':>7} {'median ms':>9} {'kB':>7}")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            url = build(size)
            count, ms, length = measure(client, url, args.repeat)
            print(f"{size:>8} {count:>7} {ms:>9.1f} {length / 1000:>7.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
