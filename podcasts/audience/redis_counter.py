"""The counter on Redis: one round trip per audio request, no database write.

One Lua script reads what the endpoint serves (the episode's lookup, kept as
JSON), adds the bytes the listener asked for, marks the listener counted and
queues the counted download on a Redis list, all atomically. A task of the
queue (``drain_downloads``) moves the queued downloads into the database in
batches: one insert of rows and one upsert per aggregate key, instead of a
transaction per download. The script says when a drain is due (at most one
per ``PRESSROOM_PODCAST_AUDIENCE_DRAIN_INTERVAL`` seconds), and the drain
clears that mark before its last pass, so nothing queued waits for a next
download.

While Redis is down, each counting request is kept in the database as a
``SpooledAudioRequest`` (one insert) and counted, in order and under the
same rules, by the first drain once Redis answers again.
"""

import json
import logging

from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, transaction

from podcasts.conf import get_setting
from podcasts.models import SpooledAudioRequest

from . import counting

logger = logging.getLogger(__name__)

PENDING = "pressroom:audience:pending"
DRAIN_DUE = "pressroom:audience:drain-due"
# Stands for yesterday's keys when there is no yesterday's salt (never written).
NOTHING = "pressroom:audience:none"
BATCH = 1000

# KEYS: lookup, counted, bytes, previous counted, previous bytes, pending, drain due
# ARGV: count (1/0), first, last (ranges: first -1 = suffix of `last` bytes,
# last -1 = to the end), window, record JSON, drain interval, lookup JSON
# (given: not read), lookup lifetime.
SCRIPT = """
local info = ARGV[7]
if info == '' then
  info = redis.call('GET', KEYS[1])
  if not info then return {false, 0, 0} end
else
  redis.call('SET', KEYS[1], info, 'EX', ARGV[8])
end
if ARGV[1] ~= '1' then return {info, 0, 0} end
local e = cjson.decode(info)
if e.missing then return {info, 0, 0} end
local size = tonumber(e.file_size) or 0
local first, last = tonumber(ARGV[2]), tonumber(ARGV[3])
local covered
if first < 0 then
  covered = math.min(last, size)
else
  if last < 0 or last >= size then last = size - 1 end
  covered = last - first + 1
end
if covered <= 0 then return {info, 0, 0} end
if redis.call('EXISTS', KEYS[2], KEYS[4]) > 0 then return {info, 0, 0} end
local total = redis.call('INCRBY', KEYS[3], covered)
if total == covered then redis.call('EXPIRE', KEYS[3], ARGV[4]) end
total = total + (tonumber(redis.call('GET', KEYS[5])) or 0)
local duration = tonumber(e.duration_seconds) or 0
local minimum
if size <= 0 then
  minimum = MIN_BYTES
elseif duration <= 60 then
  minimum = size
else
  minimum = math.max(MIN_BYTES, math.min(size, math.floor(size * 60 / duration)))
end
if total < minimum then return {info, 0, 0} end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
local record = cjson.decode(ARGV[5])
record.show_id = e.show_id
redis.call('RPUSH', KEYS[6], cjson.encode(record))
local interval = tonumber(ARGV[6])
if interval > 0 and not redis.call('SET', KEYS[7], '1', 'NX', 'EX', interval) then
  return {info, 1, 0}
end
return {info, 1, 1}
""".replace("MIN_BYTES", str(counting.MIN_BYTES))


class Unavailable(Exception):
    """Redis did not answer (or is left alone for a while after failing)."""


_UNAVAILABLE = object()
_registered = []
# This process kept requests in the database during an outage: the first
# round trip that works again schedules their replay.
_spooled = [False]


def counter_for(cache):
    """A ``RedisCounter`` when the audience cache is Redis, else ``None``
    (the generic path of ``counting`` then counts through the cache API)."""
    if isinstance(cache, RedisCache):
        return RedisCounter(cache)
    return None


