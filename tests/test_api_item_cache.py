"""API lists' items kept between requests (``editorial.item_cache``): the v2
page listing and the v3 content list answer the same from stored items as
rendered, in a number of queries that does not grow with the items shown,
follow a publication, an unpublication and a tag change at once, and keep
refusing bad input."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from articles.models import ArticlePage
from editorial import listing_cache
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)
from tests.factories_articles import bulk_articles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

V2 = "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit={limit}"
V3 = "/api/v3/content/?limit={limit}"


@pytest.fixture
def corpus(article_index, glossary_index, show):
    articles = bulk_articles(article_index, 110, tags=["sujet-a", "sujet-b"])
    picked = tag(ArticlePageFactory(parent=article_index), "sujet-a", "sujet-c")
    see_also(picked, articles[5], articles[6])
    GlossaryEntryPageFactory(parent=glossary_index)
    PodcastEpisodePageFactory(parent=show)
    listing_cache.bump()  # (bulk inserts send no signal)
    return articles


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize("listing", [V2, V3])
def test_stored_items_are_the_rendered_ones_in_constant_queries(
    client, corpus, listing
):
    counts = {}
    for limit in (20, 100):
        url = listing.format(limit=limit)
        listing_cache.bump()
        cold_count, cold = _get(client, url)
        warm_count, warm = _get(client, url)
        assert warm == cold
        assert len(warm["items"]) == limit
        counts[limit] = (cold_count, warm_count)
    # Stored, 100 items cost the queries of 20: the rows of the page only.
    assert counts[100][1] == counts[20][1]
    assert counts[100][1] <= counts[100][0]
    assert counts[100][1] <= 6


def test_v2_stored_items_skip_loading_what_the_fields_read(client, corpus):
    url = V2.format(limit=100)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    # Neither tags, see-also picks nor candidates are read for stored items.
    assert "taggit_tag" not in statements
    assert "seealsoitem" not in statements.lower()


@pytest.mark.parametrize("listing", [V2, V3])
def test_stored_items_follow_publication_tags_and_unpublication(
    client, article_index, listing
):
    article = ArticlePageFactory(parent=article_index, title="Ancien titre")
    url = listing.format(limit=20)

    def titles():
        return [item["title"] for item in client.get(url).json()["items"]]

    assert "Ancien titre" in titles()
    assert "Ancien titre" in titles()  # (now stored)
    article.title = "Nouveau titre"
    article.save_revision().publish()
    assert "Nouveau titre" in titles() and "Ancien titre" not in titles()
    tag(ArticlePage.objects.get(pk=article.pk), "nouveau-sujet")
    (item,) = [i for i in client.get(url).json()["items"] if i["id"] == article.pk]
    tags = [t["name"] if isinstance(t, dict) else t for t in item["tags"]]
    assert "nouveau-sujet" in tags
    Page.objects.get(pk=article.pk).unpublish()
    assert "Nouveau titre" not in titles()


def test_v3_items_are_kept_apart_per_host(client, article_index, settings):
    settings.ALLOWED_HOSTS = ["*"]
    ArticlePageFactory(parent=article_index, title="Un article")
    url = V3.format(limit=20)
    first = client.get(url).json()["items"]
    again = client.get(url, HTTP_HOST="other.example").json()["items"]
    assert [i["id"] for i in again] == [i["id"] for i in first]
    assert client.get(url).json()["items"] == first


@pytest.mark.parametrize(
    "query",
    ["fields=nonexistent", "fields=title,(", "limit=abc", "offset=-1"],
)
def test_v2_bad_input_is_still_a_400_once_items_are_stored(client, corpus, query):
    client.get(V2.format(limit=20))  # items stored
    response = client.get(f"/api/v2/pages/?type=articles.ArticlePage&{query}")
    assert response.status_code == 400
    assert "message" in response.json()


def test_v3_items_are_validated_as_dicts_without_ninja_getter(monkeypatch):
    """The content list's items (dicts from the item cache) are validated as
    they are, without django-ninja's per-field getter (most of a 100-item
    list's validation); an object is still read through its attributes."""
    import types

    from editorial import api_fields
    from editorial.api.schemas import ContentListSchema

    item = {
        "id": 7,
        "type": "articles.ArticlePage",
        "title": "Titre",
        "url": None,
        "teaser": "",
        "date": "2026-11-30",
        "tags": [{"name": "Sujet", "slug": "sujet"}],
    }
    expected = {**item, "tags": [{"name": "Sujet", "slug": "sujet"}]}
    getter = api_fields.DjangoGetter

    def refused(*args, **kwargs):
        raise AssertionError("dict answers go without the attribute getter")

    monkeypatch.setattr(api_fields, "DjangoGetter", refused)
    answer = {"count": 1, "limit": 20, "offset": 0, "items": [item]}
    dumped = ContentListSchema.model_validate(answer).model_dump(mode="json")
    assert dumped["items"] == [expected]
    monkeypatch.setattr(api_fields, "DjangoGetter", getter)
    tag = api_fields.TagSchema.model_validate(types.SimpleNamespace(name="A", slug="a"))
    assert tag.model_dump() == {"name": "A", "slug": "a"}


@pytest.mark.parametrize(
    "query",
    [
        "limit=100",
        "limit=5&offset=3",
        "limit=20&type=glossary.GlossaryEntryPage",
        "limit=3&offset=1000",
    ],
)
def test_v3_content_list_is_what_ninja_renders_byte_for_byte(client, corpus, query):
    """The content list is written from stored encoded items, skipping
    django-ninja's validation and encoding per item: its bytes are those
    django-ninja's renderer writes for the same data once validated by the
    operation's schema, stored items or not."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from editorial.api.schemas import ContentListSchema

    for _ in range(2):  # rendered, then from the stored items
        response = client.get(f"/api/v3/content/?{query}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        validated = ContentListSchema.model_validate(response.json()).model_dump()
        assert response.content == json.dumps(validated, cls=NinjaJSONEncoder).encode()
    data = response.json()
    assert data["count"] >= len(data["items"])
    assert "ETag" in response
