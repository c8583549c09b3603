"""Download counting after the IAB Podcast Measurement Technical Guidelines v2.

- A listener is ``sha256(daily salt + IP + user agent)``. The salt is random,
  lives in the cache and expires two days later, so no IP address can be
  recovered from what is kept, and none is ever stored or logged.
- A download counts once per listener, episode and 24 hours, when the bytes
  the listener asked for (all its requests added up: apps stream in ranges)
  reach one minute of audio, or the whole file when it is shorter. A
  ``bytes=0-1`` probe adds two bytes and counts nothing on its own.
- Bots and crawlers of the OPAWG list are never counted.
- Counting never stands in the way of listening: any failure of the cache or
  the database is logged (without the address) and the audio is served.

Per listener and episode, the cache holds the bytes asked for and a "counted"
mark, both for 24 hours. A request the day after a listener's first one also
looks up the previous day's salt, so a download spanning midnight counts once.
"""

import datetime
import hashlib
import logging
import secrets

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from podcasts.conf import get_setting
from podcasts.models import DailyEpisodeDownloads, DailyEpisodeTotal, EpisodeDownload

from .useragents import classify

logger = logging.getLogger(__name__)

WINDOW = 24 * 60 * 60
SALT_LIFETIME = 2 * WINDOW + 3600
# Whole file when shorter than a minute; at least this much anyway, so that a
# file with bad metadata never counts a probe.
MIN_BYTES = 1024


def _cache():
    return caches[get_setting("PRESSROOM_PODCAST_AUDIENCE_CACHE")]


def current_time():
    return timezone.now()


def _salt_key(day):
    return f"pressroom:audience:salt:{day.isoformat()}"


def salt_keys(today):
    """Cache keys of today's and yesterday's salts (the endpoint reads them
    with what it serves, in one round trip)."""
    return [_salt_key(today), _salt_key(today - datetime.timedelta(days=1))]


def salts(today, found=None):
    """Today's and yesterday's salts. Random, shared by every worker through
    the cache (the first worker to need today's makes it), gone two days
    later; today's is ``None`` when the cache is unavailable. ``found``: the
    answer of an earlier read of ``salt_keys(today)``."""
    cache = _cache()
    yesterday = today - datetime.timedelta(days=1)
    if found is None:
        found = cache.get_many(salt_keys(today))
    salt = found.get(_salt_key(today))
    if salt is None:
        cache.add(_salt_key(today), secrets.token_hex(32), SALT_LIFETIME)
        salt = cache.get(_salt_key(today))
    return salt, found.get(_salt_key(yesterday))


def listener_hash(salt, ip, user_agent):
    return hashlib.sha256(f"{salt}\n{ip}\n{user_agent}".encode()).hexdigest()


def client_ip(request):
    header = get_setting("PRESSROOM_PODCAST_AUDIENCE_CLIENT_IP_HEADER")
    if header:
        value = request.headers.get(header, "")
        # X-Forwarded-For lists the client first.
        value = value.split(",")[0].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR", "")


