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
mark, both for 24 hours. On Redis, ``redis_counter`` does this in one round
trip and queues the counted download for a drain task; on any other cache,
``register_request`` does it through the cache API and writes at once. A request the day after a listener's first one also
looks up the previous day's salt, so a download spanning midnight counts once.
"""

import collections
import datetime
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from podcasts.conf import get_setting
from podcasts.models import DailyEpisodeDownloads, DailyEpisodeTotal, EpisodeDownload

from . import delivery
from .useragents import classify

logger = logging.getLogger(__name__)

WINDOW = 24 * 60 * 60
SALT_LIFETIME = 3 * WINDOW + 3600
# Whole file when shorter than a minute; at least this much anyway, so that a
# file with bad metadata never counts a probe.
MIN_BYTES = 1024


def _cache():
    return caches[get_setting("PRESSROOM_PODCAST_AUDIENCE_CACHE")]


def current_time():
    return timezone.now()


def _salt_key(day):
    return f"pressroom:audience:salt:{day.isoformat()}"


# Salts as this process last read them, per day: ``{day: (salt, read at)}``.
# Read from the cache at most every SALT_REFRESH seconds, so that a request
# costs no round trip for them, and kept through a cache outage, so that
# downloads are still told apart while Redis is down.
_salts = {}
SALT_REFRESH = 60


def _read_salts(today):
    """Yesterday's, today's and tomorrow's salts from the cache; today's and
    tomorrow's made when missing (the first process to need them makes them;
    tomorrow's ahead of time, so that a Redis down at midnight still leaves
    every worker the same salt)."""
    cache = _cache()
    days = [today + datetime.timedelta(days=offset) for offset in (-1, 0, 1)]
    found = cache.get_many([_salt_key(day) for day in days])
    for day in days[1:]:
        if _salt_key(day) not in found:
            known = _salts.get(day)
            # Redis lost it: this process's copy is put back, so that the
            # workers that still hold it keep agreeing with the others.
            cache.add(
                _salt_key(day),
                known[0] if known else secrets.token_hex(32),
                SALT_LIFETIME,
            )
            value = cache.get(_salt_key(day))
            if value is not None:
                found[_salt_key(day)] = value
    now = time.monotonic()
    for day in days:
        value = found.get(_salt_key(day))
        if value is not None:
            _salts[day] = (value, now)
    for day in [day for day in _salts if day < days[0]]:
        del _salts[day]


def salts(today):
    """Today's and yesterday's salts (yesterday's may be ``None``). Random,
    shared by every worker through the cache, gone two days later."""
    known = _salts.get(today)
    if known is None or time.monotonic() - known[1] > SALT_REFRESH:
        try:
            _read_salts(today)
        except Exception:  # noqa: BLE001 - the copy kept here still counts
            logger.warning("Podcast audience salts not read: cache unavailable.")
        if today not in _salts:
            # The cache is down and this process never read today's salt:
            # one of its own until the cache answers (listeners are then
            # told apart per worker for the length of the outage).
            _salts[today] = (secrets.token_hex(32), time.monotonic() - SALT_REFRESH)
            logger.warning("Podcast audience salt unavailable: using a local one.")
    yesterday = _salts.get(today - datetime.timedelta(days=1))
    return _salts[today][0], yesterday[0] if yesterday else None


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


@lru_cache(maxsize=2)
def _geoip_reader(path):
    import geoip2.database  # optional: pip install "pressroom[geoip]"

    return geoip2.database.Reader(path)


def country(ip):
    """ISO code of the address's country from the configured MaxMind
    database, or ``""`` (none configured, unknown address, unreadable file).
    The database is opened once per process."""
    path = get_setting("PRESSROOM_PODCAST_AUDIENCE_GEOIP_PATH")
    if not path or not ip:
        return ""
    try:
        return _geoip_reader(path).country(ip).country.iso_code or ""
    except Exception:  # noqa: BLE001 - no country is a valid answer
        return ""


def range_spec(range_header):
    """``(first, last)`` of the bytes a request asks for, before the file's
    size is known: ``(0, -1)`` for the whole file, ``(-1, n)`` for its last
    ``n`` bytes, ``last == -1`` to the end (``delivery.requested_range``
    resolves the same header once the size is known)."""
    match = delivery.SINGLE_RANGE.fullmatch(range_header or "")
    if match is None or not (match[1] or match[2]):
        return 0, -1
    if not match[1]:
        return -1, int(match[2])
    first = int(match[1])
    if not match[2]:
        return first, -1
    last = int(match[2])
    return (0, -1) if last < first else (first, last)


@dataclass
class Ticket:
    """One counting request: the listener under today's and yesterday's
    salts, the bytes asked for and the download it would record."""

    listener: str
    previous_listener: str | None
    first: int
    last: int
    now: datetime.datetime
    record: dict = field(default_factory=dict)

    def keys(self, make_key):
        old = self.previous_listener
        episode = self.record["episode_id"]
        return [
            make_key(f"pressroom:audience:c:{episode}:{self.listener}"),
            make_key(f"pressroom:audience:b:{episode}:{self.listener}"),
            make_key(f"pressroom:audience:c:{episode}:{old or '-'}"),
            make_key(f"pressroom:audience:b:{episode}:{old or '-'}"),
        ]

    @classmethod
    def from_spool(cls, row):
        return cls(
            listener=row.listener,
            previous_listener=row.previous_listener or None,
            first=0,
            last=row.covered_bytes - 1,
            now=row.requested_at,
            record=_record(
                row.episode_id,
                row.listener,
                row.requested_at,
                row.source,
                row,
                row.country,
            ),
        )


def _record(episode_id, listener, now, source, client, country_code):
    return {
        "episode_id": episode_id,
        "listener": listener,
        "counted_at": now.isoformat(),
        "day": timezone.localdate(now).isoformat(),
        "source": source,
        "app": client.app,
        "platform": client.platform,
        "device_class": client.device_class,
        "country": country_code,
    }


def ticket(request, episode_id, source, now):
    """The ``Ticket`` of a ``GET``; ``None`` for a bot or crawler (never
    counted)."""
    user_agent = request.headers.get("User-Agent", "")
    client = classify(user_agent)
    if client.is_bot:
        return None
    ip = client_ip(request)
    salt, old_salt = salts(timezone.localdate(now))
    listener = listener_hash(salt, ip, user_agent)
    first, last = range_spec(request.headers.get("Range", ""))
    return Ticket(
        listener=listener,
        previous_listener=listener_hash(old_salt, ip, user_agent) if old_salt else None,
        first=first,
        last=last,
        now=now,
        record=_record(episode_id, listener, now, source, client, country(ip)),
    )


def register_request(request, episode, source, covered_bytes, now=None):
    """Account one audio request through the cache's API (any cache but
    Redis, which ``redis_counter`` counts in one round trip); returns True
    when it counted a download. Never raises: the caller serves the audio
    whatever happens here."""
    try:
        return _register(request, episode, source, covered_bytes, now)
    except Exception:  # listening goes on, whatever failed
        # No address in the log: only what was being counted.
        logger.warning(
            "Podcast download of episode %s not counted: counter unavailable.",
            episode.pk,
            exc_info=True,
        )
        return False


def _register(request, episode, source, covered_bytes, now):
    # A probe (bytes=0-1) is accounted like any range: its two bytes never
    # reach a minute, and a listener's last few bytes may complete a file.
    if covered_bytes <= 0:
        return False
    now = now or current_time()
    found = ticket(request, episode.pk, source, now)
    if found is None:
        return False
    keys = dict(
        zip(
            ("counted", "bytes", "old_counted", "old_bytes"),
            found.keys(str),
            strict=True,
        )
    )
    cache = _cache()
    seen = cache.get_many(list(keys.values()))
    if keys["counted"] in seen or keys["old_counted"] in seen:
        return False
    # A listener's first request sets, the next ones add (two first requests
    # at once may lose a few bytes: never a double count).
    total = None
    if keys["bytes"] in seen:
        try:
            total = cache.incr(keys["bytes"], covered_bytes)
        except ValueError:  # expired since
            total = None
    if total is None:
        cache.set(keys["bytes"], covered_bytes, WINDOW)
        total = covered_bytes
    total += seen.get(keys["old_bytes"], 0)
    if total < minimum_bytes(episode.file_size, episode.duration_seconds):
        return False
    # add() is atomic: of two workers crossing the threshold together, one counts.
    if not cache.add(keys["counted"], 1, WINDOW):
        return False
    found.record["show_id"] = getattr(episode, "show_id", None)
    try:
        record_downloads([found.record])
    except DatabaseError:
        # Let a later request of this listener try again.
        cache.delete(keys["counted"])
        raise
    return True


UPSERT_DAILY = """
INSERT INTO {table} (episode_id, show_id, day, source, app, platform,
                     device_class, country, downloads)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (episode_id, day, source, app, platform, device_class, country)
