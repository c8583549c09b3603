"""Benchmark: the headless API on the demo publication.

Builds a throw-away test database (SQLite by default, or DATABASE_URL), loads
the demo publication (``load_demo_publication --articles N``) and prints, for
the seed article through API v2 and v3, the typed OpenAPI document, and the
list endpoints at 20 and 100 items, the number of SQL queries and the median
time (wall clock, and CPU time of this process) over R requests.

    .venv/bin/python bench/api.py [--articles 100] [--repeat 15] [--profile LABEL]
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def measure(client, url, repeat):
    response = client.get(url)  # warm caches (site, settings, schemas)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200, (url, again.status_code)
    # Counted now: the next requests reset the connection's query log.
    count = len(queries)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return (
        count,
        statistics.median(times),
        statistics.median(cpu),
        len(response.content),
    )


def profile(client, urls, prefix, repeat):
    import cProfile
    import pstats

    url = next(url for label, url in urls if label.startswith(prefix))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    print(f"\nprofile of {repeat} requests of {url}")
    if os.environ.get("PROFILE_OUT"):
        profiler.dump_stats(os.environ["PROFILE_OUT"])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--profile",
        metavar="LABEL",
        help="print a cProfile of R requests of the row whose label starts with LABEL",
    )
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command(
            "load_demo_publication",
            "--no-user",
            "--articles",
            str(args.articles),
            verbosity=0,
        )
        from articles.models import ArticlePage

        seed = ArticlePage.objects.live().order_by("pk").first()
        client = Client()
        urls = [
            ("v3 seed article (typed blocks)", f"/api/v3/pages/{seed.pk}/"),
            ("v2 seed article", f"/api/v2/pages/{seed.pk}/"),
            ("v3 OpenAPI document", "/api/v3/openapi.json"),
            ("v3 content, 20 items", "/api/v3/content/?limit=20"),
            ("v3 content, 100 items", "/api/v3/content/?limit=100"),
            ("v3 tags", "/api/v3/tags/"),
            ("v3 see-also", f"/api/v3/content/{seed.pk}/see-also/"),
            ("v3 pages, 20", "/api/v3/pages/?limit=20"),
            ("v3 pages, 100", "/api/v3/pages/?limit=100"),
            (
                "v2 articles fields=*,-body, 20",
                "/api/v2/pages/?type=articles.ArticlePage&fields=*,-body&limit=20",
            ),
            (
                "v2 articles fields=*,-body, 100",
                "/api/v2/pages/?type=articles.ArticlePage&fields=*,-body&limit=100",
            ),
        ]
        print(
            f"{connection.vendor}, {ArticlePage.objects.live().count()} articles, "
            f"median of {args.repeat}"
        )
        print(f"{'request':34} {'queries':>7} {'ms':>8} {'CPU ms':>7} {'bytes':>9}")
        for label, url in urls:
            queries, ms, cpu, size = measure(client, url, args.repeat)
            print(f"{label:34} {queries:7d} {ms:8.1f} {cpu:7.1f} {size:9d}")
        if args.profile:
            profile(client, urls, args.profile, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
