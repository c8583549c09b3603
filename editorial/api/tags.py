"""``/api/v3/tags/``: the tags carried by visible content, with per-type
counts, and one tag with its items."""

import re

from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from taggit.models import Tag
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from ninja import Query, Router

from editorial.api.caching import http_cached
from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.queries import content_rows, page_of
from editorial.api.schemas import (
    SLUG_PATTERN,
    PageQuery,
    TagCountSchema,
    TagDetailSchema,
)
from editorial.content import Visibility
from editorial.registry import content_types

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
    rows = content_rows(visibility, content_types.models(), through_q.get, "-date")
    _count, items = page_of(
        visibility, rows, params.limit, params.offset, request=request
    )
    return {
        **_tag_out(tag, counts),
        "limit": params.limit,
        "offset": params.offset,
        "items": items,
    }
