"""Both headless APIs show each content type's tags and see-also items."""

import datetime

import pytest

from articles.models import ArticlePage
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    alternative_forms,
    make_private,
    see_also,
    tag,
)


@pytest.fixture
def content(article_index, glossary_index, show):
    # The article and the entry each share one tag ("b2b") with the episode:
    # their dates, not the factories' sequences, decide which comes first.
    article = tag(
        ArticlePageFactory(
            parent=article_index,
            title="Article",
            publication_date=datetime.date(2024, 3, 2),
        ),
        "b2b",
        "abm",
    )
    entry = tag(
        GlossaryEntryPageFactory(
            parent=glossary_index,
            title="B2B",
            publication_date=datetime.date(2024, 3, 1),
        ),
        "b2b",
    )
    alternative_forms(entry, "BtoB")
    episode = tag(PodcastEpisodePageFactory(parent=show, title="Épisode"), "b2b")
    see_also(article, episode, labels={episode.pk: "À écouter"})
    return {"article": article, "entry": entry, "episode": episode}


def test_v2_article_detail(client, content):
    article = content["article"]
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert sorted(data["tags"], key=lambda tag: tag["slug"]) == [
        {"name": "abm", "slug": "abm"},
        {"name": "b2b", "slug": "b2b"},
    ]
    assert data["see_also"][0]["id"] == content["episode"].pk
    assert data["see_also"][0]["title"] == "À écouter"
    assert data["see_also"][0]["type"] == "podcasts.PodcastEpisodePage"
    assert data["see_also"][0]["url"].startswith("http")
    assert len(data["see_also"]) == 2  # the pick, then the entry sharing "b2b"


def test_v2_listing_with_fields(client, content):
    response = client.get(
        "/api/v2/pages/?type=glossary.GlossaryEntryPage&fields=term,alternative_form_list,tags,see_also"
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["term"] == "B2B"
    assert item["alternative_form_list"] == ["BtoB"]
    assert item["tags"] == [{"name": "b2b", "slug": "b2b"}]
    assert {entry["id"] for entry in item["see_also"]} >= {content["article"].pk}


def test_v2_bad_field_is_a_400(client, content):
    response = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=nope")
    assert response.status_code == 400
    assert "nope" in response.json()["message"]


def test_v3_page_detail(client, content):
    episode = content["episode"]
    response = client.get(f"/api/v3/pages/{episode.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["tags"] == [{"name": "b2b", "slug": "b2b"}]
    assert data["duration_seconds"] == 14
    assert data["audio_url"].startswith(
        f"http://localhost/podcasts/audio/{episode.pk}/api/"
    )
    # No picks: the pages sharing a tag, newest first, and nothing else.
    assert [(item["id"], item["type"]) for item in data["see_also"]] == [
        (content["article"].pk, "articles.ArticlePage"),
        (content["entry"].pk, "glossary.GlossaryEntryPage"),
    ]


def _array_items_component(schema_property):
    """The component an array property's items refer to (nullable or not)."""
    for option in schema_property.get("anyOf", [schema_property]):
        if option.get("type") == "array":
            return option["items"]["$ref"].rsplit("/", 1)[-1]
    return None


def test_v3_openapi_lists_our_fields(client, db):
    components = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    article = components["ArticlePageSchema"]["properties"]
    assert _array_items_component(article["tags"]) == "TagSchema"
    assert set(components["TagSchema"]["required"]) == {"name", "slug"}
    assert _array_items_component(article["see_also"]) == "SeeAlsoItemSchema"
    assert {"id", "type", "title", "url", "teaser", "date"} <= set(
        components["SeeAlsoItemSchema"]["required"]
    )
    # The body is typed block by block: one schema per block of the stream,
    # told apart by its "type".
    mapping = article["body"]["items"]["discriminator"]["mapping"]
    stream_block = ArticlePage._meta.get_field("body").stream_block
    assert set(mapping) == set(stream_block.child_blocks)
    for name, reference in mapping.items():
        block_schema = components[reference.rsplit("/", 1)[-1]]
        assert block_schema["properties"]["type"]["const"] == name


def test_private_pages_stay_out_of_both_apis(client, content):
    make_private(content["episode"])
    assert client.get(f"/api/v2/pages/{content['episode'].pk}/").status_code == 404
    assert client.get(f"/api/v3/pages/{content['episode'].pk}/").status_code == 404
    data = client.get(f"/api/v2/pages/{content['article'].pk}/").json()
    assert content["episode"].pk not in [item["id"] for item in data["see_also"]]
