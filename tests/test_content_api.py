"""Pressroom's own API v3 endpoints: content across types, recent content,
see-also and tags — filters, privacy, bad input, HTTP caching and query budgets."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    see_also,
    tag,
)
from tests.factories_articles import PersonFactory, bulk_articles, credit
from tests.factories_podcasts import person

pytestmark = pytest.mark.django_db

ARTICLE = "articles.ArticlePage"
ENTRY = "glossary.GlossaryEntryPage"
EPISODE = "podcasts.PodcastEpisodePage"


def day(n):
    return datetime.date(2024, 1, n)


@pytest.fixture
def content(article_index, glossary_index, show, other_site):
    """Visible content of three types, and content readers must never see."""
    alice = PersonFactory(name="Alice Martin", slug="alice")
    a1 = ArticlePageFactory(
        parent=article_index, title="Abm en pratique", publication_date=day(10)
    )
    a2 = ArticlePageFactory(
        parent=article_index, title="Zéro budget", publication_date=day(5)
    )
    g1 = GlossaryEntryPageFactory(
        parent=glossary_index, title="Marketing automation", publication_date=day(8)
    )
    e1 = PodcastEpisodePageFactory(
        parent=show, title="Episode sur l'ABM", publication_date=day(12)
    )
    tag(a1, "abm", "seo")
    tag(a2, "seo")
    tag(g1, "abm")
    tag(e1, "abm")
    credit(a1, alice)
    person("Alice", role="host", episode=e1)  # slug "alice": the same Person

    draft = ArticlePageFactory(
        parent=article_index, title="Brouillon abm", publication_date=day(20)
    )
    tag(draft, "abm", "draft-only")
    draft.unpublish()
    private = ArticlePageFactory(
        parent=article_index, title="Privé abm", publication_date=day(21)
    )
    tag(private, "abm", "private-only")
    make_private(private)
    expired = GlossaryEntryPageFactory(
        parent=glossary_index, title="Expiré abm", publication_date=day(22)
    )
    tag(expired, "abm")
    expired.expire_at = timezone.now() - datetime.timedelta(days=1)
    expired.save()
    expired.unpublish()  # what Wagtail's publish_scheduled command does
    from tests.factories import ArticleIndexPageFactory

    elsewhere = ArticlePageFactory(
        parent=ArticleIndexPageFactory(parent=other_site),
        title="Autre site abm",
        publication_date=day(23),
    )
    tag(elsewhere, "abm", "other-only")
    return {
        "a1": a1,
        "a2": a2,
        "g1": g1,
        "e1": e1,
        "hidden": [draft, private, expired, elsewhere],
    }


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_content_lists_every_type_newest_first(client, content):
    response = client.get("/api/v3/content/")
    data = response.json()
    assert data["count"] == 4
    assert ids(response) == [content[k].pk for k in ("e1", "a1", "g1", "a2")]
    first = data["items"][0]
    assert first == {
        "id": content["e1"].pk,
        "type": EPISODE,
        "title": "Episode sur l'ABM",
        "url": content["e1"].full_url,
        "teaser": content["e1"].teaser or "",
        "date": "2024-01-12",
        "tags": [{"name": "abm", "slug": "abm"}],
    }
    assert first["url"].startswith("http")


def test_content_filters(client, content):
    c = content
    get = lambda **params: ids(client.get("/api/v3/content/", params))  # noqa: E731
    assert get(tag="seo") == [c["a1"].pk, c["a2"].pk]
    assert get(tag=["abm", "seo"]) == [c[k].pk for k in ("e1", "a1", "g1", "a2")]
    assert get(tag=["abm", "seo"], tag_match="all") == [c["a1"].pk]
    assert get(type=ENTRY) == [c["g1"].pk]
    assert get(type=[ENTRY, EPISODE]) == [c["e1"].pk, c["g1"].pk]
    assert get(contributor="alice") == [c["e1"].pk, c["a1"].pk]
    assert get(contributor="alice", type=ENTRY) == []
    assert get(published_after="2024-01-08") == [c[k].pk for k in ("e1", "a1", "g1")]
    assert get(published_before="2024-01-08") == [c["g1"].pk, c["a2"].pk]
    assert get(published_after="2024-01-06", published_before="2024-01-10") == [
        c["a1"].pk,
        c["g1"].pk,
    ]
    assert get(published_after="2024-02-01", published_before="2024-01-01") == []
    assert get(search="automation") == [c["g1"].pk]
    assert get(search="!!!") == []
    assert get(order="title") == [c[k].pk for k in ("a1", "e1", "g1", "a2")]
    assert get(order="-title") == [c[k].pk for k in ("a2", "g1", "e1", "a1")]
    assert get(order="date") == [c[k].pk for k in ("a2", "g1", "a1", "e1")]


def test_content_pagination_counts_everything(client, content):
    response = client.get("/api/v3/content/", {"limit": 2, "offset": 1})
    data = response.json()
    assert data["count"] == 4
    assert (data["limit"], data["offset"]) == (2, 1)
    assert ids(response) == [content["a1"].pk, content["g1"].pk]
    response = client.get("/api/v3/content/", {"offset": 50})
    assert response.json()["count"] == 4
    assert ids(response) == []


@pytest.mark.parametrize(
    "params, status",
    [
        ({"type": "wagtailcore.Page"}, 422),
        ({"type": "nope"}, 422),
        ({"tag": "inconnu"}, 404),
        # Control characters: refused site-wide (editorial.http_guards).
        ({"tag": "a\x00b"}, 400),
        ({"tag": ""}, 422),
        ({"contributor": "a\x00b"}, 400),
        ({"search": "a\x00b"}, 400),
        ({"tag": ["abm", "inconnu"]}, 404),
        ({"tag_match": "some"}, 422),
        ({"published_after": "2024-13-45"}, 422),
        ({"published_before": "hier"}, 422),
        ({"limit": 0}, 422),
        ({"limit": 101}, 422),
        ({"limit": "x"}, 422),
        ({"offset": -1}, 422),
        ({"order": "random"}, 422),
        ({"search": "x" * 500}, 422),
        ({"contributor": "x" * 500}, 422),
    ],
)
def test_content_bad_input_is_problem_json(client, content, params, status):
    response = client.get("/api/v3/content/", params)
    assert response.status_code == status
    if status != 200:
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == status


def test_nothing_hidden_appears_anywhere(client, content):
    hidden = {page.pk for page in content["hidden"]}
    responses = [
        client.get("/api/v3/content/", {"limit": 100}),
        client.get("/api/v3/content/", {"tag": "abm"}),
        client.get("/api/v3/content/", {"search": "abm"}),
        client.get("/api/v3/tags/abm/"),
    ]
    for response in responses:
        assert not hidden & set(ids(response))
    recent = client.get("/api/v3/content/recent/").json()
    assert not hidden & {item["id"] for item in recent}
    for page in ("a1", "a2", "g1", "e1"):
        items = client.get(f"/api/v3/content/{content[page].pk}/see-also/").json()
        assert items and not hidden & {item["id"] for item in items}
    tags = {tag["slug"] for tag in client.get("/api/v3/tags/").json()}
    assert tags == {"abm", "seo"}
    for slug in ("draft-only", "private-only", "other-only", "inconnu"):
        response = client.get(f"/api/v3/tags/{slug}/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/problem+json")
    response = client.get("/api/v3/tags/a%00b/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    for page in content["hidden"]:
        response = client.get(f"/api/v3/content/{page.pk}/see-also/")
        assert response.status_code == 404


def test_other_site_sees_its_own_content(client, content):
    response = client.get("/api/v3/content/", HTTP_HOST="other.example")
    assert ids(response) == [content["hidden"][3].pk]


def test_recent(client, content):
    response = client.get("/api/v3/content/recent/", {"limit": 2})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [
        content["e1"].pk,
        content["a1"].pk,
    ]
    response = client.get("/api/v3/content/recent/", {"type": ENTRY})
    assert [item["id"] for item in response.json()] == [content["g1"].pk]
    assert client.get("/api/v3/content/recent/", {"type": "x"}).status_code == 422
    assert client.get("/api/v3/content/recent/", {"limit": 0}).status_code == 422


def test_see_also_is_resolved_as_on_the_page(client, content, settings):
    from wagtail.models import Site

    from editorial.content import Visibility
    from editorial.see_also import resolve_see_also

    settings.PRESSROOM_SEE_ALSO_COUNT = 3
    a2 = content["a2"]
    see_also(a2, content["hidden"][1], content["g1"], labels={content["g1"].pk: "Lire"})
    a2.save_revision().publish()
    response = client.get(f"/api/v3/content/{a2.pk}/see-also/")
    assert response.status_code == 200
    data = response.json()
    expected = resolve_see_also(a2, Visibility(Site.objects.get(is_default_site=True)))
    assert [item["id"] for item in data] == [item.page.pk for item in expected]
    assert data[0] == {
        "id": content["g1"].pk,
        "type": ENTRY,
        "title": "Lire",
        "url": content["g1"].full_url,
        "teaser": content["g1"].teaser or "",
        "date": "2024-01-08",
    }
    assert len(data) == 3


@pytest.mark.parametrize("page_id", [0, 999999])
def test_see_also_unknown_page(client, content, page_id):
    response = client.get(f"/api/v3/content/{page_id}/see-also/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_see_also_of_a_non_content_page_is_404(client, content, home):
    assert client.get(f"/api/v3/content/{home.pk}/see-also/").status_code == 404


def test_tags_with_per_type_counts(client, content):
    response = client.get("/api/v3/tags/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "abm",
            "slug": "abm",
            "count": 3,
            "counts": {ARTICLE: 1, ENTRY: 1, EPISODE: 1},
        },
        {"name": "seo", "slug": "seo", "count": 2, "counts": {ARTICLE: 2}},
    ]


def test_one_tag_with_its_items(client, content):
    response = client.get("/api/v3/tags/abm/", {"limit": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert data["counts"] == {ARTICLE: 1, ENTRY: 1, EPISODE: 1}
    assert [item["id"] for item in data["items"]] == [
        content["e1"].pk,
        content["a1"].pk,
    ]
    data = client.get("/api/v3/tags/abm/", {"limit": 2, "offset": 2}).json()
    assert [item["id"] for item in data["items"]] == [content["g1"].pk]
    assert client.get("/api/v3/tags/abm/", {"limit": 1000}).status_code == 422


# -- HTTP caching and CORS ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/content/",
        "/api/v3/content/recent/",
        "/api/v3/tags/",
        "/api/v3/tags/abm/",
        "/api/v3/glossary/",
        "/api/v3/podcasts/shows/",
        "/api/v3/podcasts/episodes/",
    ],
)
def test_etag_and_304(client, content, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_etag_changes_with_content(client, content):
    etag = client.get("/api/v3/content/")["ETag"]
    content["a2"].title = "Nouveau titre"
    content["a2"].save_revision().publish()
    response = client.get("/api/v3/content/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_cors_for_listed_origins_only(client, content, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    response = client.get("/api/v3/content/", HTTP_ORIGIN="https://front.example")
    assert response["Access-Control-Allow-Origin"] == "https://front.example"
    response = client.get("/api/v3/content/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(
        "/api/v3/tags/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://front.example"


# -- OpenAPI -----------------------------------------------------------------


def test_openapi_describes_our_operations(client, home):
    schema = client.get("/api/v3/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v3/content/",
        "/api/v3/content/recent/",
        "/api/v3/content/{page_id}/see-also/",
        "/api/v3/tags/",
        "/api/v3/tags/{slug}/",
    ):
        assert "get" in paths[path], path
    item = schema["components"]["schemas"]["ContentItemSchema"]
    assert set(item["properties"]) == {
        "id",
        "type",
        "title",
        "url",
        "teaser",
        "date",
        "tags",
    }
    parameters = {p["name"] for p in paths["/api/v3/content/"]["get"]["parameters"]}
    assert {
        "tag",
        "tag_match",
        "type",
        "contributor",
        "published_after",
        "published_before",
        "search",
        "order",
        "limit",
        "offset",
    } <= parameters


# -- query budgets -----------------------------------------------------------


@pytest.fixture
def many(article_index, glossary_index, show):
    bulk_articles(article_index, 110, tags=["t1", "t2", "t3"])
    for n in range(3):
        tag(
            GlossaryEntryPageFactory(parent=glossary_index, title=f"Terme {n}"),
            "t1",
            "t2",
        )
    return article_index


def _extra_tags(count):
    from taggit.models import Tag

    from articles.models import ArticlePage, ArticlePageTag

    tags = [Tag.objects.create(name=f"x{n}", slug=f"x{n}") for n in range(count)]
    ArticlePageTag.objects.bulk_create(
        ArticlePageTag(content_object_id=pk, tag=t)
        for pk in ArticlePage.objects.values_list("pk", flat=True)
        for t in tags
    )


# Counts what rendering costs: the page cache (hits cost no query) is off.
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize(
    "url",
    ["/api/v3/content/", "/api/v3/tags/t1/", "/api/v3/content/recent/"],
)
def test_list_queries_do_not_grow_with_page_size_or_tags(
    client, many, url, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Each request cold (the list's count is cached between requests).
    counts = []
    for limit in (20, 100):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"limit": limit})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    _extra_tags(5)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"limit": 100}).status_code == 200
    counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts
    with django_assert_max_num_queries(14):
        client.get(url, {"limit": 100})


def test_tag_list_queries_do_not_grow_with_tags(client, many):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get("/api/v3/tags/").json()) == 3
    before = len(ctx.captured_queries)
    _extra_tags(20)
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get("/api/v3/tags/").json()) == 23
    assert len(ctx.captured_queries) == before


def test_see_also_queries_do_not_grow_with_picks_or_tags(
    client, article_index, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PRESSROOM_SEE_ALSO_COUNT = 10
    pages = [ArticlePageFactory(parent=article_index) for _ in range(12)]
    # Warm the site's root paths cache, read once per process.
    client.get(f"/api/v3/content/{pages[0].pk}/see-also/")
    counts = []
    for picks, tags in ((1, ["a"]), (8, ["a", "b", "c", "d", "e", "f"])):
        page = pages[picks]
        tag(page, *tags)
        see_also(page, *pages[:picks][:picks])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v3/content/{page.pk}/see-also/")
        assert response.status_code == 200
        assert len(response.json()) == 10
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_page_see_also_field_is_typed_in_both_apis(client, content):
    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    for name in ("ArticlePageSchema", "GlossaryEntryPageSchema"):
        field = schema[name]["properties"]["see_also"]
        refs = [part.get("items", {}).get("$ref") for part in field["anyOf"]]
        assert "#/components/schemas/SeeAlsoItemSchema" in refs, name
    a1 = content["a1"]
    v3 = client.get(f"/api/v3/pages/{a1.pk}/").json()["see_also"]
    v2 = client.get(f"/api/v2/pages/{a1.pk}/").json()["see_also"]
    expected = client.get(f"/api/v3/content/{a1.pk}/see-also/").json()
    assert v3 == v2 == expected
    assert expected
