"""Pressroom's own endpoints on Wagtail's API v3 (django-ninja), and helpers
that give content items the same shape in API v2 and v3.

``site_config.api`` mounts ``content_router`` at ``/api/v3/content/`` and
``tags_router`` at ``/api/v3/tags/``. Every listing goes through
``editorial.content.Visibility`` (live, public, this site); rows are selected
and counted in one UNION query and loaded with one query per page type, tags
with one more query per type, whatever the page size.
"""

import datetime
import re
from typing import Annotated, Literal

from django.db.models import Count, F, IntegerField, Q, Value
from django.http import Http404, HttpRequest
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from taggit.models import Tag
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail
from wagtail.models import Page

from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from editorial import listing_cache
from editorial.api_fields import SeeAlsoItemSchema, TagSchema
from editorial.content import Visibility
from editorial.registry import content_types
from editorial.see_also import resolve_see_also
from editorial.wagtail_adaptations import MAX_OFFSET

MAX_LIMIT = 100
MAX_SEARCH_LENGTH = 200
SEARCH_WORD = re.compile(r"\w+")

# Tag and person slugs as the database stores them (no NUL byte or other
# character PostgreSQL refuses ever reaches a query).
SLUG_PATTERN = r"^[-\w]+$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]
# A row id in a path: past a signed 64-bit integer SQLite cannot even compare
# it (a server error), so it is a 422 like any invalid parameter.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=0, le=MAX_ID)]

# The registered page types, as an enum in the OpenAPI document (this module
# is imported when the URLs load, after every app's ready() registered its
# type); an unknown type is then a 422 like any invalid parameter.
_LABELS = tuple(content_types.labels())
TypeLabel = Literal[_LABELS] if _LABELS else str

# Every GET of ours: an ETag computed from the body (304 on a matching
# If-None-Match) and a short public cache lifetime.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)
http_cached = decorate_view(cache_control(public=True, max_age=60), conditional_get)


# -- v2 / page api_fields helpers --------------------------------------------


def serialize_item(item, tags=None):
    page = item.page
    data = {
        "id": page.pk,
        "type": item.type_name,
        "title": item.title,
        "url": page.full_url,
        "teaser": item.teaser or "",
        "date": item.date.isoformat() if item.date else None,
    }
    if tags is not None:
        data["tags"] = tags
    return data


def serialize_items(items):
    return [serialize_item(item) for item in items]


# -- schemas -----------------------------------------------------------------


class ContentItemSchema(Schema):
    id: int
    type: str = Field(..., description="The page type, e.g. articles.ArticlePage.")
    title: str
    url: str | None
    teaser: str
    date: datetime.date | None
    tags: list[TagSchema]


class ContentListSchema(Schema):
    count: int = Field(..., description="Items matching the filters, all pages.")
    limit: int
    offset: int
    items: list[ContentItemSchema]


class TagCountSchema(Schema):
    name: str
    slug: str
    count: int
    counts: dict[str, int] = Field(
        ..., description="Items carrying the tag, per page type."
    )


class TagDetailSchema(TagCountSchema):
    limit: int
    offset: int
    items: list[ContentItemSchema]


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ContentQuery(PageQuery):
    tag: list[Slug] = Field(
        [], description="Tag slug; repeat for several (see tag_match)."
    )
    tag_match: Literal["any", "all"] = Field(
        "any", description="Items carrying any of the tags, or all of them."
    )
    type: list[TypeLabel] = Field(
        [], description="Page type label (articles.ArticlePage…); repeat for several."
    )
    contributor: str | None = Field(
        None,
        max_length=100,
        pattern=SLUG_PATTERN,
        description="Slug of a person credited on the item (contributor, host, guest).",
    )
    published_after: datetime.date | None = Field(
        None, description="Items published on or after this date (YYYY-MM-DD)."
    )
    published_before: datetime.date | None = Field(
        None, description="Items published on or before this date (YYYY-MM-DD)."
    )
    search: str | None = Field(None, max_length=MAX_SEARCH_LENGTH)
    order: Literal["-date", "date", "title", "-title"] = "-date"


class RecentQuery(Schema):
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    type: list[TypeLabel] = Field(
        [], description="Page type label; repeat for several."
    )


# Error answers (RFC 7807 problem+json, Wagtail v3's handlers), documented
# on every operation so generated clients know them.
PROBLEMS = {400: ProblemDetail, 404: ProblemDetail, 422: ProblemDetail}
# …with the media type they are sent with (django-ninja documents only
# application/json): pass as ``openapi_extra``.
PROBLEM_DOCS = {
    "responses": {
        status: {
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
            }
        }
        for status in PROBLEMS
    }
}

# Statuses Wagtail's own v3 operations answer with problem+json (its error
# handlers) that its OpenAPI document does not list (read endpoints behind
# tokens: 401/403; unknown ids: 404; parameters the schema cannot constrain,
# e.g. child_of with descendant_of: 400/422).
WAGTAIL_PROBLEM_STATUSES = ("400", "401", "403", "404", "422")


