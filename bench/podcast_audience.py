"""Benchmark: the podcast audience counter and its reports.

1. Throughput of the counting endpoint (/podcasts/audio/…: count, then serve
   with byte ranges) against the same file served directly by the media view
   (/media/…), in process, for whole-file downloads, 256 kB ranges and
   ``bytes=0-1`` probes, each request from another listener (so that the
   counter works: hash, cache, and an insert per counted download).
2. Time of the admin report and of build_report() for a show with N recorded
   downloads (default 1,000,000; PostgreSQL with DATABASE_URL: rows made by
   generate_series), over a year, per day, week and month.

    DATABASE_URL=postgres://… REDIS_URL=redis://… \\
      .venv/bin/python bench/podcast_audience.py [--downloads 1000000] [--requests 300]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings.test")
# The direct path to compare with: the media view (site_config.media).
os.environ.setdefault("PRESSROOM_SERVE_MEDIA", "true")
# Redis's answer awaited up to a second (production: 50 ms, past which the
# counter keeps requests in the database): on a loaded machine the shorter
# timeout would measure outages, not the counter.
os.environ.setdefault("REDIS_TIMEOUT", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

APPS = [
    "Apple Podcasts",
    "Spotify",
    "Overcast",
    "Pocket Casts",
    "Deezer",
    "Chrome",
    "Safari",
    "Firefox",
    "Castbox",
    "Podcast Addict",
    "AntennaPod",
    "Amazon Music",
]
PLATFORMS = [
    "Apple iPhone",
    "Android Phone",
    "Apple Computer",
    "Windows Computer",
    "Apple HomePod",
    "Google Home",
]
DEVICES = ["mobile", "mobile", "computer", "computer", "smart_speaker", "smart_speaker"]
SOURCES = ["feed", "player", "download"]
SIZE = 4 * 1024 * 1024  # a 4 MB episode, ~4 minutes at 128 kbit/s


def build():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from wagtail.models import Page, Site

    from podcasts.models import AudioFile
    from tests.factories import HomePageFactory, PodcastShowPageFactory
    from tests.factories_podcasts import quick_episodes

    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="bench-home")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    show = PodcastShowPageFactory(parent=home)
    name = default_storage.save(
        "podcasts/audio/bench.mp3", ContentFile(os.urandom(SIZE))
    )
    audio = AudioFile.objects.create(
        title="Bench",
        file=name,
        duration_seconds=262,
        file_size=SIZE,
        mime_type="audio/mpeg",
    )
    episodes = quick_episodes(
        show, 50, audio=audio, start=datetime.date.today() - datetime.timedelta(400)
    )
    return show, episodes, audio


def throughput(client, url, count, range_header=None):
    headers = {"HTTP_USER_AGENT": "Podcasts/1710.3 CFNetwork/1494.0.7 Darwin/23.4.0"}
    if range_header:
        headers["HTTP_RANGE"] = range_header
    received = 0
    start = time.perf_counter()
    for n in range(count):
        # Another listener each time: 10.x.y.z.
        headers["REMOTE_ADDR"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        response = client.get(url, **headers)
        assert response.status_code in (200, 206), (url, response.status_code)
        for chunk in (
            response.streaming_content if response.streaming else [response.content]
        ):
            received += len(chunk)
        response.close()
    elapsed = time.perf_counter() - start
    return count / elapsed, received


def record(show, episodes, total):
    """``total`` downloads over the last 365 days, then their daily aggregates."""
    from podcasts.audience.counting import rebuild_daily_downloads
    from podcasts.models import EpisodeDownload

    ids = [e.pk for e in episodes]
    start = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO podcasts_episodedownload (episode_id, show_id,
                    counted_at, day, listener, source, app, platform,
                    device_class, country)
                SELECT (%(ids)s::bigint[])[1 + g %% %(n)s], %(show)s,
                       now() - (g %% 365) * interval '1 day',
                       (now() - (g %% 365) * interval '1 day')::date,
                       md5(g::text) || md5((g + 1)::text),
                       -- Skewed like real audiences: a few apps and
                       -- platforms bring most downloads.
                       (%(sources)s::text[])[1 + floor(3 * random() ^ 2)::int],
                       (%(apps)s::text[])[1 + floor(12 * random() ^ 3)::int],
                       (%(platforms)s::text[])[1 + p],
                       (%(devices)s::text[])[1 + p],
                       ''
                FROM generate_series(1, %(total)s) AS g,
                     LATERAL (SELECT floor(6 * random() ^ 2)::int + g * 0 AS p) AS r
                """,
                {
                    "ids": ids,
                    "n": len(ids),
                    "show": show.pk,
                    "sources": SOURCES,
                    "apps": APPS,
                    "platforms": PLATFORMS,
                    "devices": DEVICES,
                    "total": total,
                },
            )
    else:
        today = datetime.date.today()
        now = django.utils.timezone.now()
        batch = []
        for g in range(total):
            day = today - datetime.timedelta(days=g % 365)
            batch.append(
                EpisodeDownload(
                    episode_id=ids[g % len(ids)],
                    show_id=show.pk,
                    counted_at=now - datetime.timedelta(days=g % 365),
                    day=day,
                    listener=f"{g:064x}",
                    source=SOURCES[g % 3],
                    app=APPS[g * 7 % 12],
                    platform=PLATFORMS[g * 5 % 6],
                    device_class=DEVICES[g * 5 % 6],
                )
            )
            if len(batch) == 10000:
                EpisodeDownload.objects.bulk_create(batch)
                batch = []
        EpisodeDownload.objects.bulk_create(batch)
    inserted = time.perf_counter() - start
    start = time.perf_counter()
    rebuild_daily_downloads()
    return inserted, time.perf_counter() - start


