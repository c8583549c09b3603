"""Request guards every address of the site goes through (add both to
``MIDDLEWARE``; the system check ``check_guards_installed`` warns when one
is missing).

- ``HeadAsGetMiddleware``: ``HEAD`` is answered wherever ``GET`` is, for
  views that only accept ``GET`` (``require_GET``, django-ninja operations).
- ``ControlCharacterMiddleware``: a path or query string carrying a control
  character (a NUL byte above all: PostgreSQL cannot store one in text, so
  any lookup with it is a server error) is refused with a 400 in the format of
  the area it was sent to, before any view or database sees it.
"""

import re
from urllib.parse import unquote_plus

from django.conf import settings
from django.core import checks
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import get_resolver, get_urlconf
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail.api.v3.errors import problem_response

# C0 controls and DEL; tab and line breaks only in the query string, where a
# search box may send them.
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
QUERY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# URL namespaces of Wagtail's APIs, and the error format each answers in.
API_V3_NAMESPACE = "wagtailapi_v3"
API_V2_NAMESPACE = "wagtailapi"


def _api_prefix(namespace):
    """Where the URLconf mounts ``namespace`` ("/api/v3/"), or None."""
    mounted = get_resolver(get_urlconf()).namespace_dict.get(namespace)
    return f"/{mounted[0]}" if mounted else None


def bad_request(request, message):
    """A 400 carrying ``message`` in the format of the area ``request`` is
    for: problem+json under API v3, ``{"message"}`` under API v2, the site's
    HTML error page elsewhere."""
    path = request.path_info
    v3_prefix = _api_prefix(API_V3_NAMESPACE)
    if v3_prefix and path.startswith(v3_prefix):
        return problem_response(status=400, detail=message)
    v2_prefix = _api_prefix(API_V2_NAMESPACE)
    if v2_prefix and path.startswith(v2_prefix):
        return JsonResponse({"message": message}, status=400)
    try:
        # Rendered without the request, like Django's own error pages: the
        # address itself is what is wrong, so nothing reads it.
        content = render_to_string("400.html", {"message": message})
    except TemplateDoesNotExist:
        content = f"<h1>{escape(message)}</h1>"
    return HttpResponseBadRequest(content)


class ControlCharacterMiddleware:
    """Refuses control characters in the path and the query string (names
    and values, percent-encoded or not) with a 400 saying so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if PATH_CONTROL_CHARACTERS.search(
            request.path_info
        ) or QUERY_CONTROL_CHARACTERS.search(query):
            return bad_request(
                request,
                _(
                    "The address contains a control character (a NUL byte or "
                    "similar), which no page or parameter accepts."
                ),
            )
        return self.get_response(request)


def _allowed_methods(response):
    return {
        method.strip().upper()
        for method in response.get("Allow", "").split(",")
        if method.strip()
    }


class HeadAsGetMiddleware:
    """``HEAD`` wherever ``GET`` is answered (RFC 9110 asks for both).

    A view that answers ``HEAD`` itself (Django's class-based views, Wagtail's
    pages, media files) keeps doing so; one that refuses it with a 405 while
    allowing ``GET`` is run again as ``GET`` and its body dropped, headers
    (``Content-Length``, ``ETag``…) kept. Every 405 that allows ``GET`` also
    lists ``HEAD``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or "GET" not in _allowed_methods(response):
            return response
        if request.method == "HEAD":
            request.method = "GET"
            try:
                response = self.get_response(request)
            finally:
                request.method = "HEAD"
            return self._without_body(response)
        allowed = _allowed_methods(response)
        if "HEAD" not in allowed:
            response["Allow"] = ", ".join(sorted(allowed | {"HEAD"}))
        return response

    @staticmethod
    def _without_body(response):
        if response.streaming:
            # The length, when known, was set by the view (FileResponse); the
            # file is still closed with the response (its resource closers).
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


def check_guards_installed(app_configs, **kwargs):
    """Warns when a guard of this module is missing from ``MIDDLEWARE``."""
    return [
        checks.Warning(
            f"{path} is not in MIDDLEWARE.",
            hint="Add it, or hostile addresses reach the views (see README, Security).",
            id="pressroom.W001",
        )
        for path in (
            "editorial.http_guards.HeadAsGetMiddleware",
            "editorial.http_guards.ControlCharacterMiddleware",
        )
        if path not in settings.MIDDLEWARE
    ]
