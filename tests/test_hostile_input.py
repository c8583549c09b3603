"""Hostile input everywhere: no address of the site answers a server error.

Every route of the URLconf (the admin aside, covered by its own tests), every
routable sub-page of the demo's pages and every GET operation of
``/api/v3/openapi.json`` is called with a table of hostile values (NUL bytes,
10 kB strings, numbers past 64 bits, negative numbers, malformed dates,
unicode, right-to-left overrides, full-text search syntax) in each path
parameter and each query parameter it reads, plus an unknown one. No answer
may be a 5xx, and every refusal comes in its area's format: ``{"message"}``
JSON under ``/api/v2/``, problem+json under ``/api/v3/``, HTML elsewhere.
Then the regressions the issue listed, one by one, and ``HEAD`` on every
``GET`` route.
"""

import re

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from taggit.models import Tag
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

import pytest

from articles.models import ArticlePage
from podcasts.models import PodcastEpisodePage, PodcastShowPage

HOSTILE_VALUES = [
    "\x00",
    "b2b\x00",
    "x" * 10_000,
    "9223372036854775808",
    "-1",
    "-9999999999999999999",
    "2024-13-45",
    "é漢😀",
    "\u202eevil\u202c",
    '"foo" AND (',
    "* NEAR(",
    "'",
    "%",
    "\\",
]
UNKNOWN_PARAMETER = "pressroom_unknown"
# Query parameters of the site's own views (search, tag pages, feeds, pages).
SITE_PARAMETERS = ["q", "type", "page", UNKNOWN_PARAMETER]
# What fills path parameters the regex routes capture, by route.
REGEX_ROUTES = {
    r"documents/^(\d+)/(.*)$": "documents/{id}/{value}",
    r"^api/(?P<version>v2|v3)/": "api/v2/{value}",
    r"^((?:[\w\-]+/)*)$": None,  # Wagtail's pages: walked through the demo's pages
}
PATH_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo publication, loaded once for the module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_publication", "--no-user", verbosity=0)
        article = ArticlePage.objects.live().first()
        document = get_document_model().objects.create(
            title="Kit média", file=ContentFile(b"%PDF-1.4\n", name="kit.pdf")
        )
        yield {
            "id": article.pk,
            "page_id": article.pk,
            "pk": article.pk,
            "show_id": PodcastShowPage.objects.live().first().pk,
            "episode_id": PodcastEpisodePage.objects.live().first().pk,
            "image_id": get_image_model().objects.first().pk,
            "document_id": document.pk,
            "site_id": Site.objects.get(is_default_site=True).pk,
            "slug": Tag.objects.first().slug,
            "type_name": "articles.ArticlePage",
        }
        transaction.set_rollback(True)


@pytest.fixture
def hostile_client(db, client, demo):
    client.raise_request_exception = False
    return client


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif not route.startswith(("admin/", "django-admin/")):
            yield route, pattern


def site_routes():
    """Every route of the URLconf but the admin's, once each."""
    return sorted({route: None for route, _ in _routes(get_resolver().url_patterns)})


def fill(route, value, real):
    """``route`` with every path parameter set to ``value`` (``None``: to its
    real demo value, or 1)."""

    def parameter(match):
        if value is None:
            return str(real.get(match["name"], 1))
        return value

    route = route.replace("^", "").replace("$", "")
    return "/" + PATH_PARAMETER.sub(parameter, route)


def area_parameters(route):
    """The query parameters ``route`` reads (those of Wagtail's v2 viewsets
    from the viewsets themselves), plus an unknown one."""
    match = get_resolver().resolve(fill(route, None, {}))
    viewset = getattr(match.func, "cls", None)
    known = getattr(viewset, "known_query_parameters", None)
    if known is not None:
        return sorted(known | {"id", "title", "slug", UNKNOWN_PARAMETER})
    if route.startswith("api/v3/"):
        return [UNKNOWN_PARAMETER]  # their parameters: test_openapi_operations
    return SITE_PARAMETERS


def assert_refused_in_format(response, url):
    """No server error; a refusal in the format of the area it was sent to."""
    assert response.status_code < 500, (url[:300], response.content[:500])
    if response.status_code < 400 or response.status_code == 405:
        return
    content_type = response.headers.get("Content-Type", "")
    if url.startswith("/api/v3/"):
        assert content_type == "application/problem+json", url[:300]
        assert response.json()["detail"], url[:300]
    elif url.startswith("/api/v2/"):
        assert content_type == "application/json", url[:300]
        assert response.json()["message"], url[:300]
    else:
        assert content_type.startswith("text/html"), (url[:300], content_type)