DO UPDATE SET downloads = {table}.downloads + EXCLUDED.downloads
"""


UPSERT_TOTAL = """
INSERT INTO {table} (episode_id, show_id, day, downloads) VALUES (%s, %s, %s, %s)
ON CONFLICT (episode_id, day)
DO UPDATE SET downloads = {table}.downloads + EXCLUDED.downloads
"""

DIMENSIONS = ("source", "app", "platform", "device_class", "country")


def record_downloads(records):
    """Counted downloads (dicts of ``EpisodeDownload`` fields, times in ISO
    form or as objects): their rows and their days' aggregates, in one
    transaction of one bulk insert and one upsert per aggregate key (both
    SQLite and PostgreSQL speak ``ON CONFLICT``)."""
    rows, daily, totals = [], collections.Counter(), collections.Counter()
    for record in records:
        fields = dict(record)
        if isinstance(fields["counted_at"], str):
            fields["counted_at"] = datetime.datetime.fromisoformat(fields["counted_at"])
        if isinstance(fields["day"], str):
            fields["day"] = datetime.date.fromisoformat(fields["day"])
        rows.append(EpisodeDownload(**fields))
        day = (fields["episode_id"], fields.get("show_id"), fields["day"])
        daily[day + tuple(fields[name] for name in DIMENSIONS)] += 1
        totals[day] += 1
    quote = connection.ops.quote_name
    try:
        with transaction.atomic():
            EpisodeDownload.objects.bulk_create(rows)
            with connection.cursor() as cursor:
                cursor.executemany(
                    UPSERT_DAILY.format(
                        table=quote(DailyEpisodeDownloads._meta.db_table)
                    ),
                    [key + (count,) for key, count in daily.items()],
                )
                cursor.executemany(
                    UPSERT_TOTAL.format(table=quote(DailyEpisodeTotal._meta.db_table)),
                    [key + (count,) for key, count in totals.items()],
                )
    except DatabaseError:
        logger.warning(
            "%s podcast downloads not recorded: database unavailable.",
            len(rows),
            exc_info=True,
        )
        raise


def record_download(**fields):
    """One counted download (``record_downloads`` of one)."""
    record_downloads([fields])


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
