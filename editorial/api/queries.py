"""What the content and tag routers read: the page types and tags asked for,
cross-type rows, and the items of one page of rows with their tags."""

import json
import re

from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.models import Page

from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from editorial.api.schemas import MAX_SEARCH_LENGTH, ContentItemSchema
from editorial.content import NEWEST, OLDEST, union_rows
from editorial.item_cache import ItemBatch
from editorial.registry import content_types
from editorial.search import ranked_page_ids, search_candidates

SEARCH_WORD = re.compile(r"\w+")


def page_types(labels):
    """The models of the type labels asked for (every registered type for
    none), or a 400 naming the unknown ones."""
    if not labels:
        return content_types.models()
    unknown = [label for label in labels if content_types.get(label) is None]
    if unknown:
        raise HttpError(
            400,
            _("Unknown type: %(types)s. Known types: %(known)s.")
            % {
                "types": ", ".join(unknown),
                "known": ", ".join(content_types.labels()),
            },
        )
    return [content_types.get(label) for label in dict.fromkeys(labels)]


def tags_by_slugs(slugs):
    """The tags of ``slugs``, or a 404 naming the unknown ones."""
    slugs = list(dict.fromkeys(slugs))
    tags = list(Tag.objects.filter(slug__in=slugs)) if slugs else []
    if len(tags) != len(slugs):
        known = {tag.slug for tag in tags}
        raise Http404(
            _("Unknown tag: %(tags)s.")
            % {"tags": ", ".join(slug for slug in slugs if slug not in known)}
        )
    return tags


DATE_ORDERS = {"-date": NEWEST, "date": OLDEST}
ORDERS = {
    **DATE_ORDERS,
    "title": ("sort_title", "pk"),
    "-title": ("-sort_title", "-pk"),
}


def content_rows(visibility, models, filters, order, window=None):
    """``union_rows`` of ``(pk, publication_date, kind, title)``, ordered.

    ``kind`` indexes ``content_types.models()`` so ``Visibility.load`` reads
    the rows; ``filters(model)`` gives the Q of each model (or None: skip it).
    ``window`` (for a date order): only the first ``window`` rows of each
    type, read from its publication-date index, enough for any slice ending
    there, at a cost that does not grow with the number of pages.
    """
    all_models = content_types.models()
    windowed = window is not None and order in DATE_ORDERS
    parts = []
    for model in models:
        q = filters(model)
        if q is None:
            continue
        pages = visibility.indexed_pages if windowed else visibility.pages
        parts.append((all_models.index(model), pages(model).filter(q)))
    rows = union_rows(
        parts,
        columns={"sort_title": F("title")},
        first=window if windowed else None,
        order=DATE_ORDERS.get(order, NEWEST),
    )
    if rows is None:
        return None
    return rows.order_by(*ORDERS[order])


def tags_by_page(items):
    """``{page pk: [tag, …]}`` for loaded items: one query per page type."""
    by_model = {}
    for item in items:
        by_model.setdefault(type(item.page), []).append(item.page.pk)
    result = {}
    for model, pks in by_model.items():
        through = model.tags.through
        for row in (
            through.objects.filter(content_object_id__in=pks)
            .select_related("tag")
            .order_by("tag__name")
        ):
            result.setdefault(row.content_object_id, []).append(
                {"name": row.tag.name, "slug": row.tag.slug}
            )
    return result


class _Row:
    """What the item cache keys an item of a content list by: its page.
    A row carries no revision: the content generation the cache keys also
    hold is renewed by whatever changes an item (publication, tags, a move)."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


def encoded_item(data):
    """An item (``ContentItemSchema``'s data) as the JSON the API's renderer
    writes for it inside a list: validated and dumped by the schema as
    django-ninja does, encoded by its encoder with the same separators."""
    item = ContentItemSchema.model_validate(data).model_dump()
    return json.dumps(item, cls=NinjaJSONEncoder)


def items_out(visibility, rows, request=None, encoded=False):
    """The items of ``rows`` in ``ContentItemSchema``'s shape, each kept in
    the item cache (``editorial.item_cache``) for ``request``: a list of 100
    items costs one cache read, not loading 100 pages and their tags.

    ``encoded``: each item as its JSON text (``encoded_item``), validated
    and encoded once when rendered and kept so: a list of stored items then
    costs no validation or encoding per item (``json_list_response``)."""
    name = "api-v3-content:json" if encoded else "api-v3-content"
    batch = ItemBatch(request, name, [_Row(row[0]) for row in rows])
    missing = [rows[index] for index in batch.missing]
    if missing:

        def load():
            items = visibility.load(missing)
            tags = tags_by_page(items)
            shape = encoded_item if encoded else (lambda data: data)
            return {
                item.page.pk: shape(item.data(tags.get(item.page.pk, [])))
                for item in items
            }

        # An item shows its own page only: stored with its own page's tag.
        loaded = batch.render_all(load, own_page_only=True)
        for index in list(batch.missing):
            data = loaded.get(rows[index][0])
            if data is None:
                batch.forget(index)  # (gone since its row was read)
            else:
                batch.put(index, data)
        batch.save()
    values = (batch.values[index] for index in range(len(rows)))
    return [value for value in values if value is not None]


def page_of(visibility, rows, limit, offset, count=None, request=None, encoded=False):
    """``(count, items)``: the rows' number (``count`` when known) and the
    items of the window ``offset``, ``limit`` (``encoded``: see
    ``items_out``)."""
    if rows is None:
        return 0, []
    if count is None:
        count = rows.count()
    page_rows = list(rows[offset : offset + limit]) if offset < count else []
    return count, items_out(visibility, page_rows, request, encoded)


def json_list_response(fields, items):
    """The answer ``{**fields, "items": [...]}`` for items already encoded
    (``items_out(encoded=True)``), byte for byte what django-ninja's renderer
    writes for the same data once validated (``fields`` come first, in the
    schema's order, and hold plain ints). Returned by the operation, it
    skips django-ninja's validation and encoding of every item; the
    operation still declares its schema for the OpenAPI document."""
    head = json.dumps(fields, cls=NinjaJSONEncoder)
    body = f'{head[:-1]}, "items": [{", ".join(items)}]}}'
    return HttpResponse(
        body,
        content_type=f"{JSONRenderer.media_type}; charset={JSONRenderer.charset}",
    )


def search_pks(visibility, models, terms):
    """Ids of the pages of ``models`` matching ``terms`` (at most 1,000; on
    PostgreSQL, ranked among ``PRESSROOM_SEARCH_CANDIDATES`` candidates, as
    the search page: ``editorial.search``)."""
    words = " ".join(SEARCH_WORD.findall(terms.casefold()))[:MAX_SEARCH_LENGTH]
    if not words.strip():
        return []
    pages = Page.objects.filter(visibility.search_q()).type(*models)
    found = pages.search(words)
    candidates = search_candidates(words, models)
    if candidates is not None:
        return ranked_page_ids(found, candidates)[:1000]
    return [page.pk for page in found[:1000]]


def person_q(model, slug):
    """Pages of ``model`` crediting the person ``slug``; None when the type
    credits no one (``api_person_lookup``)."""
    lookup = getattr(model, "api_person_lookup", None)
    if not lookup:
        return None
    return Q(**{f"{lookup}__slug": slug})
