"""The glossary index: every entry, A to Z, by letter or by search."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from editorial import listing_cache
from editorial.content import Visibility
from editorial.pagination import paginate
from editorial.preview import HeadlessPreviewMixin
from editorial.structured_data import StructuredDataMixin
from glossary.conf import get_setting as get_glossary_setting
from glossary.listing import attach_cards, listed

from .entry import GlossaryEntryPage
from .terms import LETTERS, normalize_term


class GlossaryIndexPage(HeadlessPreviewMixin, StructuredDataMixin, Page):
    """The glossary: every entry, A to Z."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of entries."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro", writable=True)]
    subpage_types = ["glossary.GlossaryEntryPage"]

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def visible_entries(self, request, *, rows=False):
        """The entries readers may see, A to Z. The reader rule is checked per
        row in a subquery (``indexed_pages``). ``rows``: for the entries of
        the page shown, the rule read as each row's value
        (``row_checked_pages``), so that the database walks the ``(letter,
        term_key)`` index and stops after the page, a letter's too."""
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        visibility = Visibility.for_request(request)
        pages = visibility.row_checked_pages if rows else visibility.indexed_pages
        return (
            pages(GlossaryEntryPage, children)
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
        entries = self.visible_entries(request, rows=True)
        letter = self.get_letter(request)
        query = " ".join(request.GET.get("q", "").split())[:100]
        query = "".join(c for c in query if c.isprintable())
        context["search_query"] = query
        context["current_letter"] = letter
        count = None
        if query:
            key = normalize_term(query)
            matching = Q(
                pk__in=GlossaryEntryPage.objects.filter(
                    Q(term_key__contains=key)
                    | Q(alternative_forms__form_key__contains=key)
                ).values("pk")
            )
            entries = entries.filter(matching)
            # Counted, as every row is read, with the rule's join (not ``rows``).
            count = self.visible_entries(request).filter(matching).order_by().count()
        else:
            counted = self.visible_entries(request)
            if letter:
                entries = entries.filter(letter=letter)
                counted = counted.filter(letter=letter)
            visibility = Visibility.for_request(request)
            site = visibility.site.pk if visibility.site else None
            # Counting scans the entries (a join suits it: not ``rows``):
            # cached like the letters.
            count = listing_cache.cached(
                ("glossary-count", self.pk, site, letter or ""),
                counted.order_by().count,
            )
        page = paginate(
            request,
            listed(entries),
            per_page=get_glossary_setting("PRESSROOM_GLOSSARY_PAGE_SIZE"),
            count=count,
        )
        # Each entry's card, rendered once per revision (glossary.listing).
        attach_cards(request, page, GlossaryEntryPage)
        groups = {}
        for entry in page.object_list:
            groups.setdefault(entry.letter, []).append(entry)
        context["entries"] = page
        context["entry_count"] = page.paginator.count
        context["letter_links"] = self.letters_with_entries(request)
        context["letters"] = list(groups.items())
        return context

    def structured_data(self, request, entries=()):
        """The schema.org ``DefinedTermSet`` (``editorial.structured_data``),
        with the ``entries`` of the page shown (the others are on their pages)."""
        return {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "@id": self.full_url,
            "name": self.title,
            "url": self.full_url,
            "hasDefinedTerm": [
                {
                    "@type": "DefinedTerm",
                    "name": entry.title,
                    # Stored with its card (glossary.listing), or read now.
                    "url": getattr(entry, "card_url", None) or entry.get_url(request),
                }
                for entry in entries
            ],
        }
