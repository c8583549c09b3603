"""Glossary endpoints for Wagtail's API v3 (django-ninja): lookup and A–Z listing.

``site_config.api`` mounts ``router`` at ``/api/v3/glossary/``. Only live,
public entries of the site the request is for are served.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.models import Site

from ninja import Field, Query, Router, Schema

from editorial.api.caching import http_cached
from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.content import Visibility

from .models import GlossaryEntryPage, index_letter, normalize_term

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
        "letter": index_letter(entry.title),
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
    summary="Every glossary entry, A to Z",
    operation_id="glossary_index",
)
@http_cached
def glossary_index(request: HttpRequest, params: ListQuery = Query(...)):  # noqa: B008
    entries = sorted(_entries(request), key=lambda entry: entry.term_key)
    groups = {}
    for entry in entries:
        groups.setdefault(index_letter(entry.title), []).append(entry)
    if params.letter:
        wanted = params.letter.upper()
        groups = {letter: items for letter, items in groups.items() if letter == wanted}
    letters = sorted(groups, key=lambda letter: (letter == "#", letter))
    return {
        "count": sum(len(items) for items in groups.values()),
        "letters": [
            {"letter": letter, "entries": [serialize_entry(e) for e in groups[letter]]}
            for letter in letters
        ],
    }