def document_problem_responses(schema):
    """Add the problem+json answers to every operation of ``schema`` (an
    OpenAPI document) that lacks them, so generated clients and Schemathesis
    know every status the API sends."""
    problem = {
        "description": "Problem details (RFC 7807).",
        "content": {
            PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
        },
    }
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ProblemDetail", ProblemDetail.model_json_schema())
    # Wagtail's AllowAnonymous is documented as an HTTP scheme with no
    # ``scheme`` (invalid OpenAPI); anonymous access is an empty requirement.
    schema["components"].get("securitySchemes", {}).pop("AllowAnonymous", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "security" in operation:
                operation["security"] = [
                    {} if "AllowAnonymous" in requirement else requirement
                    for requirement in operation["security"]
                ]
            responses = operation.setdefault("responses", {})
            # django-ninja keys statuses by int, JSON by string: never both.
            present = {str(status) for status in responses}
            for status in WAGTAIL_PROBLEM_STATUSES:
                if status not in present:
                    responses[status] = problem
    return schema


# -- queries -----------------------------------------------------------------


def _types(labels):
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


def _tags(slugs):
    slugs = list(dict.fromkeys(slugs))
    tags = list(Tag.objects.filter(slug__in=slugs)) if slugs else []
    if len(tags) != len(slugs):
        known = {tag.slug for tag in tags}
        raise Http404(
            _("Unknown tag: %(tags)s.")
            % {"tags": ", ".join(slug for slug in slugs if slug not in known)}
        )
    return tags


DATE_ORDERS = {
    "-date": ("-publication_date", "-pk"),
    "date": ("publication_date", "pk"),
}


def _rows(visibility, models, filters, order, window=None):
    """A UNION of ``(pk, publication_date, kind, title)`` rows, ordered.

    ``kind`` indexes ``content_types.models()`` so ``Visibility.load`` reads
    the rows; ``filters(model)`` gives the Q of each model (or None: skip it).
    ``window`` (for a date order): only the first ``window`` rows of each
    type, read from its publication-date index, enough for any slice ending
    there, at a cost that does not grow with the number of pages.
    """
    all_models = content_types.models()
    parts = []
    for model in models:
        q = filters(model)
        if q is None:
            continue
        if window is not None and order in DATE_ORDERS:
            first = (
                visibility.indexed_pages(model)
                .filter(q)
                .order_by(*DATE_ORDERS[order])
                .values("pk")[:window]
            )
            qs = model.objects.filter(pk__in=first)
        else:
            qs = visibility.pages(model).filter(q)
        qs = (
            qs.annotate(
                kind=Value(all_models.index(model), output_field=IntegerField()),
                sort_title=F("title"),
            )
            .order_by()
            .values_list("pk", "publication_date", "kind", "sort_title")
        )
        parts.append(qs)
    if not parts:
        return None
    rows = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    ordering = {
        "-date": ("-publication_date", "-pk"),
        "date": ("publication_date", "pk"),
        "title": ("sort_title", "pk"),
        "-title": ("-sort_title", "-pk"),
    }[order]
    return rows.order_by(*ordering)


def _tags_by_page(items):
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


def _items(visibility, rows):
    items = visibility.load(rows)
    tags = _tags_by_page(items)
    return [serialize_item(item, tags.get(item.page.pk, [])) for item in items]


def _page(visibility, rows, limit, offset, count=None):
    if rows is None:
        return 0, []
    if count is None:
        count = rows.count()
    page_rows = list(rows[offset : offset + limit]) if offset < count else []
    return count, _items(visibility, page_rows)


def _search_pks(request, visibility, models, terms):
    words = " ".join(SEARCH_WORD.findall(terms.casefold()))[:MAX_SEARCH_LENGTH]
    if not words.strip():
        return []
    pages = Page.objects.filter(visibility.search_q()).type(*models)
    return [page.pk for page in pages.search(words)[:1000]]


def _person_q(model, slug):
    lookup = getattr(model, "api_person_lookup", None)
    if not lookup:
        return None
    return Q(**{f"{lookup}__slug": slug})


# -- content -----------------------------------------------------------------

content_router = Router(tags=["content"], auth=[BearerTokenAuth(), AllowAnonymous()])


@content_router.get(
    "/",
    response={200: ContentListSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_content",
    summary="Content across types (articles, glossary entries, episodes)",
    operation_id="pressroom_content_list",
)
@http_cached
def content_list(request: HttpRequest, params: ContentQuery = Query(...)):  # noqa: B008
    models = _types(params.type)
    tags = _tags(params.tag)
    visibility = Visibility.for_request(request)
    common = Q()
    if params.published_after:
        common &= Q(publication_date__gte=params.published_after)
    if params.published_before:
        common &= Q(publication_date__lte=params.published_before)
    if params.search is not None:
        pks = _search_pks(request, visibility, models, params.search)
        common &= Q(pk__in=pks)

    def filters(model):
        q = common
        if tags:
            through = model.tags.through.objects
            if params.tag_match == "all":
                for tag in tags:
                    q &= Q(pk__in=through.filter(tag=tag).values("content_object_id"))
            else:
                q &= Q(pk__in=through.filter(tag__in=tags).values("content_object_id"))
        if params.contributor:
            person_q = _person_q(model, params.contributor)
            if person_q is None:
                return None
            q &= Q(pk__in=model.objects.filter(person_q).values("pk"))
        return q

    rows = _rows(visibility, models, filters, params.order)
    count = None
    if rows is not None and params.search is None:
        # Counting reads every matching row: cached until content changes.
        site = visibility.site.pk if visibility.site else None
        key = (
            "content-count",
            site,
            params.model_dump_json(exclude={"limit", "offset", "order"}),
        )
        count = listing_cache.cached(key, rows.count)
    window = params.offset + params.limit
    rows = _rows(visibility, models, filters, params.order, window=window)
    count, items = _page(visibility, rows, params.limit, params.offset, count)
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }


@content_router.get(
    "/recent/",
    response={200: list[ContentItemSchema], **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_content_recent",
    summary="The most recent content across types",
    operation_id="pressroom_content_recent",
)
@http_cached
def content_recent(request: HttpRequest, params: RecentQuery = Query(...)):  # noqa: B008
    models = _types(params.type)
    visibility = Visibility.for_request(request)
    rows = _rows(visibility, models, lambda model: Q(), "-date", window=params.limit)
    return _items(visibility, list(rows[: params.limit]))


@content_router.get(
    "/{int:page_id}/see-also/",
    response={200: list[SeeAlsoItemSchema], **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_see_also",
    summary="The See also panel of a page, resolved as on the page",
    operation_id="pressroom_see_also",
)
@http_cached
def see_also(request: HttpRequest, page_id: ObjectId):
    visibility = Visibility.for_request(request)
    models = content_types.models()
    page = (
        (
            Page.objects.filter(visibility.q(), pk=page_id)
            .type(*models)
            .specific()
            .defer_streamfields()
            .first()
        )
        if models
        else None
    )
    if page is None or not content_types.is_registered(type(page)):
        raise Http404(_("No content page with this id."))
    items = resolve_see_also(page, visibility)
    return [serialize_item(item) for item in items]


# -- tags --------------------------------------------------------------------

tags_router = Router(tags=["tags"], auth=[BearerTokenAuth(), AllowAnonymous()])


def _tag_counts(visibility, tag_ids=None):
    """``{tag_id: {type label: count}}`` over visible content: one query per type."""

    counts = {}
    for model in content_types.models():
        rows = model.tags.through.objects.filter(
            content_object__in=visibility.pages(model).values("pk")
        )
        if tag_ids is not None:
            rows = rows.filter(tag_id__in=tag_ids)
        for row in rows.values("tag_id").annotate(n=Count("id")).order_by():
            counts.setdefault(row["tag_id"], {})[model._meta.label] = row["n"]
    return counts


def _tag_out(tag, counts):
    return {
        "name": tag.name,
        "slug": tag.slug,
        "count": sum(counts.values()),
        "counts": counts,
    }


@tags_router.get(
    "/",
    response={200: list[TagCountSchema], **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_tags",
    summary="Every tag carried by visible content, with per-type counts",
    operation_id="pressroom_tag_list",
)
@http_cached
def tag_list(request: HttpRequest):
    visibility = Visibility.for_request(request)
    counts = _tag_counts(visibility)
    tags = Tag.objects.filter(pk__in=list(counts)).order_by("name", "pk")
    return [_tag_out(tag, counts[tag.pk]) for tag in tags]


@tags_router.get(
    "/{slug}/",
    response={200: TagDetailSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_tag",
    summary="One tag with its items, newest first",
    operation_id="pressroom_tag_detail",
)
@http_cached
def tag_detail(
    request: HttpRequest,
    slug: str,
    params: PageQuery = Query(...),  # noqa: B008
):
    visibility = Visibility.for_request(request)
    if not re.fullmatch(SLUG_PATTERN[1:-1], slug) or len(slug) > 100:
        raise Http404(_("No visible content carries this tag."))
    tag = Tag.objects.filter(slug=slug).first()
    counts = _tag_counts(visibility, [tag.pk]).get(tag.pk) if tag else None
    if not counts:
        raise Http404(_("No visible content carries this tag."))
    through_q = {
        model: Q(
            pk__in=model.tags.through.objects.filter(tag=tag).values(
                "content_object_id"
            )
        )
        for model in content_types.models()
    }
    rows = _rows(visibility, content_types.models(), through_q.get, "-date")
    _count, items = _page(visibility, rows, params.limit, params.offset)
    return {
        **_tag_out(tag, counts),
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }
