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
    # Audience counting (README, Podcast audience): published audio URLs go
    # through the counting endpoint when the site mounts it.
    "PRESSROOM_PODCAST_AUDIENCE": True,
    # How the counting endpoint hands over the bytes: "auto" (serve files of
    # a local storage with byte ranges, redirect to any other storage's URL),
    # "serve", "redirect" or "accel" (nginx X-Accel-Redirect).
    "PRESSROOM_PODCAST_AUDIENCE_DELIVERY": "auto",
    # "accel": the internal nginx location the file name is appended to.
    "PRESSROOM_PODCAST_AUDIENCE_ACCEL_PREFIX": "/internal-audio/",
    # Request header carrying the reader's address behind a proxy
    # ("X-Real-IP" behind this site's nginx); empty: the connection's address.
    "PRESSROOM_PODCAST_AUDIENCE_CLIENT_IP_HEADER": "",
    # A MaxMind GeoLite2/GeoIP2 country database (.mmdb); empty: no country.
    "PRESSROOM_PODCAST_AUDIENCE_GEOIP_PATH": "",
    # Folder holding the OPAWG user-agent files; empty: the shipped copy.
    "PRESSROOM_PODCAST_AUDIENCE_USER_AGENTS_DIR": "",
    # Cache alias holding the daily salt and who was counted (Redis in
    # production, shared by every worker).
    "PRESSROOM_PODCAST_AUDIENCE_CACHE": "default",
    # Redis: seconds between two moves of the downloads counted on Redis into
    # the database (a task of the queue); 0: after each counted download.
    "PRESSROOM_PODCAST_AUDIENCE_DRAIN_INTERVAL": 5,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