def main():
    import django.utils.timezone  # noqa: F401

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--downloads", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    print(f"database: {connection.vendor}, cache: {cache.__class__.__name__}")
    try:
        show, episodes, audio = build()
        client = Client()
        episode = episodes[0]
        direct = audio.file.url
        counted = episode.published_audio_url("feed", root_url="")
        # As in production: downloads counted on Redis are moved into the
        # database by a task of the database queue, queued once per drain
        # interval (the queue's worker is not run here: the drain is timed
        # on its own below).
        queue = override_settings(
            TASKS={
                **settings.TASKS,
                "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
            }
        )
        queue.enable()
        from podcasts.audience.redis_counter import drain_pending

        drains = []
        print(f"\n1. throughput, {args.requests} requests each, file {SIZE // 1024} kB")
        print(
            f"{'request':<22} {'direct req/s':>12} {'counted req/s':>13} {'ratio':>6}"
        )
        for label, header, count in (
            ("whole file", None, max(args.requests // 10, 20)),
            ("256 kB range", "bytes=1048576-1310719", args.requests),
            ("bytes=0-1 probe", "bytes=0-1", args.requests),
        ):
            cache.clear()
            throughput(client, direct, 10, header)  # warm up
            throughput(client, counted, 10, header)
            cache.clear()
            direct_rate, direct_bytes = throughput(client, direct, count, header)
            counted_rate, counted_bytes = throughput(client, counted, count, header)
            start = time.perf_counter()
            moved = drain_pending()  # before the next cache.clear()
            drains.append((moved, time.perf_counter() - start))
            assert direct_bytes == counted_bytes, (direct_bytes, counted_bytes)
            print(
                f"{label:<22} {direct_rate:>12.0f} {counted_rate:>13.0f} "
                f"{counted_rate / direct_rate:>5.2f}x"
            )

        queue.disable()
        for moved, elapsed in drains:
            if moved:
                print(
                    f"drain task: {moved} counted downloads moved into the "
                    f"database in {elapsed * 1000:.0f} ms"
                )

        from django.contrib.auth import get_user_model

        from podcasts.audience.reports import build_report
        from podcasts.models import DailyEpisodeDownloads

        print(f"\n2. report of a show with {args.downloads:,} recorded downloads")
        inserted, rolled = record(show, episodes, args.downloads)
        rows = DailyEpisodeDownloads.objects.count()
        print(
            f"rows made in {inserted:.1f} s; daily aggregates rebuilt in "
            f"{rolled:.1f} s ({rows:,} aggregate rows)"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        end = datetime.date.today()
        start = end - datetime.timedelta(days=364)
        admin = get_user_model().objects.create_superuser("bench", "b@example.com", "x")
        client.force_login(admin)
        print(
            f"{'period':<8} {'build_report ms':>15} {'admin page ms':>13} {'total':>10}"
        )
        for period in ("day", "week", "month"):
            times, page_times = [], []
            for _ in range(args.repeat):
                t = time.perf_counter()
                report = build_report(start, end, period, show=show)
                times.append(time.perf_counter() - t)
                t = time.perf_counter()
                response = client.get(
                    f"/admin/reports/podcast-audience/?show={show.pk}"
                    f"&start={start}&end={end}&period={period}"
                )
                page_times.append(time.perf_counter() - t)
                assert response.status_code == 200
            print(
                f"{period:<8} {statistics.median(times) * 1000:>15.0f} "
                f"{statistics.median(page_times) * 1000:>13.0f} {report.total:>10,}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
