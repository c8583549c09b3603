"""The audio file of an episode, with metadata read from its content."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from podcasts.audio import read_audio_metadata, title_from_file
from podcasts.conf import get_setting
from podcasts.formats import audio_size, duration

AUDIO_EXTENSIONS = ["mp3", "m4a", "aac", "mp4", "ogg", "opus", "oga"]


class AudioFileForm(WagtailAdminModelForm):
    """Upload form of the audio-file snippet and of the chooser's "Upload"
    tab: left empty, the title comes from the file's tags or name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _(
            "Left empty: the title tag of the file, else its name."
        )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if not cleaned_data.get("title") and upload:
            cleaned_data["title"] = title_from_file(upload) or _("Untitled recording")
        return cleaned_data


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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("file"), FieldPanel("title")]
    base_form_class = AudioFileForm
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
        metadata = read_audio_metadata(
            self.file, max_size=get_setting("PRESSROOM_PODCAST_MAX_AUDIO_SIZE")
        )
        self.duration_seconds = metadata.duration_seconds
        self.file_size = metadata.file_size
        self.mime_type = metadata.mime_type

    @property
    def duration_display(self):
        """ "7:44" rather than 464 seconds."""
        return duration(self.duration_seconds)

    @property
    def size_display(self):
        """ "4,6 Mo" rather than 4640697 bytes, in the active locale."""
        return audio_size(self.file_size)

    @property
    def url(self):
        # Empty for a recording still to be uploaded (an imported episode's
        # whose file could not be had).
        return self.file.url if self.file else ""
