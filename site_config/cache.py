"""Django's Redis cache as an accelerator that is never a single point of failure.

``FaultTolerantRedisCache`` is ``django.core.cache.backends.redis.RedisCache``
where Redis refusing connections or not answering within its (short) socket
timeouts counts as a cache miss: reads answer their default, writes are
dropped. After a failure the server is left alone for ``RETRY_INTERVAL``
seconds (a circuit breaker), so a hung Redis costs a request at most one
socket timeout per interval instead of one per cache call; then one call
probes it again and the cache recovers by itself.

A write dropped during an outage may leave Redis holding a value the site has
since replaced (an invalidation that never arrived, or a command that a
suspended Redis runs once it resumes), so the first thing done when Redis
answers again is to delete every key written during the outage; past
``MAX_LOST_WRITES`` keys the whole cache database is cleared instead.

The outage is logged once when it starts (then at most once per
``LOG_INTERVAL`` while it lasts) and once when it ends, not once per request.
The state is per process and per server address, shared by the cache's
per-thread instances.

django-redis's ``IGNORE_EXCEPTIONS`` belongs to its own backend and client,
logs every failed call and retries a hung server on every call; this backend
keeps Django's and adds the breaker and the repair of lost writes.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis unreachable, refusing, loading its data set or too slow to answer.
REDIS_FAULTS = (RedisConnectionError, RedisTimeoutError)

# OPTIONS read by this backend (the others go to redis-py's connection pool),
# with their defaults.
BACKEND_OPTIONS = {
    # Seconds during which a failed server is not tried again.
    "RETRY_INTERVAL": 5.0,
    # Seconds between two log lines about the same ongoing outage.
    "LOG_INTERVAL": 60.0,
    # Keys written during an outage that are deleted one by one on recovery.
    "MAX_LOST_WRITES": 10_000,
}


class Outage:
    """Whether one Redis server is failing, as seen by this process, and the
    keys written while it was."""

    def __init__(self, retry_interval, log_interval, max_lost_writes):
        self.retry_interval = retry_interval
        self.log_interval = log_interval
        self.max_lost_writes = max_lost_writes
        self.lock = threading.Lock()
        self.started = None  # time.monotonic() of the first failure, None if healthy
        self.next_attempt = 0.0
        self.last_logged = 0.0
        self.lost_writes = set()  # or ALL_KEYS

    @property
    def ongoing(self):
        return self.started is not None

    def claim_attempt(self, lost_writes):
        """True if the server may be called now: healthy, or this caller is the
        one probe allowed per retry interval. Otherwise the keys that
        ``lost_writes()`` gives are recorded as lost."""
        with self.lock:
            if self.started is None:
                return True
            now = time.monotonic()
            if now >= self.next_attempt:
                self.next_attempt = now + self.retry_interval
                return True
            self._record(lost_writes())
            return False

    def failed(self, error, lost_writes):
        with self.lock:
            self._record(lost_writes())
            now = time.monotonic()
            self.next_attempt = now + self.retry_interval
            if self.started is None:
                self.started = now
                self.last_logged = now
                logger.error(
                    "Redis cache unavailable, answering without the cache and "
                    "retrying every %s s: %s",
                    self.retry_interval,
                    error,
                )
            elif now - self.last_logged >= self.log_interval:
                self.last_logged = now
                logger.error(
                    "Redis cache still unavailable after %.0f s: %s",
                    now - self.started,
                    error,
                )

    def lose_writes(self, keys):
        with self.lock:
            self._record(keys)

    def _record(self, keys):
        if self.lost_writes is ALL_KEYS:
            return
        if keys is ALL_KEYS:
            self.lost_writes = ALL_KEYS
            return
        self.lost_writes.update(keys)
        if len(self.lost_writes) > self.max_lost_writes:
            self.lost_writes = ALL_KEYS

    def take_lost_writes(self):
        """The keys written during the outage so far (or ALL_KEYS), forgotten here."""
        with self.lock:
            lost, self.lost_writes = self.lost_writes, set()
            return lost

    def end(self):
        """The outage is over: no write is skipped from now on. Returns the
        writes skipped since ``take_lost_writes()``."""
        with self.lock:
            if self.started is not None:
                logger.warning(
                    "Redis cache available again after %.0f s",
                    time.monotonic() - self.started,
                )
            self.started = None
            lost, self.lost_writes = self.lost_writes, set()
            return lost


# ``written`` of an operation that replaces every key (clear); the lost writes
# of an outage that skipped too many to delete them one by one.
ALL_KEYS = object()

_outages = {}
_outages_lock = threading.Lock()


def outage_for(servers, options):
    key = tuple(servers)
    with _outages_lock:
        if key not in _outages:
            _outages[key] = Outage(
                float(options["RETRY_INTERVAL"]),
                float(options["LOG_INTERVAL"]),
                int(options["MAX_LOST_WRITES"]),
            )
        return _outages[key]


class FaultTolerantRedisCache(RedisCache):
    """Django's Redis cache; Redis failing is a miss, never an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        backend_options = {
            name: self._options.get(name, default)
            for name, default in BACKEND_OPTIONS.items()
        }
        self._options = {
            name: value
            for name, value in self._options.items()
            if name not in BACKEND_OPTIONS
        }
        self.outage = outage_for(self._servers, backend_options)

    def _call(self, operation, miss, written=(), version=None):
        """``operation()``, or ``miss`` when Redis fails or is left alone;
        ``written`` are the keys the operation would have changed."""

        def lost_writes():
            if written is ALL_KEYS:
                return ALL_KEYS
            return [self.make_key(key, version) for key in written]

        if not self.outage.claim_attempt(lost_writes):
            return miss
        try:
            if self.outage.ongoing:
                # Before anything is read: a value replaced during the outage
                # must not come back from Redis.
                self._forget(self.outage.take_lost_writes())
                self._forget(self.outage.end())
            result = operation()
        except REDIS_FAULTS as error:
            self.outage.failed(error, lost_writes)
            return miss
        return result

    def _forget(self, keys):
        try:
            if keys is ALL_KEYS:
                self._cache.clear()
            elif keys:
                self._cache.delete_many(list(keys))
        except REDIS_FAULTS:
            self.outage.lose_writes(keys)
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        add = functools.partial(super().add, key, value, timeout, version)
        return self._call(add, False, [key], version)

    def get(self, key, default=None, version=None):
        return self._call(
            functools.partial(super().get, key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        set_ = functools.partial(super().set, key, value, timeout, version)
        return self._call(set_, None, [key], version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # A lost expiry extension only makes an entry expire sooner.
        return self._call(
            functools.partial(super().touch, key, timeout, version), False
        )

    def delete(self, key, version=None):
        delete = functools.partial(super().delete, key, version)
        return self._call(delete, False, [key], version)

    def get_many(self, keys, version=None):
        return self._call(functools.partial(super().get_many, keys, version), {})

    def has_key(self, key, version=None):
        return self._call(functools.partial(super().has_key, key, version), False)

    def incr(self, key, delta=1, version=None):
        # A counter Redis cannot reach is a counter not in the cache, which
        # Django's API reports with ValueError.
        missing = object()
        incr = functools.partial(super().incr, key, delta, version)
        result = self._call(incr, missing, [key], version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        set_many = functools.partial(super().set_many, data, timeout, version)
        return self._call(set_many, list(data), list(data), version)

    def delete_many(self, keys, version=None):
        delete_many = functools.partial(super().delete_many, keys, version)
        return self._call(delete_many, None, list(keys), version)

    def clear(self):
        return self._call(super().clear, False, ALL_KEYS)
