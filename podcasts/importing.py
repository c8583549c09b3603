"""Podcast episodes attached to imported posts (Blubrry PowerPress's
enclosures) become episodes of a show (``editorial.importing``'s "podcast
enclosure" kind)."""

import os

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from editorial.importing import ImportAdapter

from .models import AudioFile, PodcastEpisodePage, PodcastShowPage


class PodcastEpisodeAdapter(ImportAdapter):
    """The recording of a post: an episode (with its audio file) in the
    site's first show, created from the export's podcast settings when the
    site has none. ``item.extra`` holds the audio file's name and bytes and
    PowerPress's values (subtitle, explicit, duration) and the channel's
    ``itunes:`` settings."""

    kind = "podcast enclosure"
    model = PodcastEpisodePage

    def get_parent(self, site_root, item):
        return self.first_or_new_index(
            site_root, PodcastShowPage, lambda: self.new_show(item)
        )

    @staticmethod
    def new_show(item):
        """A show from the export channel's podcast settings."""
        channel = item.extra.get("channel", {})
        show = PodcastShowPage(
            title=(channel.get("title") or _("Podcast"))[:255],
            slug="podcast",
            description=channel.get("itunes:summary")
            or channel.get("description")
            or channel.get("title")
            or _("Podcast"),
            author=channel.get("itunes:author", "")[:255],
            owner_name=channel.get("itunes:name", "")[:255],
            explicit=channel.get("itunes:explicit", "").lower() in ("yes", "true"),
        )
        language = (channel.get("language") or "").split("-")[0]
        if language:
            show.language = language
        return show

    def fill(self, page, item):
        extra = item.extra
        page.title = item.title[:255]
        if item.slug:
            page.slug = item.slug[:255]
        page.summary = (extra.get("subtitle") or item.excerpt)[:600]
        page.explicit = str(extra.get("explicit", "")).lower() in ("yes", "true", "1")
        if item.published_at:
            page.publication_date = item.published_at.date()
            page.first_published_at = item.published_at
        if item.modified_at:
            page.last_published_at = item.modified_at
        page.tags.set(item.tags)
        audio = page.audio if page.audio_id else AudioFile()
        audio.title = item.title[:255]
        if extra.get("audio_content") is not None:
            # Duration, size and type are read from the file (AudioFile.save).
            audio.file = ContentFile(
                extra["audio_content"], name=os.path.basename(extra["audio_name"])
            )
            audio.duration_seconds = 0
        elif not audio.pk:
            # The recording cannot be had: a record without a file, with what
            # the feed said of it, for an editor to upload the file into (the
            # importer keeps such an episode a draft).
            audio.duration_seconds = seconds(extra.get("duration", ""))
            audio.file_size = (
                int(extra.get("size") or 0)
                if str(extra.get("size", "")).isdigit()
                else 0
            )
            audio.mime_type = (extra.get("type") or "audio/mpeg")[:50]
        audio.save()
        page.audio = audio
        return page


def seconds(duration):
    """PowerPress's duration ("01:02:03", "07:44" or "464") in seconds; 0
    when it says nothing readable."""
    parts = str(duration).strip().split(":")
    if not all(part.isdigit() for part in parts) or len(parts) > 3:
        return 0
    total = 0
    for part in parts:
        total = total * 60 + int(part)
    return total
