"""Both headless APIs show each content type's tags and see-also items."""

import pytest

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
    article = tag(
        ArticlePageFactory(parent=article_index, title="Article"), "b2b", "abm"
    )
    entry = tag(GlossaryEntryPageFactory(parent=glossary_index, title="B2B"), "b2b")
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
    assert data["audio_url"].startswith("http://localhost/media/podcasts/audio/")
    assert [item["type"] for item in data["see_also"]][:1] in (
        ["articles.ArticlePage"],
        ["glossary.GlossaryEntryPage"],
    )


def test_v3_openapi_lists_our_fields(client, content):
    schema = client.get("/api/v3/openapi.json").json()
    names = " ".join(schema["components"]["schemas"])
    assert "ArticlePage" in names


def test_private_pages_stay_out_of_both_apis(client, content):
    make_private(content["episode"])
    assert client.get(f"/api/v2/pages/{content['episode'].pk}/").status_code == 404
    assert client.get(f"/api/v3/pages/{content['episode'].pk}/").status_code == 404
    data = client.get(f"/api/v2/pages/{content['article'].pk}/").json()
    assert content["episode"].pk not in [item["id"] for item in data["see_also"]]
