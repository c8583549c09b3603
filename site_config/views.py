"""Site-wide views: search across the content types, robots.txt, the answers
to errors (API 404s, database unavailable)."""

import re
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
)
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import TemplateDoesNotExist, loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.api.v3.errors import PROBLEM_JSON, build_problem_detail
from wagtail.models import Page

from editorial import cache_tags
from editorial.conf import get_setting
from editorial.content import Visibility
from editorial.http_guards import bad_request
from editorial.pagination import paginate
from editorial.registry import content_types
from editorial.search import ranked_page_ids, search_candidates

WORD = re.compile(r"[^\W_]+")
# Longer queries are cut: they cannot match better and cost the database more.
MAX_QUERY_LENGTH = 200
# The health check writes a key under this prefix and reads it back.
HEALTHZ_CACHE_PREFIX = "pressroom:healthz:"


def normalise_query(raw):
    """The words of a reader's query, lower-cased, without punctuation.

    Full-text search ignores punctuation anyway; dropping it (and lower-casing
    AND/OR/NOT) keeps quotes, operators, NUL bytes and the like from reaching
    SQLite FTS5 or PostgreSQL as syntax.
    """
    return " ".join(WORD.findall(raw.casefold()))[:MAX_QUERY_LENGTH].strip()


@require_safe
def search(request):
    raw_query = request.GET.get("q", "")
    terms = normalise_query(raw_query)
    # What the reader typed, shown back in the search box (escaped by the template).
    query = "".join(char for char in raw_query if char.isprintable()).strip()[
        :MAX_QUERY_LENGTH
    ]
    type_choices = [
        (model._meta.label, model._meta.verbose_name_plural)
        for model in content_types.models()
    ]
    # An unknown type is ignored rather than refused: the search box stays usable.
    selected_model = content_types.get(request.GET.get("type", ""))
    selected_type = selected_model._meta.label if selected_model else ""
    models = [selected_model] if selected_model else content_types.models()

    results = None
    # Any page published may match the query.
    cache_tags.add(cache_tags.SEARCH)
    if terms:
        pages = Page.objects.filter(Visibility.for_request(request).search_q()).type(
            *models
        )
        found = pages.search(terms)
        candidates = search_candidates(terms, models)
        if candidates is None:
            results = paginate(request, found)
            pks = [page.pk for page in results.object_list]
        else:
            results = paginate(request, ranked_page_ids(found, candidates))
            pks = results.object_list
        # Load the shown results as their specific types: one query per type.
        specific = (
            Page.objects.filter(pk__in=pks).specific().defer_streamfields().in_bulk()
        )
        results.object_list = [specific[pk] for pk in pks if pk in specific]
        # (their expiry times bound how long the page cache keeps the answer)
        cache_tags.add_pages(results.object_list)

    return TemplateResponse(
        request,
        "site_config/search.html",
        {
            "query": query,
            "results": results,
            "type_choices": type_choices,
            "selected_type": selected_type,
        },
    )


@never_cache
@require_safe
def switch_language(request):
    """``/language/?lang=en&next=/articles/``: remember the reader's interface
    language in Django's language cookie (``LocaleMiddleware`` and the page
    cache's key read it) and go back to ``next``.

    A GET link rather than Django's ``set_language`` POST form: that form's
    CSRF token would make every page that shows the switch uncacheable. A
    forged link can only change the interface language: no harm done. Any
    reader may switch; an unknown language or a ``next`` off this site is a
    400."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        return bad_request(request, _("Unknown language."))
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ) or not next_url.startswith("/"):
        return bad_request(request, _("The page to go back to must be on this site."))
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response


FAVICON = Path(__file__).resolve().parent / "static/site_config/icons/favicon.ico"


@require_safe
def favicon(request):
    """``/favicon.ico``, where browsers and feed readers look for it whatever
    the page says; the same bytes as the static file the pages link."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """For load balancers and Varnish's probe: 200 when this app server can
    serve, 503 when its database does not answer.

    The cache is reported but does not fail the check: a Redis outage is a
    cache miss (site_config.cache), and every app server shares the same one.
    Public (it tells nothing but "ok"), no parameters.
    """
    if request.GET:
        # In the site's format, as every refusal outside the APIs.
        return bad_request(request, _("The health check takes no query parameters."))
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        checks["database"] = "unavailable"
    # A key of its own per request: concurrent checks do not read each other's.
    key = f"{HEALTHZ_CACHE_PREFIX}{secrets.token_hex(8)}"
    cache.set(key, "ok", 30)
    if cache.get(key) != "ok":
        checks["cache"] = "unavailable"
    cache.delete(key)
    healthy = checks["database"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


def api_not_found(request, version):
    """An address under /api/ that no endpoint answers: a JSON 404 in the API's
    own error format (problem+json for v3, ``{"message"}`` for v2), not the
    site's HTML page."""
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    # As APPEND_SLASH would, had this catch-all not matched: /api/v3/docs →
    # /api/v3/docs/ when that is an endpoint (GET and HEAD only).
    path = request.path_info
    if not path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            target = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)

    message = _("No API endpoint at this address.")
    if version == "v2":
        return JsonResponse({"message": message}, status=404)
    return JsonResponse(
        {"type": "about:blank", "title": "Not Found", "status": 404, "detail": message},
        status=404,
        content_type="application/problem+json",
    )


def server_error(request):
    """``handler500``: the database unreachable is a 503, anything else
    Django's 500 page.

    Django turns an exception raised anywhere in the stack (a middleware,
    Wagtail's site lookup, a view, a template) into a call of this handler
    while the exception is still being handled, so the cause is at hand here.
    Django's request logger records it with its traceback.
    """
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_unavailable(request):
    """503 with Retry-After: problem+json under the API prefixes, the site's
    own page for readers, rendered without touching the database."""
    retry_after = settings.SERVICE_UNAVAILABLE_RETRY_AFTER
    detail = _(
        "The publication is temporarily unavailable. Please try again in a few moments."
    )
    path = request.path_info
    if path.startswith(tuple(get_setting("PRESSROOM_API_PATH_PREFIXES"))):
        problem = build_problem_detail(status=503, detail=detail).model_dump(
            exclude_none=True
        )
        if path.startswith("/api/v2/"):
            # API v2 clients read the error from "message".
            problem["message"] = detail
        response = JsonResponse(problem, status=503, content_type=PROBLEM_JSON)
    else:
        try:
            # No request in the context: no context processor, and base.html's
            # site name, menu and footer links fall back to what needs no query.
            body = loader.render_to_string(
                "503.html", {"detail": detail, "retry_after": retry_after}
            )
        except (TemplateDoesNotExist, DatabaseError):
            body = detail
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
