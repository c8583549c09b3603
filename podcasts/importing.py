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
        # Duration, size and type are read from the file (AudioFile.save).
        audio.file = ContentFile(
            extra["audio_content"], name=os.path.basename(extra["audio_name"])
        )
        audio.duration_seconds = 0
        audio.save()
        page.audio = audio
        return page