def get(client, path, params=None):
    response = client.get(path, params or {})
    assert_refused_in_format(response, path)
    return response


def page_paths(real):
    """Each live page's path and each of its routable sub-pages, the path
    parameters of these filled with hostile values and real ones."""
    paths = []
    for page in Page.objects.live().specific().filter(depth__gt=1):
        url = page.get_url()
        paths.append(url)
        if not isinstance(page, RoutablePageMixin):
            continue
        for pattern in page.get_subpage_urls():
            if isinstance(pattern.pattern, RegexPattern):
                raise AssertionError(f"no fill for the sub-page route {pattern}")
            for value in [None, *HOSTILE_VALUES]:
                paths.append(url.rstrip("/") + fill(str(pattern.pattern), value, real))
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("route", site_routes())
def test_every_route_refuses_hostile_input_without_server_error(
    hostile_client, demo, route
):
    if route in REGEX_ROUTES:
        template = REGEX_ROUTES[route]
        if template is None:
            paths = page_paths(demo)
        else:
            paths = [
                "/" + template.format(id=demo["document_id"], value=value)
                for value in ["x.pdf", *HOSTILE_VALUES]
            ]
    else:
        if route.startswith("^"):
            raise AssertionError(f"no fill for the regex route {route}")
        paths = [fill(route, value, demo) for value in [None, *HOSTILE_VALUES]]
    assert paths
    parameters = (
        area_parameters(route) if route not in REGEX_ROUTES else SITE_PARAMETERS
    )
    real_path = paths[0]
    for path in paths:
        get(hostile_client, path)
    for parameter in parameters:
        for value in HOSTILE_VALUES:
            get(hostile_client, real_path, {parameter: value})


def openapi_get_operations(client):
    document = client.get("/api/v3/openapi.json").json()
    for path, operations in document["paths"].items():
        if "get" in operations:
            yield path, operations["get"].get("parameters", [])


def test_openapi_document_is_walked(hostile_client):
    paths = {path for path, _ in openapi_get_operations(hostile_client)}
    assert {"/api/v3/pages/", "/api/v3/podcasts/episodes/{episode_id}/"} <= paths


def test_every_openapi_operation_refuses_hostile_input_without_server_error(
    hostile_client, demo
):
    for path, parameters in openapi_get_operations(hostile_client):
        path_names = [p["name"] for p in parameters if p["in"] == "path"]
        query_names = [p["name"] for p in parameters if p["in"] == "query"]

        def url(value, path=path, path_names=path_names):
            for name in path_names:
                filled = str(demo.get(name, 1)) if value is None else value
                path = path.replace("{" + name + "}", filled)
            return path

        for value in HOSTILE_VALUES:
            get(hostile_client, url(value))
        for name in [*query_names, UNKNOWN_PARAMETER]:
            for value in HOSTILE_VALUES:
                get(hostile_client, url(None), {name: value})


# -- the regressions the issue listed ----------------------------------------

NUL_IN_QUERY = [
    "/api/v3/glossary/lookup/?q=%00",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/?locale=%00",
    "/api/v2/pages/?site=%00",
    "/api/v3/pages/?search=%00",
    "/api/v3/pages/?locale=%00",
    "/api/v3/pages/?site=%00",
    "/api/v3/images/?search=%00",
    "/api/v3/documents/?search=%00",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v3/pages/find/?html_path=%00",
    "/search/?q=b2b%00",
]


