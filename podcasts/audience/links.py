"""Published audio URLs: the counting endpoint's, when the site mounts it."""

import posixpath

from django.urls import NoReverseMatch, reverse

from podcasts.conf import get_setting

SOURCES = ("feed", "player", "download", "api")


def counting_path(episode, source):
    """``/podcasts/audio/<episode>/<source>/<file name>``, or ``None`` when
    counting is off or the site did not mount ``podcasts.audience.urls`` (the
    file's own URL is then published, as before)."""
    if not get_setting("PRESSROOM_PODCAST_AUDIENCE") or not episode.audio_id:
        return None
    name = posixpath.basename(episode.audio.file.name) or "audio"
    try:
        return reverse(
            "podcasts_audience:download",
            kwargs={"episode_id": episode.pk, "source": source, "filename": name},
        )
    except NoReverseMatch:
        return None
