"""The counting endpoint every published audio URL points at."""

import contextlib
import datetime
import logging
from types import SimpleNamespace

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from podcasts.conf import get_setting
from podcasts.models import AudioFile

from . import counting, delivery, redis_counter
from .links import SOURCES
from .lookups import LOOKUP_TIMEOUT, _cache, load_lookup, lookup_key

logger = logging.getLogger(__name__)

MAX_ID = 2**63 - 1


def _served(episode_id, found):
    """``(episode, audio)`` light objects of a lookup; Http404 when missing."""
    if found.get("missing"):
        raise Http404("No such episode.")
    audio = AudioFile(
        file=found["file"],
        file_size=found["file_size"],
        duration_seconds=found["duration_seconds"],
        mime_type=found["mime_type"],
    )
    episode = SimpleNamespace(
        pk=episode_id,
        show_id=found["show_id"],
        file_size=found["file_size"],
        duration_seconds=found["duration_seconds"],
    )
    return episode, audio


def episode_audio(episode_id):
    """``(episode, audio)`` of a live, public episode with audio; Http404
    otherwise. Read from the cache when it can, from the database when the
    cache is down (any cache but Redis: ``_count_on_redis`` does the same in
    its one round trip)."""
    cache = _cache()
    key = lookup_key(episode_id)
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - the database still answers
        found = None
    if found is None:
        found = load_lookup(episode_id)
        # Not kept: the next request reads the database again.
        with contextlib.suppress(Exception):
            cache.set(key, found, LOOKUP_TIMEOUT)
    return _served(episode_id, found)


def forget_episode(episode_id):
    cache = _cache()
    counter = redis_counter.counter_for(cache)
    with contextlib.suppress(Exception):  # it expires by itself anyway
        if counter is not None:
            counter.forget(episode_id)
        else:
            cache.delete(lookup_key(episode_id))


def _schedule_drain():
    """Queue the move of the downloads counted on Redis into the database,
    to run when the drain interval is over (a queue that cannot defer, as in
    development and tests, runs it at once): one task per interval."""
    from .tasks import drain_downloads

    task = drain_downloads
    interval = get_setting("PRESSROOM_PODCAST_AUDIENCE_DRAIN_INTERVAL")
    try:
        if interval and task.get_backend().supports_defer:
            task = task.using(
                run_after=timezone.now() + datetime.timedelta(seconds=interval)
            )
        task.enqueue()
    except Exception:
        logger.warning("Podcast downloads drain not scheduled.", exc_info=True)


def _count_on_redis(counter, request, episode_id, source, now):
    """Serve and count in one Redis round trip (two when the episode's
    lookup is not in Redis yet); while Redis is down, read the lookup from
    the database and keep the counting request there (one insert)."""
    ticket = (
        counting.ticket(request, episode_id, source, now)
        if (request.method == "GET")
        else None
    )
    try:
        found, counted, drain = counter.lookup_and_count(episode_id, ticket)
        if found is None:
            found = load_lookup(episode_id)
            found, counted, drain = counter.lookup_and_count(
                episode_id, ticket, info=found, lifetime=LOOKUP_TIMEOUT
            )
    except redis_counter.Unavailable:
        found = load_lookup(episode_id)
        episode, audio = _served(episode_id, found)
        if ticket is not None:
            size = audio.file_size or 0
            covered = delivery.covered_bytes(request.headers.get("Range", ""), size)
            if covered > 0:
                redis_counter.spool(episode_id, ticket, covered)
        return episode, audio
    if drain:
        _schedule_drain()
    return _served(episode_id, found)


@require_safe
def download(request, episode_id, source, filename):
    """Count the request under the IAB rules, then hand the audio over
    (served with byte ranges, through nginx, or redirected to the storage).
    Only live, public episodes; ``HEAD`` is never counted."""
    if source not in SOURCES or episode_id > MAX_ID:
        raise Http404("No such episode audio.")
    now = counting.current_time()
    counter = redis_counter.counter_for(_cache())
    if counter is not None:
        episode, audio = _count_on_redis(counter, request, episode_id, source, now)
        return delivery.deliver(request, audio)
    episode, audio = episode_audio(episode_id)
    if request.method == "GET":
        covered = delivery.covered_bytes(
            request.headers.get("Range", ""), audio.file_size
        )
        counting.register_request(request, episode, source, covered, now=now)
    return delivery.deliver(request, audio)
