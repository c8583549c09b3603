"""Durations and file sizes of episodes as readers, podcast apps and search
engines read them (the player's template filters, the feed, JSON-LD)."""

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext, ngettext


def _non_negative_int(value):
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def duration(value):
    """Seconds as ``m:ss``, or ``h:mm:ss`` from one hour: 464 → "7:44"."""
    seconds = _non_negative_int(value)
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def duration_iso(value):
    """Seconds as an ISO 8601 duration for ``<time datetime>``: 464 → "PT7M44S"."""
    seconds = _non_negative_int(value)
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{hours}H" if hours else "",
        f"{minutes}M" if minutes else "",
        f"{seconds}S",
    ]
    return "PT" + "".join(parts)


def audio_size(value):
    """Bytes in decimal units with one decimal, for the active locale:
    5_100_000 → "5,1 Mo" in French, "5.1 MB" in English."""
    size = _non_negative_int(value)
    if size is None:
        return ""
    units = [
        (10**9, gettext("%(size)s GB")),
        (10**6, gettext("%(size)s MB")),
        (10**3, gettext("%(size)s kB")),
    ]
    for factor, template_ in units:
        if size >= factor:
            return avoid_wrapping(template_ % {"size": number_format(size / factor, 1)})
    return avoid_wrapping(
        ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    )
