"""Podcast settings (``PRESSROOM_PODCAST_*``), each with a default, read here only."""

from django.conf import settings

DEFAULTS = {
    # Largest audio upload accepted, in bytes (Apple's own limit is far higher;
    # this one keeps a mistaken WAV master out of the media folder).
    "PRESSROOM_PODCAST_MAX_AUDIO_SIZE": 300 * 1000 * 1000,
    # <podcast:locked>: "yes" asks podcast hosts not to import the feed elsewhere.
    "PRESSROOM_PODCAST_LOCKED": True,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
