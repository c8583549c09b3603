"""A glossary entry: the term, its other forms, a short definition used as
teaser and tooltip, a longer explanation, and the pages that use it."""

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import (
    FieldPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex
from wagtail.search import index

from ninja import Schema

from editorial.api_fields import typed_field, writable, write_only
from editorial.blocks import BodyBlock
from editorial.content import Visibility
from editorial.models import EditorialPageMixin
from editorial.panels import WordedInlinePanel
from editorial.preview import HeadlessPreviewMixin

from .entry_parts import GlossaryEntryPageTag
from .forms import GlossaryEntryForm
from .terms import index_letter, normalize_term

SHORT_DEFINITION_MAX_LENGTH = 300


class SourceSchema(Schema):
    title: str
    url: str


class RelatedEntrySchema(Schema):
    id: int
    term: str
    url: str | None


class GlossaryEntryPage(HeadlessPreviewMixin, EditorialPageMixin, Page):
    """A glossary entry: the term (the page title), its other forms, a short
    definition used as teaser and tooltip, and a longer explanation."""

    # Terms are linked automatically from the text of any page: publishing,
    # changing or removing an entry purges the whole page cache.
    page_cache_purge_all = True

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
    case_sensitive = models.BooleanField(
        _("match case when linking automatically"),
        default=False,
        help_text=_(
            "Tick for terms that are ordinary words in lower case (“Lead” the "
            "noun, not “lead”). Automatic linking then needs the exact case."
        ),
    )
    term_key = models.CharField(
        max_length=255, editable=False, db_index=True, default=""
    )
    # The glossary index's group (``index_letter``), stored for its index.
    letter = models.CharField(max_length=1, editable=False, default="#")
    tags = ClusterTaggableManager(
        through=GlossaryEntryPageTag, blank=True, verbose_name=_("tags")
    )

    base_form_class = GlossaryEntryForm

    content_panels = (
        [TitleFieldPanel("title", heading=_("Term"))]
        + [
            WordedInlinePanel(
                "alternative_forms",
                heading=_("Alternative forms"),
                label=_("form"),
                add_label=pgettext_lazy("inline panel", "Add a form"),
                help_text=_(
                    "Other spellings, abbreviations or synonyms, e.g. “BtoB” for “B2B”."
                ),
            ),
            FieldPanel("case_sensitive"),
            FieldPanel("short_definition"),
            FieldPanel("explanation"),
            WordedInlinePanel(
                "sources",
                heading=_("Sources"),
                label=_("source"),
                add_label=pgettext_lazy("inline panel", "Add a source"),
                help_text=_("Dictionaries or references the definition draws on."),
            ),
            WordedInlinePanel(
                "related_entries",
                heading=_("Related entries"),
                label=_("related entry"),
                add_label=pgettext_lazy("inline panel", "Add a related entry"),
            ),
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
        APIField("term", serializer=typed_field(str)),
        APIField("alternative_form_list", serializer=typed_field(list[str])),
        *writable("short_definition", "explanation"),
        APIField("source_list", serializer=typed_field(list[SourceSchema])),
        APIField(
            "related_entry_list", serializer=typed_field(list[RelatedEntrySchema])
        ),
        *EditorialPageMixin.api_fields,
        # Written as the model stores them; read as the lists above.
        *write_only(
            "alternative_forms", "case_sensitive", "sources", "related_entries"
        ),
    ]
    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        indexes = [
            # The glossary index: one letter's entries, A to Z, one page at a time.
            models.Index(fields=["letter", "term_key"], name="glossary_letter_term_idx")
        ]

    @property
    def term(self):
        return self.title

    @cached_property
    def alternative_form_list(self):
        return [item.form for item in self.alternative_forms.all()]

    @property
    def teaser(self):
        return self.short_definition

    @property
    def source_list(self):
        return [{"title": s.title, "url": s.url} for s in self.sources.all()]

    api_listing_prefetch = EditorialPageMixin.api_listing_prefetch + (
        "alternative_forms",
        "sources",
        "related_entries",
    )

    @cached_property
    def related_entry_list(self):
        return self._related_entry_data(self.visible_related_entries())

    @staticmethod
    def _related_entry_data(entries):
        return [
            {"id": entry.pk, "term": entry.title, "url": entry.full_url}
            for entry in entries
        ]

    @classmethod
    def prepare_api_listing(cls, pages, request=None):
        super().prepare_api_listing(pages, request)
        # The related entries of all the pages, one query per site.
        for page, entries in cls.visible_targets(
            pages,
            lambda page: [item.target_id for item in page.related_entries.all()],
            GlossaryEntryPage,
        ):
            page.__dict__["related_entry_list"] = cls._related_entry_data(
                page._visible_among(entries)
            )

    def _visible_among(self, entries):
        ids = [item.target_id for item in self.related_entries.all()]
        return [entries[pk] for pk in ids if pk in entries and pk != self.pk]

    def _visibility(self, request=None):
        if request is not None:
            return Visibility.for_request(request)
        return self.reader_visibility

    def visible_related_entries(self, request=None):
        visibility = self._visibility(request)
        if visibility is None:
            return []
        ids = [item.target_id for item in self.related_entries.all()]
        return self._visible_among(
            visibility.pages(GlossaryEntryPage).filter(pk__in=ids).in_bulk()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.visible_related_entries(request)
        context["backlinks"] = self.backlinks(request)
        return context

    def set_keys(self):
        """The stored forms of the title: its key and its index letter."""
        self.term_key = normalize_term(self.title)[:255]
        self.letter = index_letter(self.title)

    def save(self, *args, **kwargs):
        self.set_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "term_key", "letter"}
        return super().save(*args, **kwargs)

    @classmethod
    def entries_owning(cls, keys, *, site_root=None, exclude_pk=None):
        """``{key: entry}`` for the live entries whose term or a form has ``key``."""
        keys = list(keys)
        entries = cls.objects.live().filter(
            Q(term_key__in=keys) | Q(alternative_forms__form_key__in=keys)
        )
        if site_root is not None:
            entries = entries.descendant_of(site_root)
        if exclude_pk:
            entries = entries.exclude(pk=exclude_pk)
        found = {}
        for entry in entries.distinct().prefetch_related("alternative_forms"):
            for key in [entry.term_key] + [
                form.form_key for form in entry.alternative_forms.all()
            ]:
                if key in keys:
                    found.setdefault(key, entry)
        return found

    def backlinks(self, request=None):
        """Live, public content of this site that uses the entry, newest first."""
        from editorial.registry import content_types

        visibility = self._visibility(request)
        if visibility is None:
            return []
        source_ids = {
            int(pk)
            for pk in ReferenceIndex.get_references_to(self)
            .filter(base_content_type=ContentType.objects.get_for_model(Page))
            # Uses of the term, not "see also" picks of the entry.
            .exclude(model_path__startswith="see_also_items.")
            .values_list("object_id", flat=True)
            if str(pk).isdigit()
        } - {self.pk}
        if not source_ids:
            return []
        types = [
            model._meta.label
            for model in content_types.models()
            if model is not GlossaryEntryPage
        ]
        rows = list(
            visibility.keys(types=types, filter_q=Q(pk__in=source_ids)).order_by(
                "-publication_date", "-pk"
            )
        )
        return visibility.load(rows, types=types)

    def structured_data(self, request):
        """The schema.org ``DefinedTerm``, in its glossary's ``DefinedTermSet``
        (``editorial.structured_data``)."""
        data = {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "@id": self.full_url,
            "name": self.title,
            "description": self.short_definition,
            "url": self.full_url,
        }
        forms = self.alternative_form_list
        if forms:
            data["alternateName"] = forms
        parent = self.get_parent()
        if parent is not None:
            data["inDefinedTermSet"] = {
                "@type": "DefinedTermSet",
                "@id": parent.full_url,
                "name": parent.title,
                "url": parent.full_url,
            }
        return data
