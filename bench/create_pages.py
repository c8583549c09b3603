"""Benchmark: creating published pages (issue 11: at least 70 pages/s).

Builds a throw-away database (SQLite in a temporary directory by default, or
the test database of DATABASE_URL), loads the demo publication, then creates
N articles (tags, a hero image, a five-block body; each with its revision,
"wagtail.create" and "wagtail.publish" log entries, search and reference
index rows, published) and prints pages/s by the wall clock and pages per
CPU second (``time.process_time``, the steadier figure on a loaded machine)
for each way:

* ``demo``: ``load_demo_publication --no-user --articles N`` (the demo's
  builder, through ``editorial.bulk.bulk_create_pages``);
* ``bulk``: ``bulk_create_pages`` alone, the pages built beforehand;
* ``wagtail``: Wagtail's own path, ``add_child`` + ``save_revision`` +
  ``publish`` per page inside ``deferred_indexing()`` (what the demo command
  did before), for comparison (``--wagtail N``, 0 to skip).

    .venv/bin/python bench/create_pages.py [--sizes 1000,10000] [--wagtail 200]
        [--profile bulk]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")


def synthetic_pages(builder, start, count):
    """``count`` unsaved demo articles numbered from ``start``."""
    from articles.models import ArticlePage
    from site_config.demo.builder import publication_datetime, synthetic_article

    pages = []
    for number in range(start, start + count):
        data = synthetic_article(number)
        page = ArticlePage(
            title=data["title"],
            slug=f"article-bench-{number:06d}",
            standfirst=data["standfirst"],
            hero_image=builder.image(data["hero"]),
            body=builder.stream(data["body"]),
            publication_date=data["date"],
            first_published_at=publication_datetime(data["date"]),
        )
        page.tags.add(*builder.tags(data["tags"]))
        pages.append(page)
    return pages


def timed(label, count, run, profile=False):
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    if profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
    print(
        f"{label:34} {count:7d} {wall:8.1f} {count / wall:9.1f} {count / cpu:11.1f}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated N")
    parser.add_argument(
        "--wagtail", type=int, default=200, help="pages through Wagtail's path"
    )
    parser.add_argument(
        "--profile", choices=["demo", "bulk", "wagtail"], help="cProfile one way"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]

    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        tmp = tempfile.mkdtemp(prefix="pressroom-bench-")
        database.setdefault("TEST", {})["NAME"] = str(Path(tmp) / "bench.sqlite3")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command(
            "load_demo_publication", "--no-user", verbosity=0, stdout=io.StringIO()
        )
        from articles.models import ArticleIndexPage
        from editorial.bulk import bulk_create_pages, deferred_indexing
        from site_config.demo.builder import DemoBuilder

        index = ArticleIndexPage.objects.get()
        builder = DemoBuilder(io.StringIO(), None)
        print(f"database: {connection.vendor}")
        print(
            f"{'way':34} {'pages':>7} {'wall s':>8} {'pages/s':>9} {'pages/CPU s':>11}"
        )
        demo_total, start = 0, 1_000_000
        for size in sizes:
            demo_total += size
            timed(
                "demo command (--articles N)",
                size,
                lambda total=demo_total: call_command(
                    "load_demo_publication",
                    "--no-user",
                    "--articles",
                    str(total),
                    verbosity=0,
                    stdout=io.StringIO(),
                ),
                args.profile == "demo",
            )
            # Built beforehand: what is timed is the writing.
            pages = synthetic_pages(builder, start, size)
            start += size

            def bulk(pages=pages):
                bulk_create_pages(index, pages)

            timed("bulk_create_pages", size, bulk, args.profile == "bulk")
        if args.wagtail:
            pages = synthetic_pages(builder, start, args.wagtail)

            def wagtail():
                with transaction.atomic(), deferred_indexing():
                    for page in pages:
                        index.add_child(instance=page)
                        page.save_revision(clean=False).publish()

            timed(
                "Wagtail's path (deferred indexing)",
                args.wagtail,
                wagtail,
                args.profile == "wagtail",
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
