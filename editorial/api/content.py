"""``/api/v3/content/``: content across types, the most recent content and
a page's See also panel."""

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.models import Page

from ninja import Query, Router

from editorial import listing_cache
from editorial.api.caching import http_cached
from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.queries import (
    content_rows,
    items_out,
    json_list_response,
    page_of,
    page_types,
    person_q,
    search_pks,
    tags_by_slugs,
)
from editorial.api.schemas import (
    ContentItemSchema,
    ContentListSchema,
    ContentQuery,
    ObjectId,
    RecentQuery,
)
from editorial.api_fields import SeeAlsoItemSchema
from editorial.content import Visibility
from editorial.registry import content_types
from editorial.see_also import resolve_see_also

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
    models = page_types(params.type)
    tags = tags_by_slugs(params.tag)
    visibility = Visibility.for_request(request)
    common = Q()
    if params.published_after:
        common &= Q(publication_date__gte=params.published_after)
    if params.published_before:
        common &= Q(publication_date__lte=params.published_before)
    if params.search is not None:
        pks = search_pks(visibility, models, params.search)
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
            credited = person_q(model, params.contributor)
            if credited is None:
                return None
            q &= Q(pk__in=model.objects.filter(credited).values("pk"))
        return q

    # A search names its pages (at most 1,000): they are read by key, and
    # counted in full. Otherwise each type's newest rows are read from its
    # date index, as far as the page asked for.
    window = None if params.search is not None else params.offset + params.limit
    rows = content_rows(visibility, models, filters, params.order, window=window)
    count = None
    if rows is not None and params.search is None:
        # Counting reads every matching row: cached until content changes
        # (and its query only built when it is not).
        site = visibility.site.pk if visibility.site else None
        key = (
            "content-count",
            site,
            params.model_dump_json(exclude={"limit", "offset", "order"}),
        )
        count = listing_cache.cached(
            key,
            lambda: content_rows(visibility, models, filters, params.order).count(),
        )
    count, items = page_of(
        visibility, rows, params.limit, params.offset, count, request, encoded=True
    )
    fields = {"count": count, "limit": params.limit, "offset": params.offset}
    return json_list_response(fields, items)


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
    models = page_types(params.type)
    visibility = Visibility.for_request(request)
    rows = content_rows(
        visibility, models, lambda model: Q(), "-date", window=params.limit
    )
    return items_out(visibility, list(rows[: params.limit]), request)


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
    return [item.data() for item in items]