class RedisCounter:
    def __init__(self, cache):
        self.cache = cache

    def _run(self, operation):
        """``operation(client)``; ``Unavailable`` when Redis fails. Through
        the site's fault-tolerant cache's breaker when it has one
        (``site_config.cache``), so a dead Redis costs one timeout per retry
        interval, not one per request."""
        from redis.exceptions import RedisError

        def call():
            return operation(self.cache._cache.get_client(None, write=True))

        breaker = getattr(self.cache, "_call", None)
        try:
            result = breaker(call, _UNAVAILABLE) if breaker else call()
        except RedisError as error:
            raise Unavailable from error
        if result is _UNAVAILABLE:
            raise Unavailable
        return result

    def _script(self, client):
        # One per process: Django makes a client per call, the script object
        # only keeps the script's SHA (loaded again if Redis lost it).
        if not _registered:
            _registered.append(client.register_script(SCRIPT))
        return _registered[0]

    def key(self, name):
        return self.cache.make_key(name)

    def lookup_and_count(self, episode_id, ticket, info=None, lifetime=60):
        """One round trip: ``(lookup, counted, drain_due)``; ``lookup`` is
        ``None`` when Redis does not hold it (``info`` then stores it)."""
        keys = [self.key(f"pressroom:audience:episode:{episode_id}")]
        args = ["0", 0, 0, 0, "", 0, "", lifetime]
        if ticket is not None:
            keys += ticket.keys(self.key)
            args[:6] = [
                "1",
                ticket.first,
                ticket.last,
                counting.WINDOW,
                json.dumps(ticket.record),
                get_setting("PRESSROOM_PODCAST_AUDIENCE_DRAIN_INTERVAL"),
            ]
        else:
            keys += [self.key(NOTHING)] * 4
        keys += [self.key(PENDING), self.key(DRAIN_DUE)]
        if info is not None:
            args[6] = json.dumps(info)

        def run(client):
            return self._script(client)(keys=keys, args=args, client=client)

        found, counted, drain = self._run(run)
        if _spooled[0]:
            _spooled[0] = False
            drain = 1
        if found is None:
            return None, False, False
        return json.loads(found), bool(counted), bool(drain)

    def forget(self, episode_id):
        key = self.key(f"pressroom:audience:episode:{episode_id}")
        self._run(lambda client: client.delete(key))

    def drain(self):
        """Move every queued download into the database; returns how many.
        Then replays what was kept while Redis was down."""
        pending, due = self.key(PENDING), self.key(DRAIN_DUE)
        moved = 0
        for last_pass in (False, True):
            if last_pass:
                # A download queued from now on schedules a drain of its own.
                self._run(lambda client: client.delete(due))
            while True:
                items = self._run(lambda client: client.lpop(pending, BATCH))
                if not items:
                    break
                records = [json.loads(item) for item in items]
                try:
                    counting.record_downloads(records)
                except DatabaseError:
                    # Back on the list for the next drain.
                    self._run(lambda client, items=items: client.rpush(pending, *items))
                    raise
                moved += len(records)
        replayed = self.replay_spool()
        if replayed:
            moved += self.drain()
        return moved

    def replay_spool(self):
        """Count the requests kept while Redis was down, in the order they
        came; returns how many were replayed."""
        from .lookups import load_lookup

        done = 0
        while True:
            rows = list(SpooledAudioRequest.objects.order_by("pk")[:BATCH])
            if not rows:
                return done
            lookups = {}
            for row in rows:
                if row.episode_id not in lookups:
                    lookups[row.episode_id] = load_lookup(row.episode_id)
                info = lookups[row.episode_id]
                if info.get("missing"):
                    continue
                ticket = counting.Ticket.from_spool(row)
                self.lookup_and_count(row.episode_id, ticket, info=info)
            with transaction.atomic():
                SpooledAudioRequest.objects.filter(
                    pk__in=[row.pk for row in rows]
                ).delete()
            done += len(rows)


def spool(episode_id, ticket, covered):
    """Keep one counting request while Redis is down (one insert)."""
    record = ticket.record
    try:
        SpooledAudioRequest.objects.create(
            episode_id=episode_id,
            listener=ticket.listener,
            previous_listener=ticket.previous_listener or "",
            covered_bytes=covered,
            requested_at=ticket.now,
            source=record["source"],
            app=record["app"],
            platform=record["platform"],
            device_class=record["device_class"],
            country=record["country"],
        )
    except DatabaseError:
        logger.warning(
            "Podcast download of episode %s not counted: Redis and the "
            "database unavailable.",
            episode_id,
            exc_info=True,
        )
        return
    _spooled[0] = True


def drain_pending():
    """Drain the audience cache's queue when it is Redis; returns how many
    downloads reached the database."""
    counter = counter_for(counting._cache())
    if counter is None:
        return 0
    try:
        return counter.drain()
    except Unavailable:
        logger.warning("Podcast downloads not drained: Redis unavailable.")
        return 0
