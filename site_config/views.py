"""Site-wide views: search across the content types, robots.txt."""

import re

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from wagtail.models import Page

from editorial.content import Visibility
from editorial.pagination import paginate
from editorial.registry import content_types

WORD = re.compile(r"[^\W_]+")
# Longer queries are cut: they cannot match better and cost the database more.
MAX_QUERY_LENGTH = 200


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
    if terms:
        pages = Page.objects.filter(Visibility.for_request(request).q()).type(*models)
        results = paginate(request, pages.search(terms))
        # Load the shown results as their specific types: one query per type.
        pks = [page.pk for page in results.object_list]
        specific = (
            Page.objects.filter(pk__in=pks).specific().defer_streamfields().in_bulk()
        )
        results.object_list = [specific[pk] for pk in pks if pk in specific]

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


def api_not_found(request, version):
    """An address under /api/ that no endpoint answers: a JSON 404 in the API's
    own error format (problem+json for v3, ``{"message"}`` for v2), not the
    site's HTML page."""
    from django.http import HttpResponsePermanentRedirect, JsonResponse
    from django.urls import Resolver404, resolve
    from django.utils.translation import gettext as _

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