def minimum_bytes(file_size, duration_seconds):
    """Bytes a request must cover to count: one minute of audio (from the
    file's average bitrate), or the whole file when it is shorter."""
    if not file_size:
        return MIN_BYTES
    if not duration_seconds or duration_seconds <= 60:
        return file_size
    return max(MIN_BYTES, min(file_size, file_size * 60 // duration_seconds))


def _country(ip):
    path = get_setting("PRESSROOM_PODCAST_AUDIENCE_GEOIP_PATH")
    if not path:
        return ""
    try:
        import geoip2.database  # optional: pip install geoip2

        with geoip2.database.Reader(path) as reader:
            return reader.country(ip).country.iso_code or ""
    except Exception:  # noqa: BLE001 - no country is a valid answer
        return ""


def register_request(
    request, episode, source, covered_bytes, now=None, prefetched=None
):
    """Account one audio request; returns True when it counted a download.

    Never raises: the caller serves the audio whatever happens here.
    """
    try:
        return _register(request, episode, source, covered_bytes, now, prefetched)
    except Exception:  # listening goes on, whatever failed
        # No address in the log: only what was being counted.
        logger.warning(
            "Podcast download of episode %s not counted: counter unavailable.",
            episode.pk,
            exc_info=True,
        )
        return False


def _register(request, episode, source, covered_bytes, now, prefetched):
    # A probe (bytes=0-1) is accounted like any range: its two bytes never
    # reach a minute, and a listener's last few bytes may complete a file.
    if covered_bytes <= 0:
        return False
    user_agent = request.headers.get("User-Agent", "")
    client = classify(user_agent)
    if client.is_bot:
        return False
    now = now or current_time()
    today = timezone.localdate(now)
    ip = client_ip(request)
    salt, old_salt = salts(today, prefetched)
    if salt is None:
        return False
    listener = listener_hash(salt, ip, user_agent)
    keys = {"counted": f"pressroom:audience:c:{episode.pk}:{listener}"}
    keys["bytes"] = f"pressroom:audience:b:{episode.pk}:{listener}"
    if old_salt:
        old = listener_hash(old_salt, ip, user_agent)
        keys["old_counted"] = f"pressroom:audience:c:{episode.pk}:{old}"
        keys["old_bytes"] = f"pressroom:audience:b:{episode.pk}:{old}"
    cache = _cache()
    seen = cache.get_many(list(keys.values()))
    if keys["counted"] in seen or keys.get("old_counted") in seen:
        return False
    # One round trip: a listener's first request sets, the next ones add
    # (two first requests at once may lose a few bytes: never a double count).
    total = None
    if keys["bytes"] in seen:
        try:
            total = cache.incr(keys["bytes"], covered_bytes)
        except ValueError:  # expired since
            total = None
    if total is None:
        cache.set(keys["bytes"], covered_bytes, WINDOW)
        total = covered_bytes
    total += seen.get(keys.get("old_bytes"), 0)
    if total < minimum_bytes(episode.file_size, episode.duration_seconds):
        return False
    # add() is atomic: of two workers crossing the threshold together, one counts.
    if not cache.add(keys["counted"], 1, WINDOW):
        return False
    record_download(
        episode_id=episode.pk,
        show_id=getattr(episode, "show_id", None),
        counted_at=now,
        day=today,
        listener=listener,
        source=source,
        app=client.app,
        platform=client.platform,
        device_class=client.device_class,
        country=_country(ip),
    )
    return True


UPSERT_DAILY = """
INSERT INTO {table} (episode_id, show_id, day, source, app, platform,
                     device_class, country, downloads)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 1)
ON CONFLICT (episode_id, day, source, app, platform, device_class, country)
DO UPDATE SET downloads = {table}.downloads + 1
"""


UPSERT_TOTAL = """
INSERT INTO {table} (episode_id, show_id, day, downloads) VALUES (%s, %s, %s, 1)
ON CONFLICT (episode_id, day) DO UPDATE SET downloads = {table}.downloads + 1
"""


def record_download(**fields):
    """One counted download: its row and its day's aggregates, in one
    transaction (an insert and two upserts; both SQLite and PostgreSQL speak
    ``ON CONFLICT``)."""
    try:
        with transaction.atomic():
            EpisodeDownload.objects.create(**fields)
            table = connection.ops.quote_name(DailyEpisodeDownloads._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    UPSERT_DAILY.format(table=table),
                    [
                        fields["episode_id"],
                        fields["show_id"],
                        fields["day"],
                        fields["source"],
                        fields["app"],
                        fields["platform"],
                        fields["device_class"],
                        fields["country"],
                    ],
                )
                cursor.execute(
                    UPSERT_TOTAL.format(
                        table=connection.ops.quote_name(
                            DailyEpisodeTotal._meta.db_table
                        )
                    ),
                    [fields["episode_id"], fields["show_id"], fields["day"]],
                )
    except DatabaseError:
        logger.warning(
            "Podcast download of episode %s not recorded: database unavailable.",
            fields["episode_id"],
            exc_info=True,
        )
        # Let a later request of this listener try again.
        _cache().delete(
            f"pressroom:audience:c:{fields['episode_id']}:{fields['listener']}"
        )
        raise


REBUILD_DAILY = """
INSERT INTO {daily} (episode_id, show_id, day, source, app, platform,
                     device_class, country, downloads)
SELECT episode_id, show_id, day, source, app, platform, device_class, country,
       COUNT(*)
FROM {downloads}
GROUP BY episode_id, show_id, day, source, app, platform, device_class, country
"""
REBUILD_TOTALS = """
INSERT INTO {totals} (episode_id, show_id, day, downloads)
SELECT episode_id, MAX(show_id), day, COUNT(*)
FROM {downloads}
GROUP BY episode_id, day
"""


def rebuild_daily_downloads():
    """Recompute every daily aggregate from the download rows (after a bulk
    import of downloads, or to audit the aggregates)."""
    quote = connection.ops.quote_name
    with transaction.atomic():
        DailyEpisodeDownloads.objects.all().delete()
        DailyEpisodeTotal.objects.all().delete()
        downloads = quote(EpisodeDownload._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                REBUILD_DAILY.format(
                    daily=quote(DailyEpisodeDownloads._meta.db_table),
                    downloads=downloads,
                )
            )
            cursor.execute(
                REBUILD_TOTALS.format(
                    totals=quote(DailyEpisodeTotal._meta.db_table),
                    downloads=downloads,
                )
            )
