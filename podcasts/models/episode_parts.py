"""The parts of an episode editors add inline: people and chapters."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from editorial.api_fields import writable

EPISODE_PAGE = "podcasts.PodcastEpisodePage"


class EpisodePerson(Orderable):
    """A host or guest of an episode (a shared editorial ``Person``) with a role."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        COHOST = "co-host", _("Co-host")
        GUEST = "guest", _("Guest")

    episode = ParentalKey(
        EPISODE_PAGE, on_delete=models.CASCADE, related_name="credits"
    )
    person = models.ForeignKey(
        "editorial.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.GUEST
    )

    panels = [FieldPanel("person"), FieldPanel("role")]
    api_fields = writable("person", "role")

    class Meta(Orderable.Meta):
        verbose_name = _("host or guest")
        verbose_name_plural = _("hosts and guests")

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class EpisodeChapter(Orderable):
    """A chapter of an episode: where it starts and what it is called."""

    episode = ParentalKey(
        EPISODE_PAGE, on_delete=models.CASCADE, related_name="chapters"
    )
    start_time = models.DurationField(
        _("start time"), help_text=_("From the start of the episode: 7:44 or 1:02:03.")
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("link"), blank=True, help_text=_("Optional."))

    panels = [
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("title")]),
        FieldPanel("url"),
    ]
    api_fields = writable("start_time", "title", "url")

    class Meta(Orderable.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_time is not None and self.start_time < datetime.timedelta(0):
            raise ValidationError(
                {"start_time": _("A chapter cannot start before 0:00.")}
            )
