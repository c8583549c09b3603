"""The snippets articles point at: their category and their partner."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from editorial.api_fields import writable


class Category(models.Model):
    """The primary topic of an article (one per article; tags say the rest)."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("For example “Content marketing”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in filter URLs, e.g. content-marketing."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("Optional. What the category covers, for editors and readers."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    # Written through API v3 (editorial.writable_models).
    api_fields = writable("name", "slug", "description")

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """A vendor or organisation the publication works with (sponsor, partner)."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The company or organisation.")
    )
    url = models.URLField(
        _("website"),
        blank=True,
        help_text=_("Linked with rel=“sponsored” wherever the partner is named."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("A sentence presenting the partner."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]
    api_fields = writable("name", "url", "logo", "description")

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name
