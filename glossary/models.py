"""Glossary pages: one entry per concept, with its other spellings."""

import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    PageChooserPanel,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, ReferenceIndex
from wagtail.search import index

from ninja import Schema

from editorial import listing_cache
from editorial.api_fields import typed_field
from editorial.blocks import BodyBlock
from editorial.content import Visibility
from editorial.models import EditorialPageMixin
from editorial.pagination import paginate
from editorial.preview import HeadlessPreviewMixin
from glossary.conf import get_setting as get_glossary_setting

SHORT_DEFINITION_MAX_LENGTH = 300


def normalize_term(text):
    """The key terms are compared by: accents dropped, case folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


# The groups of the glossary index, in their order: "#" holds digits and
# everything that does not start with a letter from A to Z, and comes first
# as it does in the database's order of the stored letters.
LETTERS = ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


def index_letter(term):
    """The A–Z letter an entry is listed under: the first character of its key
    (accents dropped, case folded), digits and anything else under '#'. The
    entry stores it (``GlossaryEntryPage.letter``) so that a letter's entries
    are read from an index."""
    first = normalize_term(term)[:1]
    return first.upper() if "a" <= first <= "z" else "#"


class GlossaryIndexPage(HeadlessPreviewMixin, Page):
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

    def visible_entries(self, request):
        """The entries readers may see, A to Z. The reader rule is checked per
        row in a subquery (``indexed_pages``): the database walks the
        ``(letter, term_key)`` index and stops after the page shown."""
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        return (
            Visibility.for_request(request)
            .indexed_pages(GlossaryEntryPage, children)
            .defer_streamfields()
            .prefetch_related("alternative_forms")
            .order_by("letter", "term_key", "pk")
        )

    def letters_with_entries(self, request):
        """The letters under which readers find at least one entry, in the
        index's order. Reading them scans every entry, so they are cached
        until something readers see changes (``listing_cache``)."""
        visibility = Visibility.for_request(request)

        def compute():
            found = set(
                self.visible_entries(request)
                .order_by()
                .values_list("letter", flat=True)
                .distinct()
            )
            return [letter for letter in LETTERS if letter in found]

        site = visibility.site.pk if visibility.site else None
        return listing_cache.cached(("glossary-letters", self.pk, site), compute)

    def get_letter(self, request):
        """The ``?letter=`` asked for (A–Z, or ``0-9`` for the "#" group), or
        None; anything else is a 404 with a message."""
        value = request.GET.get("letter", "").strip()
        if not value:
            return None
        letter = "#" if value == "0-9" else value.upper()
        if letter not in LETTERS:
            raise Http404(_("Unknown letter: use A to Z, or 0-9."))
        return letter

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = self.visible_entries(request)
        letter = self.get_letter(request)
        query = " ".join(request.GET.get("q", "").split())[:100]
        query = "".join(c for c in query if c.isprintable())
        context["search_query"] = query
        context["current_letter"] = letter
        count = None
        if query:
            key = normalize_term(query)
            entries = entries.filter(
                pk__in=GlossaryEntryPage.objects.filter(
                    Q(term_key__contains=key)
                    | Q(alternative_forms__form_key__contains=key)
                ).values("pk")
            )
        else:
            if letter:
                entries = entries.filter(letter=letter)
            visibility = Visibility.for_request(request)
            site = visibility.site.pk if visibility.site else None
            # Counting scans the entries: cached like the letters.
            count = listing_cache.cached(
                ("glossary-count", self.pk, site, letter or ""),
                entries.order_by().count,
            )
        from glossary.listing import attach_cards, listed

        page = paginate(
            request,
            listed(entries),
            per_page=get_glossary_setting("PRESSROOM_GLOSSARY_PAGE_SIZE"),
            count=count,
        )
        # Each entry's card, rendered once per revision (glossary.listing).
        attach_cards(request, page.object_list)
        groups = {}
        for entry in page.object_list:
            groups.setdefault(entry.letter, []).append(entry)
        context["entries"] = page
        context["entry_count"] = page.paginator.count
        context["letter_links"] = self.letters_with_entries(request)
        context["json_ld"] = {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "@id": self.full_url,
            "name": self.title,
            "url": self.full_url,
            # The entries of the page shown (the others are on their pages).
            "hasDefinedTerm": [
                {
                    "@type": "DefinedTerm",
                    "name": entry.title,
                    "url": entry.card_url,
                }
                for entry in page.object_list
            ],
        }
        context["letters"] = list(groups.items())
        return context


class GlossaryEntryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "glossary.GlossaryEntryPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class GlossaryEntryForm(WagtailAdminPageForm):
    """Refuses a term or alternative form another live entry of the site owns."""

    def clean(self):
        cleaned_data = super().clean()
        keys = {}
        title = cleaned_data.get("title")
        if title:
            keys[normalize_term(title)] = ("title", title)
        formset = self.formsets.get("alternative_forms")
        if formset is not None:
            for form in formset.forms:
                # The parent form is cleaned before its formsets: clean each now.
                if not form.is_valid():
                    continue
                data = form.cleaned_data
                value = data.get("form")
                if not value or data.get("DELETE"):
                    continue
                key = normalize_term(value)
                if key in keys:
                    form.add_error(
                        "form",
                        _("“%(form)s” is already a form of this entry.")
                        % {"form": value},
                    )
                    continue
                keys[key] = (form, value)
        if not keys:
            return cleaned_data
        clashes = GlossaryEntryPage.entries_owning(
            keys, site_root=self._site_root(), exclude_pk=self.instance.pk
        )
        for key, other in clashes.items():
            target, value = keys[key]
            message = _(
                "“%(value)s” already belongs to the glossary entry “%(entry)s”."
            ) % {"value": value, "entry": other.title}
            if target == "title":
                self.add_error("title", message)
            else:
                target.add_error("form", message)
        return cleaned_data

    def _site_root(self):
        page = self.parent_page or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if page is None:
            return None
        site = page.get_site()
        return site.root_page if site else None


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
            InlinePanel(
                "alternative_forms",
                heading=_("Alternative forms"),
                label=_("form"),
                help_text=_(
                    "Other spellings, abbreviations or synonyms, e.g. “BtoB” for “B2B”."
                ),
            ),
            FieldPanel("case_sensitive"),
            FieldPanel("short_definition"),
            FieldPanel("explanation"),
            InlinePanel(
                "sources",
                heading=_("Sources"),
                label=_("source"),
                help_text=_("Dictionaries or references the definition draws on."),
            ),
            InlinePanel(
                "related_entries",
                heading=_("Related entries"),
                label=_("related entry"),
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
        APIField("short_definition"),
        APIField("explanation"),
        APIField("source_list", serializer=typed_field(list[SourceSchema])),
        APIField(
            "related_entry_list", serializer=typed_field(list[RelatedEntrySchema])
        ),
        *EditorialPageMixin.api_fields,
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

    @cached_property
    def json_ld(self):
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


class GlossaryAlternativeForm(Orderable):
    """Another way of writing an entry's term (spelling, abbreviation, synonym)."""

    page = ParentalKey(
        GlossaryEntryPage, on_delete=models.CASCADE, related_name="alternative_forms"
    )
    form = models.CharField(
        _("form"), max_length=120, help_text=_("For example “BtoB” for the term “B2B”.")
    )

    form_key = models.CharField(
        max_length=120, editable=False, db_index=True, default=""
    )

    panels = [FieldPanel("form")]

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
        GlossaryEntryPage, on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("For example “Le Robert, dictionnaire en ligne”."),
    )
    url = models.URLField(_("URL"), blank=True, help_text=_("Optional."))

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class GlossaryRelatedEntry(Orderable):
    """Another glossary entry readers of this one should know."""

    page = ParentalKey(
        GlossaryEntryPage, on_delete=models.CASCADE, related_name="related_entries"
    )
    target = models.ForeignKey(
        GlossaryEntryPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("entry"),
    )

    panels = [PageChooserPanel("target", "glossary.GlossaryEntryPage")]

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


@register_setting(icon="list-ul")
class GlossarySettings(BaseSiteSetting):
    """Per-site glossary options."""

    auto_link = models.BooleanField(
        _("link terms automatically"),
        default=False,
        help_text=_(
            "Turn the first occurrence of each glossary term in paragraph text into "
            "a glossary link, on every page that allows it."
        ),
    )

    class Meta:
        verbose_name = _("glossary settings")
