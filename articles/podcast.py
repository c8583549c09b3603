"""What articles show of a podcast episode, read defensively.

Articles cannot import the podcasts app (dependency rule): an episode is a
``wagtailcore.Page`` limited to ``podcasts.PodcastEpisodePage`` and its audio
attributes are read with ``getattr``, so a missing or renamed attribute shows
less rather than failing.
"""


def _attr(page, name, default=None):
    try:
        return getattr(page, name, default)
    except Exception:  # a related audio file deleted under the page
        return default


def episode_data(page):
    """Plain data of an episode page (or ``None``), for templates and the API."""
    if page is None:
        return None
    audio_url = _attr(page, "audio_url") or ""
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.full_url,
        "date": (
            page.publication_date.isoformat()
            if _attr(page, "publication_date")
            else None
        ),
        "audio_url": audio_url,
        "duration_seconds": _attr(page, "duration_seconds"),
        "file_size": _attr(page, "file_size"),
        "mime_type": _attr(page, "mime_type") or "",
        "summary": _attr(page, "teaser") or "",
        # The same audio as podcast apps read it (RSS <enclosure>).
        "enclosure": _attr(page, "enclosure") if audio_url else None,
    }
