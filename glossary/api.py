"""Glossary endpoints for Wagtail's API v3 (django-ninja): lookup and A–Z listing.

``site_config.api`` mounts ``router`` at ``/api/v3/glossary/``. Only live,
public entries of the site the request is for are served.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.models import Site

from ninja import Field, Query, Router, Schema

from editorial import listing_cache
from editorial.api.caching import http_cached
from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.schemas import MAX_LIMIT
from editorial.content import Visibility
from editorial.wagtail_adaptations import MAX_OFFSET

from .models import GlossaryEntryPage, normalize_term

router = Router(tags=["glossary"], auth=[BearerTokenAuth(), AllowAnonymous()])


class GlossaryEntrySchema(Schema):
    id: int
    term: str
    alternative_forms: list[str]
    short_definition: str
    letter: str
    url: str | None


class GlossaryLetterSchema(Schema):
    letter: str
    entries: list[GlossaryEntrySchema]


class GlossaryIndexSchema(Schema):
    count: int
    limit: int
    offset: int
    letters: list[GlossaryLetterSchema]


class LookupQuery(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=120,
        description="A term or alternative form; case and accents are ignored.",
    )


class ListQuery(Schema):
    letter: str | None = Field(
        None,
        pattern=r"^([A-Za-z]|#)$",
        description="Only the entries listed under this letter (“#” for digits and others).",
    )
    # Paged like every other list of the API: a glossary of thousands of
    # entries is read a page at a time, in the order of its index.
    limit: int = Field(
        MAX_LIMIT, ge=1, le=MAX_LIMIT, description="Entries per page (at most 100)."
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="Entries to skip, in A–Z order."
    )


def _entries(request):
    site = Site.find_for_request(request)
    visibility = Visibility(site)
    return (
        visibility.pages(GlossaryEntryPage)
        .defer_streamfields()
        .prefetch_related("alternative_forms")
    )


def serialize_entry(entry):
    return {
        "id": entry.pk,
        "term": entry.title,
        "alternative_forms": [form.form for form in entry.alternative_forms.all()],
        "short_definition": entry.short_definition,
        "letter": entry.letter,
        "url": entry.full_url,
    }


@router.get(
    "/lookup/",
    response={200: GlossaryEntrySchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="glossary_lookup",
    summary="Find a glossary entry by term or alternative form",
    operation_id="glossary_lookup",
)
@http_cached
def lookup(request: HttpRequest, params: LookupQuery = Query(...)):  # noqa: B008
    key = normalize_term(params.q)
    if not key:
        raise Http404(_("No glossary entry matches this term."))
    entries = _entries(request)
    entry = entries.filter(term_key=key).first() or (
        entries.filter(alternative_forms__form_key=key).distinct().first()
    )
    if entry is None:
        raise Http404(_("No glossary entry matches this term."))
    return serialize_entry(entry)


@router.get(
    "/",
    response={200: GlossaryIndexSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="glossary_index",
    summary="The glossary entries, A to Z, a page at a time",
    operation_id="glossary_index",
)
@http_cached
def glossary_index(request: HttpRequest, params: ListQuery = Query(...)):  # noqa: B008
    # The entries' own (letter, term_key) index gives the order ("#" first,
    # then A to Z, as on the glossary index page) and stops after the page.
    entries = _entries(request).order_by("letter", "term_key", "pk")
    letter = params.letter.upper() if params.letter else None
    if letter:
        entries = entries.filter(letter=letter)
    # Counting scans the entries: kept for the content generation.
    site = Site.find_for_request(request)
    count = listing_cache.cached(
        ("glossary-api-count", site.pk if site else None, letter or ""),
        entries.count,
    )
    page = (
        list(entries[params.offset : params.offset + params.limit])
        if params.offset < count
        else []
    )
    groups = {}
    for entry in page:
        groups.setdefault(entry.letter, []).append(serialize_entry(entry))
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "letters": [
            {"letter": group, "entries": items} for group, items in groups.items()
        ],
    }