@pytest.mark.parametrize("url", NUL_IN_QUERY)
def test_nul_byte_in_query_is_a_400_in_the_area_format(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/v3/"):
        assert response["Content-Type"] == "application/problem+json"
        assert "contrôle" in response.json()["detail"]
    elif url.startswith("/api/v2/"):
        assert response["Content-Type"] == "application/json"
        assert "contrôle" in response.json()["message"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "contrôle" in response.content.decode()


@pytest.mark.parametrize("url", ["/tags/%00/", "/tags/b2b%00/", "/%00/"])
def test_nul_byte_in_path_is_an_html_400(hostile_client, url):
    response = hostile_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<h1" in body and "contrôle" in body


def test_nul_byte_refusal_speaks_english_too(hostile_client):
    response = hostile_client.get(
        "/api/v2/pages/?search=%00", headers={"accept-language": "en"}
    )
    assert "control character" in response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_v2_offset_past_bound_is_a_400(hostile_client, endpoint):
    response = hostile_client.get(
        f"/api/v2/{endpoint}/", {"offset": "9223372036854775808"}
    )
    assert response.status_code == 400
    assert response.json() == {"message": "offset ne peut dépasser 100000"}


def test_v2_offset_within_bound_still_answers(hostile_client):
    response = hostile_client.get("/api/v2/pages/", {"offset": "100000"})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_v2_limit_is_bounded_when_wagtail_leaves_it_open(hostile_client, settings):
    settings.WAGTAILAPI_LIMIT_MAX = None
    response = hostile_client.get("/api/v2/pages/", {"limit": "9223372036854775808"})
    assert response.status_code == 400
    assert response.json() == {"message": "limit ne peut dépasser 100000"}


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "page_preview"])
def test_v2_unknown_format_is_a_400_naming_the_known_ones(hostile_client, endpoint):
    response = hostile_client.get(f"/api/v2/{endpoint}/", {"format": "xml"})
    assert response.status_code == 400
    assert response.json() == {"message": "Format inconnu. Formats connus : json, api."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/podcasts/episodes/99999999999999999999/",
        "/api/v3/podcasts/episodes/-99999999999999999999/",
        "/api/v3/podcasts/shows/99999999999999999999/",
        "/api/v3/podcasts/shows/99999999999999999999/episodes/",
        "/api/v3/content/99999999999999999999/see-also/",
    ],
)
def test_v3_id_past_64_bits_is_a_422(hostile_client, path):
    response = hostile_client.get(path)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"][0] == "path"


@pytest.mark.parametrize("parameter", ["limit", "offset"])
@pytest.mark.parametrize(
    "path",
    ["/api/v3/podcasts/episodes/", "/api/v3/podcasts/shows/", "/api/v3/content/"],
)
def test_podcast_pagination_refuses_negatives_like_content(
    hostile_client, path, parameter
):
    response = hostile_client.get(path, {parameter: "-1"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["query", parameter]


def test_snippet_operations_are_left_out_while_no_snippet_has_api_fields(
    hostile_client,
):
    document = hostile_client.get("/api/v3/openapi.json").json()
    assert not [path for path in document["paths"] if "/snippets/" in path]
    response = hostile_client.get("/api/v3/snippets/podcasts.AudioFile/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_system_check_reports_adaptations_in_place():
    from editorial.wagtail_adaptations import check_adaptations

    assert check_adaptations(None) == []


# -- HEAD wherever GET ---------------------------------------------------------


def get_routes(client, demo):
    """A real address for every GET route of the site (admin aside) and of the
    OpenAPI document."""
    paths = []
    for route in site_routes():
        if route in REGEX_ROUTES:
            continue
        paths.append(fill(route, None, demo))
    paths += [
        path.format(**{k: demo.get(k, 1) for k in re.findall(r"{(\w+)}", path)})
        for path, _ in openapi_get_operations(client)
    ]
    paths += [page.get_url() for page in Page.objects.live().filter(depth__gt=1)]
    return list(dict.fromkeys(paths))


def test_head_is_answered_wherever_get_is(hostile_client, demo):
    checked = []
    for path in get_routes(hostile_client, demo):
        got = hostile_client.get(path)
        if got.status_code == 405:
            continue  # a write-only route (v3 actions): no GET to mirror
        head = hostile_client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.get("Content-Type") == got.get("Content-Type"), path
        checked.append(path)
    assert {"/search/", "/robots.txt", "/api/v3/pages/", "/api/v3/content/"} <= set(
        checked
    )


@pytest.mark.parametrize(
    "path", ["/search/", "/robots.txt", "/api/v3/content/", "/api/v3/glossary/"]
)
def test_head_keeps_get_headers_without_body(hostile_client, path):
    got = hostile_client.get(path)
    head = hostile_client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(got.content)


@pytest.mark.parametrize("path", ["/search/", "/robots.txt", "/api/v3/content/"])
def test_refused_methods_list_head_with_get(hostile_client, path):
    response = hostile_client.post(path)
    assert response.status_code == 405
    assert {"GET", "HEAD"} <= {m.strip() for m in response["Allow"].split(",")}


def test_a_missing_guard_is_reported_by_the_system_checks(settings):
    from editorial.http_guards import check_guards_installed

    assert check_guards_installed(None) == []
    settings.MIDDLEWARE = [
        path
        for path in settings.MIDDLEWARE
        if path != "editorial.http_guards.ControlCharacterMiddleware"
    ]
    (warning,) = check_guards_installed(None)
    assert warning.id == "pressroom.W001"
    assert "ControlCharacterMiddleware" in warning.msg
