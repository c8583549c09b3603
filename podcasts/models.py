"""Podcast pages: a show and its episodes."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from editorial.blocks import RICH_TEXT_FEATURES
from editorial.content import Visibility
from editorial.models import EditorialPageMixin
from editorial.pagination import paginate

from .audio import read_audio_metadata

AUDIO_EXTENSIONS = ["mp3", "m4a", "aac", "mp4", "ogg", "opus", "oga"]


class PodcastShowPage(Page):
    """A podcast show: its description, artwork and episodes."""

    description = models.TextField(
        _("description"),
        help_text=_("What the show is about; used on the page and by podcast apps."),
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("artwork"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Square image, 1400 to 3000 pixels wide."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("artwork"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    api_fields = [
        APIField("description"),
        APIField("artwork", serializer=ImageRenditionField("fill-1400x1400")),
    ]
    subpage_types = ["podcasts.PodcastEpisodePage"]

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        episodes = (
            Visibility.for_request(request)
            .pages(PodcastEpisodePage)
            .child_of(self)
            .select_related("audio")
            .order_by("-publication_date", "-pk")
        )
        context["episodes"] = paginate(request, episodes)
        return context


class AudioFile(models.Model):
    """An uploaded episode recording. Duration, size and type are read from the
    file's content whenever the file is uploaded or replaced.

    Audio lives in its own model, not a file field on the page, so that the
    upload is stored at once rather than through page revisions.
    """

    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="podcasts/audio/%Y/%m/",
        validators=[FileExtensionValidator(AUDIO_EXTENSIONS)],
        help_text=_(
            "MP3, M4A/AAC or Ogg/Opus. Duration and size are read from the file."
        ),
    )
    duration_seconds = models.PositiveIntegerField(
        _("duration (seconds)"), editable=False
    )
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), editable=False)
    mime_type = models.CharField(_("MIME type"), max_length=50, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("file")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("audio file")
        verbose_name_plural = _("audio files")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and (
            not getattr(self.file, "_committed", True) or not self.duration_seconds
        ):
            self._read_metadata()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.file and not getattr(self.file, "_committed", True):
            try:
                self._read_metadata()
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error

    def _read_metadata(self):
        metadata = read_audio_metadata(self.file)
        self.duration_seconds = metadata.duration_seconds
        self.file_size = metadata.file_size
        self.mime_type = metadata.mime_type

    @property
    def url(self):
        return self.file.url


class PodcastEpisodePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "podcasts.PodcastEpisodePage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class PodcastEpisodePage(EditorialPageMixin, Page):
    """One episode: its audio file (duration, size and type read from the file)
    and its show notes."""

    audio = models.ForeignKey(
        AudioFile,
        verbose_name=_("audio"),
        on_delete=models.PROTECT,
        related_name="episodes",
        help_text=_("The recording; upload a new one from the chooser."),
    )
    episode_number = models.PositiveIntegerField(
        _("episode number"), null=True, blank=True, help_text=_("Optional.")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences shown in listings and podcast apps."),
    )
    show_notes = RichTextField(
        _("show notes"),
        blank=True,
        features=RICH_TEXT_FEATURES,
    )
    tags = ClusterTaggableManager(
        through=PodcastEpisodePageTag, blank=True, verbose_name=_("tags")
    )

    content_panels = (
        Page.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("audio"), FieldPanel("episode_number")],
                heading=_("Audio"),
            ),
            FieldPanel("summary"),
            FieldPanel("show_notes"),
        ]
        + EditorialPageMixin.metadata_panels
        + EditorialPageMixin.see_also_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("episode_number"),
        APIField("audio_url"),
        APIField("duration_seconds"),
        APIField("file_size"),
        APIField("mime_type"),
        APIField("summary"),
        APIField("show_notes"),
        *EditorialPageMixin.api_fields,
    ]
    parent_page_types = ["podcasts.PodcastShowPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("podcast episode")
        verbose_name_plural = _("podcast episodes")

    @property
    def teaser(self):
        return self.summary or self.search_description

    @property
    def audio_url(self):
        """Absolute URL of the recording (media may live on another host)."""
        if not self.audio_id:
            return None
        return urljoin(settings.WAGTAILADMIN_BASE_URL, self.audio.file.url)

    @property
    def duration_seconds(self):
        return self.audio.duration_seconds if self.audio_id else None

    @property
    def file_size(self):
        return self.audio.file_size if self.audio_id else None

    @property
    def mime_type(self):
        return self.audio.mime_type if self.audio_id else ""
