"""Glossary pages: one entry per concept, with its other spellings."""

import unicodedata

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, TitleFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from editorial.blocks import BodyBlock
from editorial.content import Visibility
from editorial.models import EditorialPageMixin

SHORT_DEFINITION_MAX_LENGTH = 300


def index_letter(term):
    """The A–Z letter an entry is listed under: accents ignored, digits under '#'."""
    stripped = unicodedata.normalize("NFKD", term.strip())
    for char in stripped:
        if char.isalpha():
            return char.upper() if char.isascii() else "#"
        if char.isdigit():
            return "#"
    return "#"


class GlossaryIndexPage(Page):
    """The glossary: every entry, A to Z."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of entries."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["glossary.GlossaryEntryPage"]

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = sorted(
            Visibility.for_request(request)
            .pages(GlossaryEntryPage)
            .child_of(self)
            .defer_streamfields()
            .prefetch_related("alternative_forms"),
            key=lambda entry: unicodedata.normalize("NFKD", entry.title.casefold()),
        )
        groups = {}
        for entry in entries:
            groups.setdefault(index_letter(entry.title), []).append(entry)
        context["entry_count"] = len(entries)
        context["letters"] = sorted(
            groups.items(), key=lambda kv: (kv[0] == "#", kv[0])
        )
        return context


class GlossaryEntryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GlossaryEntryPage(EditorialPageMixin, Page):
    """A glossary entry: the term (the page title), its other forms, a short
    definition used as teaser and tooltip, and a longer explanation."""

    short_definition = models.TextField(
        _("short definition"),
        max_length=SHORT_DEFINITION_MAX_LENGTH,
        validators=[MaxLengthValidator(SHORT_DEFINITION_MAX_LENGTH)],
        help_text=_(
            "Plain text, at most 300 characters. Shown in tooltips, listings and "
            "search results."
        ),
    )
    explanation = StreamField(BodyBlock(), verbose_name=_("explanation"), blank=True)
    tags = ClusterTaggableManager(
        through=GlossaryEntryPageTag, blank=True, verbose_name=_("tags")
    )

    content_panels = (
        [TitleFieldPanel("title", heading=_("Term"))]
        + [
            InlinePanel(
                "alternative_forms",
                heading=_("Alternative forms"),
                label=_("form"),
                help_text=_(
                    "Other spellings, abbreviations or synonyms, e.g. “BtoB” for “B2B”."
                ),
            ),
            FieldPanel("short_definition"),
            FieldPanel("explanation"),
        ]
        + EditorialPageMixin.metadata_panels
        + EditorialPageMixin.see_also_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("short_definition"),
        index.SearchField("explanation"),
        index.RelatedFields("alternative_forms", [index.SearchField("form")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("term"),
        APIField("alternative_form_list"),
        APIField("short_definition"),
        APIField("explanation"),
        *EditorialPageMixin.api_fields,
    ]
    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")

    @property
    def term(self):
        return self.title

    @property
    def alternative_form_list(self):
        return [item.form for item in self.alternative_forms.all()]

    @property
    def teaser(self):
        return self.short_definition


class GlossaryAlternativeForm(Orderable):
    """Another way of writing an entry's term (spelling, abbreviation, synonym)."""

    page = ParentalKey(
        GlossaryEntryPage, on_delete=models.CASCADE, related_name="alternative_forms"
    )
    form = models.CharField(
        _("form"), max_length=120, help_text=_("For example “BtoB” for the term “B2B”.")
    )

    panels = [FieldPanel("form")]

    class Meta(Orderable.Meta):
        verbose_name = _("alternative form")
        verbose_name_plural = _("alternative forms")

    def __str__(self):
        return self.form
