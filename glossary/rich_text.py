"""The "glossary-term" rich-text entity.

Stored as ``<a linktype="glossary" id="123">B2B</a>`` (the entry's page id, so
renaming an entry changes nothing for the texts using it). On the site it
becomes a link to the entry described by the entry's short definition:

    <a class="glossary-term" href="/glossaire/b2b/" data-glossary-id="123"
       aria-describedby="glossary-definition-123" title="…">B2B</a>

and, once per page, after the stream that first uses it, a hidden
``<span id="glossary-definition-123">…</span>`` holding the definition (read
by screen readers through ``aria-describedby``, shown as a tooltip by
pressroom.js). Without JavaScript the link works and ``title`` carries the
definition. An entry that is gone, unpublished, private or off schedule
(``editorial.content.Visibility``) renders as plain text.
"""

from django.utils.html import format_html, format_html_join

from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.rich_text import LinkHandler

from draftjs_exporter.dom import DOM

from editorial.content import Visibility, is_on_schedule, restricted_paths
from editorial.rich_text import PrefetchingHandlerMixin
from editorial.typography import typeset_text

IDENTIFIER = "glossary"
ENTITY_TYPE = "GLOSSARY"
FEATURE_NAME = "glossary-term"


def definition_id(pk):
    return f"glossary-definition-{pk}"


def visible_entries(ids, visibility):
    """``{str(id): entry}`` for the entries among ``ids`` that ``visibility``
    lets readers see."""
    int_ids = [int(pk) for pk in ids if str(pk).isdigit()]
    if not int_ids:
        return {}
    if visibility.site is Visibility.ANY_SITE and len(int_ids) <= MAX_PREPARED_IDS:
        return _visible_across_sites(int_ids, visibility.now)
    from glossary.models import GlossaryEntryPage

    entries = (
        visibility.pages(GlossaryEntryPage)
        .filter(pk__in=int_ids)
        .defer_streamfields()
        .only("pk", "title", "url_path", "path", "depth", "short_definition")
    )
    return {str(entry.pk): entry for entry in entries}


# The entries a stream links to are read on every render of a page: the query
# is compiled once per number of ids (editorial.prepared) and the rest of the
# rule ``Visibility.across_sites()`` states (schedule, restricted sections) is
# checked on the rows, so the SQL does not change with the time or the paths.
MAX_PREPARED_IDS = 32
_ENTRIES_QUERIES = {}
# Page ids no page has, standing for the wanted ids while the query compiles.
_MARKER_ID = 2_000_000_100


def _entries_query(count):
    query = _ENTRIES_QUERIES.get(count)
    if query is None:
        from editorial.prepared import PreparedQuery

        def build(**markers):
            from glossary.models import GlossaryEntryPage

            return (
                GlossaryEntryPage.objects.filter(
                    live=True, pk__in=list(markers.values())
                )
                .order_by()
                .defer_streamfields()
                .only(
                    "pk",
                    "title",
                    "url_path",
                    "path",
                    "depth",
                    "short_definition",
                    "go_live_at",
                    "expire_at",
                )
            )

        markers = {f"pk{i}": _MARKER_ID + i for i in range(count)}
        query = _ENTRIES_QUERIES[count] = PreparedQuery(build, **markers)
    return query


def _visible_across_sites(int_ids, now):
    """``visible_entries`` for ``Visibility.across_sites()``: live entries
    read by the compiled query, then kept when on schedule at ``now`` and
    outside every view-restricted section (its ``q()``, checked on the rows)."""
    entries = _entries_query(len(int_ids)).run(
        **{f"pk{i}": pk for i, pk in enumerate(int_ids)}
    )
    restricted = restricted_paths()
    return {
        str(entry.pk): entry
        for entry in entries
        if is_on_schedule(entry, now)
        and not any(entry.path.startswith(path) for path in restricted)
    }


class GlossaryTermDbAttributes:
    """The stored attributes of a term link given in editor HTML
    (``<a data-linktype="glossary" data-id="123">``): what Wagtail's rich-text
    input sanitiser (API v3 writes) keeps."""

    @staticmethod
    def get_db_attributes(tag):
        return {"id": tag["data-id"]}


class GlossaryTermLinkHandler(PrefetchingHandlerMixin, LinkHandler):
    identifier = IDENTIFIER

    @staticmethod
    def get_model():
        from glossary.models import GlossaryEntryPage

        return GlossaryEntryPage

    @classmethod
    def prefetch(cls, ids, scope):
        return visible_entries(ids, Visibility.across_sites())

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        from editorial.rich_text import current_scope, rendering_for_api

        scope = current_scope()
        for_api = rendering_for_api()
        request = scope.request if scope else None
        # On a page, each term points at one hidden definition per entry (the
        # stream's appendix); the API has no appendix: the title carries it.
        used = scope.state.setdefault(IDENTIFIER, {}) if scope and not for_api else None
        tags = []
        for entry in cls.get_many(attrs_list):
            if entry is None:
                tags.append("<a>")
                continue
            if scope is None or for_api:
                url = entry.full_url or entry.url or ""
            else:
                url = entry.get_url(request) or ""
            describedby = ""
            if used is not None:
                used[entry.pk] = entry
                describedby = format_html(
                    ' aria-describedby="{}"', definition_id(entry.pk)
                )
            tags.append(
                format_html(
                    '<a class="glossary-term" href="{}" data-glossary-id="{}"'
                    ' title="{}"{}>',
                    url,
                    entry.pk,
                    typeset_text(entry.short_definition, entry),
                    describedby,
                )
            )
        return tags

    @classmethod
    def render_appendix(cls, scope):
        """The hidden definitions of the entries this stream uses, each once per page."""
        used = scope.state.get(IDENTIFIER) or {}
        emitted = scope.page_state("glossary_definitions", set)
        new = [entry for pk, entry in used.items() if pk not in emitted]
        if not new:
            return ""
        emitted.update(entry.pk for entry in new)
        return format_html(
            '<div class="glossary-definitions" hidden>{}</div>',
            format_html_join(
                "",
                '<span id="{}" class="glossary-definition">{}</span>',
                (
                    (
                        definition_id(entry.pk),
                        typeset_text(entry.short_definition, entry),
                    )
                    for entry in new
                ),
            ),
        )

    @classmethod
    def extract_references(cls, attrs):
        from wagtail.models import Page

        # Recorded against the base page model, as Wagtail does for page links,
        # so the reference index finds usages from any page type.
        if str(attrs.get("id", "")).isdigit():
            yield Page, attrs["id"], "", ""


# -- Draftail (contentstate) conversion ------------------------------------


def glossary_term_entity(props):
    """Contentstate entity -> ``<a linktype="glossary" id="…">``."""
    return DOM.create_element(
        "a", {"linktype": IDENTIFIER, "id": props.get("id")}, props["children"]
    )


class GlossaryTermElementHandler(LinkElementHandler):
    """``<a linktype="glossary" id="…">`` -> contentstate entity data."""

    def get_attribute_data(self, attrs):
        from glossary.models import GlossaryEntryPage

        try:
            pk = int(attrs["id"])
        except (KeyError, ValueError):
            return {}
        entry = GlossaryEntryPage.objects.filter(pk=pk).only("pk", "title").first()
        if entry is None:
            return {"id": pk}
        return {"id": entry.pk, "title": entry.title}


ContentstateGlossaryTermConversionRule = {
    "from_database_format": {
        f'a[linktype="{IDENTIFIER}"]': GlossaryTermElementHandler(ENTITY_TYPE),
    },
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: glossary_term_entity}},
}
