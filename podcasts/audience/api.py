"""Audience figures for API v3 clients (django-ninja): the admin report as
JSON, for users holding ``podcasts.view_audience``, by API token (Wagtail's
bearer tokens) or admin session. ``site_config/api.py`` mounts ``router``."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.views.decorators.cache import never_cache

from wagtail.api.v3.auth import BearerTokenAuth

from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.security import django_auth

from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.schemas import ObjectId

from .admin_views import PERMISSION, scope_of, user_may_view
from .reports import ReportParameters, build_report

router = Router(tags=["podcast audience"], auth=[BearerTokenAuth(), django_auth])


class Figure(Schema):
    name: str
    downloads: int


class PeriodFigure(Schema):
    period: datetime.date
    downloads: int


class EpisodeFigures(Schema):
    id: int
    title: str
    release_date: datetime.date
    downloads: int
    first_7_days: int
    first_30_days: int


class AudienceReport(Schema):
    start: datetime.date
    end: datetime.date
    period: str
    show_id: int | None
    episode_id: int | None
    total: int
    series: list[PeriodFigure]
    apps: list[Figure]
    platforms: list[Figure]
    device_classes: list[Figure]
    sources: list[Figure]
    episodes: list[EpisodeFigures]


class ReportQuery(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None
    period: Literal["day", "week", "month"] = "day"


def _report(request, query, **scope):
    if not user_may_view(request.user):
        raise HttpError(403, f"The {PERMISSION} permission is required.")
    data = {k: v for k, v in query.dict().items() if v is not None}
    form = ReportParameters(
        {
            k: v.isoformat() if isinstance(v, datetime.date) else v
            for k, v in data.items()
        }
        | scope
    )
    if not form.is_valid():
        raise HttpError(
            422,
            " ".join(str(error) for errors in form.errors.values() for error in errors),
        )
    show, episode = scope_of(form.cleaned_data)
    report = build_report(
        form.cleaned_data["start"],
        form.cleaned_data["end"],
        form.cleaned_data["period"],
        show=show,
        episode=episode,
    )
    return report.as_dict()


_DOC = {
    # 401 and 403 are listed with the problem+json type by
    # editorial.api.problems.document_problem_responses.
    "response": {200: AudienceReport, **PROBLEMS},
    "openapi_extra": PROBLEM_DOCS,
}


@router.get(
    "/",
    **_DOC,
    url_name="podcast_audience",
    summary="Downloads of every show",
    operation_id="podcast_audience",
)
@decorate_view(never_cache)
def all_shows(request: HttpRequest, query: Query[ReportQuery]):
    return _report(request, query)


@router.get(
    "/shows/{show_id}/",
    **_DOC,
    url_name="podcast_audience_show",
    summary="Downloads of a show's episodes",
    operation_id="podcast_audience_show",
)
@decorate_view(never_cache)
def show_audience(request: HttpRequest, show_id: ObjectId, query: Query[ReportQuery]):
    return _report(request, query, show=show_id)


@router.get(
    "/episodes/{episode_id}/",
    **_DOC,
    url_name="podcast_audience_episode",
    summary="Downloads of an episode",
    operation_id="podcast_audience_episode",
)
@decorate_view(never_cache)
def episode_audience(
    request: HttpRequest, episode_id: ObjectId, query: Query[ReportQuery]
):
    return _report(request, query, episode=episode_id)
