"""Imported glossary terms (CM Tooltip Glossary, Glossary by Codeat) become
glossary entries (``editorial.importing``'s "glossary" kind)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from wagtail.blocks import StreamValue

from editorial.blocks import BodyBlock
from editorial.importing import ImportAdapter, stream_data

from .models import (
    SHORT_DEFINITION_MAX_LENGTH,
    GlossaryAlternativeForm,
    GlossaryEntryPage,
    GlossaryIndexPage,
    normalize_term,
)

BODY_BLOCK = BodyBlock()


class GlossaryEntryAdapter(ImportAdapter):
    """A term: an entry under the site's (first) glossary index, created when
    the site has none; synonyms, variations and abbreviations become its
    alternative forms."""

    kind = "glossary"
    model = GlossaryEntryPage
    body_field = "explanation"

    def get_parent(self, site_root, item):
        return self.first_or_new_index(
            site_root,
            GlossaryIndexPage,
            lambda: GlossaryIndexPage(title=_("Glossary"), slug="glossary"),
        )

    def fill(self, page, item):
        page.title = item.title[:255]
        if item.slug:
            page.slug = item.slug[:255]
        definition = item.excerpt or " ".join(
            strip_tags(value) if isinstance(value, str) else ""
            for kind, value in item.body
            if kind == "paragraph"
        )
        definition = " ".join(definition.split()) or item.title
        if len(definition) > SHORT_DEFINITION_MAX_LENGTH:
            definition = (
                definition[: SHORT_DEFINITION_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
            )
        page.short_definition = definition
        if item.published_at:
            page.publication_date = item.published_at.date()
            page.first_published_at = item.published_at
        if item.modified_at:
            page.last_published_at = item.modified_at
        page.explanation = StreamValue(
            BODY_BLOCK, stream_data(BODY_BLOCK, item.body), is_lazy=True
        )
        page.tags.set(item.tags)
        term_key = normalize_term(page.title)
        forms = []
        seen = {term_key}
        for form in item.extra.get("alternative_forms", []):
            key = normalize_term(form)
            if key and key not in seen:
                seen.add(key)
                forms.append(
                    GlossaryAlternativeForm(form=form[:120], sort_order=len(forms))
                )
        page.alternative_forms = forms
        return page
