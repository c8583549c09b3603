"""What serving an episode's audio needs, read from the database: shared by
the counting endpoint (``views``) and the replay of requests kept while Redis
was down (``redis_counter``), which must not import each other."""

from django.core.cache import caches

from wagtail.models import Page, PageViewRestriction

from podcasts.conf import get_setting
from podcasts.models import PodcastEpisodePage

# What serving an episode's audio needs is kept this long in the cache (and
# forgotten as soon as the episode is published, unpublished or deleted:
# podcasts.apps), so that a listener's stream of range requests costs one
# cache read each instead of two queries.
LOOKUP_TIMEOUT = 60
MISSING = {"missing": True}


def lookup_key(episode_id):
    return f"pressroom:audience:episode:{episode_id}"


def _cache():
    return caches[get_setting("PRESSROOM_PODCAST_AUDIENCE_CACHE")]


def load_lookup(episode_id):
    """What serving an episode's audio needs, from the database: a dict
    (JSON-ready: Redis keeps it as is), ``{"missing": True}`` when the
    episode is not live, public and with audio."""
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
