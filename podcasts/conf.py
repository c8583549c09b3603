"""Podcast settings (``PRESSROOM_PODCAST_*``), each with a default, read here only."""

from django.conf import settings

DEFAULTS = {
    # Largest audio upload accepted, in bytes (Apple's own limit is far higher;
    # this one keeps a mistaken WAV master out of the media folder).
    "PRESSROOM_PODCAST_MAX_AUDIO_SIZE": 300 * 1000 * 1000,
    # <podcast:locked>: "yes" asks podcast hosts not to import the feed elsewhere.
    "PRESSROOM_PODCAST_LOCKED": True,
    # Episodes in the show's feed: the newest N. Podcast apps read the newest
    # items (and refetch the whole feed on each poll), so a bounded feed keeps
    # each poll's cost flat however long the show runs; PowerPress and most
    # hosts cap theirs the same way. Older episodes stay on the show's pages.
    "PRESSROOM_PODCAST_FEED_LIMIT": 100,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
