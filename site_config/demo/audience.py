"""A few weeks of generated podcast downloads, so that the demo's audience
report (Reports → Podcast audience) has something to show.

Generated rows look like counted ones (hashed listeners, apps, platforms and
sources from the OPAWG names); idempotent: nothing is added once the demo's
episodes have downloads.
"""

import datetime
import math
import random
import secrets

from django.utils import timezone

from podcasts.audience.counting import rebuild_daily_downloads
from podcasts.models import EpisodeDownload, PodcastEpisodePage

WEEKS = 4
# (app, platform, device class, weight): a few apps bring most listens.
CLIENTS = [
    ("Apple Podcasts", "Apple iPhone", "mobile", 38),
    ("Spotify", "Android Phone", "mobile", 24),
    ("Spotify", "Apple iPhone", "mobile", 10),
    ("Deezer", "Android Phone", "mobile", 6),
    ("Pocket Casts", "Android Phone", "mobile", 4),
    ("Overcast", "Apple iPhone", "mobile", 4),
    ("Chrome", "Windows Computer", "computer", 7),
    ("Safari", "Apple Computer", "computer", 4),
    ("Amazon Music", "Amazon Echo", "smart_speaker", 3),
]
SOURCES = [("feed", 80), ("player", 15), ("download", 5)]


def generate_demo_downloads(stdout=None, weeks=WEEKS, seed=2026):
    """Downloads of every live episode over the last ``weeks`` weeks: many in
    the days after release, then a long tail. Returns how many were added."""
    episodes = list(
        PodcastEpisodePage.objects.live().filter(audio__isnull=False).specific()
    )
    ids = [episode.pk for episode in episodes]
    if not ids or EpisodeDownload.objects.filter(episode_id__in=ids).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    first_day = today - datetime.timedelta(weeks=weeks)
    rows = []
    for episode in episodes:
        show_id = episode.get_parent().pk
        released = episode.publication_date or first_day
        day = max(released, first_day)
        while day <= today:
            age = (day - released).days
            count = int(60 * math.exp(-age / 5) + rng.randint(3, 12))
            for _ in range(count):
                app, platform, device, _weight = rng.choices(
                    CLIENTS, weights=[c[3] for c in CLIENTS]
                )[0]
                source = rng.choices(
                    [s for s, _ in SOURCES], weights=[w for _, w in SOURCES]
                )[0]
                at = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(rng.randint(6, 22)))
                )
                rows.append(
                    EpisodeDownload(
                        episode_id=episode.pk,
                        show_id=show_id,
                        counted_at=at,
                        day=day,
                        # Like a counted listener: a hash nobody can reverse.
                        listener=secrets.token_hex(32),
                        source=source,
                        app=app,
                        platform=platform,
                        device_class=device,
                    )
                )
            day += datetime.timedelta(days=1)
    EpisodeDownload.objects.bulk_create(rows, batch_size=2000)
    rebuild_daily_downloads()
    if stdout is not None:
        stdout.write(f"Podcast audience: {len(rows)} generated downloads.")
    return len(rows)
