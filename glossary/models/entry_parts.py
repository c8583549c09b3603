"""What a glossary entry holds besides its fields: its tags, other forms,
sources and related entries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable

from editorial.api_fields import writable

from .terms import normalize_term


class GlossaryEntryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GlossaryAlternativeForm(Orderable):
    """Another way of writing an entry's term (spelling, abbreviation, synonym)."""

    page = ParentalKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="alternative_forms",
    )
    form = models.CharField(
        _("form"), max_length=120, help_text=_("For example “BtoB” for the term “B2B”.")
    )

    form_key = models.CharField(
        max_length=120, editable=False, db_index=True, default=""
    )

    panels = [FieldPanel("form")]
    api_fields = writable("form")

    class Meta(Orderable.Meta):
        verbose_name = _("alternative form")
        verbose_name_plural = _("alternative forms")

    def __str__(self):
        return self.form

    def save(self, *args, **kwargs):
        self.form_key = normalize_term(self.form)[:120]
        return super().save(*args, **kwargs)


class GlossarySource(Orderable):
    """A reference the entry's definition draws on, such as a dictionary."""

    page = ParentalKey(
        "glossary.GlossaryEntryPage", on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("For example “Le Robert, dictionnaire en ligne”."),
    )
    url = models.URLField(_("URL"), blank=True, help_text=_("Optional."))

    panels = [FieldPanel("title"), FieldPanel("url")]
    api_fields = writable("title", "url")

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class GlossaryRelatedEntry(Orderable):
    """Another glossary entry readers of this one should know."""

    page = ParentalKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="related_entries",
    )
    target = models.ForeignKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("entry"),
    )

    panels = [PageChooserPanel("target", "glossary.GlossaryEntryPage")]
    api_fields = writable("target")

    class Meta(Orderable.Meta):
        verbose_name = _("related entry")
        verbose_name_plural = _("related entries")

    def __str__(self):
        return str(self.target)

    def clean(self):
        super().clean()
        if self.page_id and self.target_id == self.page_id:
            raise ValidationError(
                {"target": _("An entry cannot be related to itself.")}
            )
