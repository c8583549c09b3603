"""The counting endpoint every published audio URL points at."""

import contextlib
from types import SimpleNamespace

from django.core.cache import caches
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from wagtail.models import Page, PageViewRestriction

from podcasts.conf import get_setting
from podcasts.models import AudioFile, PodcastEpisodePage

from . import counting, delivery
from .links import SOURCES

MAX_ID = 2**63 - 1
# What serving an episode's audio needs is kept this long in the cache (and
# forgotten as soon as the episode is published, unpublished or deleted:
# podcasts.apps), so that a listener's stream of range requests costs one
# cache read each instead of two queries.
LOOKUP_TIMEOUT = 60
MISSING = "missing"


def lookup_key(episode_id):
    return f"pressroom:audience:episode:{episode_id}"


def _cache():
    return caches[get_setting("PRESSROOM_PODCAST_AUDIENCE_CACHE")]


def _load(episode_id):
    row = (
        PodcastEpisodePage.objects.filter(pk=episode_id, live=True, audio__isnull=False)
        .values(
            "path",
            "audio__file",
            "audio__file_size",
            "audio__duration_seconds",
            "audio__mime_type",
        )
        .first()
    )
    if row is None:
        return MISSING
    path, step = row["path"], Page.steplen
    ancestors = [path[:end] for end in range(step, len(path) + 1, step)]
    # Private pages' audio is not published (their players are not shown).
    if PageViewRestriction.objects.filter(page__path__in=ancestors).exists():
        return MISSING
    show_id = (
        Page.objects.filter(path=path[:-step]).values_list("pk", flat=True).first()
    )
    return {
        "show_id": show_id,
        "file": row["audio__file"],
        "file_size": row["audio__file_size"],
        "duration_seconds": row["audio__duration_seconds"],
        "mime_type": row["audio__mime_type"],
    }


def episode_audio(episode_id, found=None):
    """``(episode, audio)`` light objects of a live, public episode with
    audio; Http404 otherwise. Read from the cache when it can (``found``: an
    earlier read of its key), from the database when the cache is down."""
    cache = _cache()
    key = lookup_key(episode_id)
    if found is None:
        try:
            found = cache.get(key)
        except Exception:  # noqa: BLE001 - the database still answers
            found = None
    if found is None:
        found = _load(episode_id)
        # Not kept: the next request reads the database again.
        with contextlib.suppress(Exception):
            cache.set(key, found, LOOKUP_TIMEOUT)
    if found == MISSING:
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


def forget_episode(episode_id):
    with contextlib.suppress(Exception):  # it expires by itself anyway
        _cache().delete(lookup_key(episode_id))


@require_safe
def download(request, episode_id, source, filename):
    """Count the request under the IAB rules, then hand the audio over
    (served with byte ranges, through nginx, or redirected to the storage).
    Only live, public episodes; ``HEAD`` is never counted."""
    if source not in SOURCES or episode_id > MAX_ID:
        raise Http404("No such episode audio.")
    now = counting.current_time()
    counted = request.method == "GET"
    # What to serve and the salts to count with, in one cache round trip.
    keys = [lookup_key(episode_id)]
    if counted:
        keys += counting.salt_keys(timezone.localdate(now))
    try:
        prefetched = _cache().get_many(keys)
    except Exception:  # noqa: BLE001 - the database still answers
        prefetched = {}
    episode, audio = episode_audio(episode_id, prefetched.get(keys[0]))
    if counted:
        covered = delivery.covered_bytes(
            request.headers.get("Range", ""), audio.file_size
        )
        counting.register_request(
            request,
            episode,
            source,
            covered,
            now=now,
            prefetched=prefetched if len(prefetched) > 1 else None,
        )
    return delivery.deliver(request, audio)
