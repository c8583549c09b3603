"""Podcast data in Wagtail's API v2 fields and the v3 podcasts router."""

import pytest

from editorial.models import PlayableVersion
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, make_private
from tests.factories_podcasts import (
    chapters,
    fixed_audio,
    person,
    subscribe_links,
    transcript_document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(show, article_index):
    subscribe_links(show, ("apple", "https://podcasts.apple.com/x"), ("rss", ""))
    episode = PodcastEpisodePageFactory(
        parent=show,
        slug="ep",
        audio=fixed_audio(),
        season_number=1,
        episode_number=3,
        transcript_document=transcript_document(),
    )
    chapters(episode, (0, "Début"))
    person("Claire Morvan", role="host", episode=episode)
    article = ArticlePageFactory(parent=article_index, title="L'article")
    PlayableVersion.objects.create(page=article, playable=episode)
    return episode


def test_v2_episode_fields(client, episode):
    data = client.get(f"/api/v2/pages/{episode.pk}/").json()
    assert data["guid"] == str(episode.guid)
    assert data["enclosure"] == {
        "url": f"http://localhost/podcasts/audio/{episode.pk}/api/fixed.mp3",
        "length": 5_100_000,
        "type": "audio/mpeg",
        "duration": 464,
    }
    assert data["transcript_url"] == "http://localhost/podcast/ep/transcript/"
    assert data["chapters_url"] == "http://localhost/podcast/ep/chapters/"
    assert data["show"]["feed_url"] == "http://localhost/podcast/feed/"
    assert [
        (person["name"], person["slug"], person["role"])
        for person in data["contributors"]
    ] == [("Claire Morvan", "claire-morvan", "host")]
    assert [a["title"] for a in data["linked_article_list"]] == ["L'article"]


def test_v2_show_fields(client, episode, show):
    data = client.get(f"/api/v2/pages/{show.pk}/").json()
    assert data["feed_url"] == "http://localhost/podcast/feed/"
    assert [link["platform"] for link in data["subscribe_link_list"]] == [
        "apple",
        "rss",
    ]
    assert data["subscribe_link_list"][1]["url"] == data["feed_url"]
    assert data["category_list"] == ["Business > Marketing"]


def test_v3_shows_and_episodes(client, episode, show):
    shows = client.get("/api/v3/podcasts/shows/").json()
    (item,) = shows["items"]
    assert item["feed_url"] == "http://localhost/podcast/feed/"
    assert item["subscribe_links"][0]["label"] == "Apple Podcasts"
    episodes = client.get(f"/api/v3/podcasts/shows/{show.pk}/episodes/").json()
    (data,) = episodes["items"]
    assert data["enclosure"]["length"] == 5_100_000
    assert data["enclosure"]["type"] == "audio/mpeg"
    assert data["enclosure"]["duration"] == 464
    assert data["show"]["id"] == show.pk
    assert data["chapters_url"].endswith("/ep/chapters/")
    assert data["linked_articles"][0]["title"] == "L'article"
    detail = client.get(f"/api/v3/podcasts/episodes/{episode.pk}/").json()
    assert detail["guid"] == str(episode.guid)


def test_v3_hides_drafts_and_private_episodes(client, show):
    draft = PodcastEpisodePageFactory(parent=show, live=False)
    private = PodcastEpisodePageFactory(parent=show)
    make_private(private)
    assert client.get("/api/v3/podcasts/episodes/").json()["items"] == []
    for page in (draft, private):
        response = client.get(f"/api/v3/podcasts/episodes/{page.pk}/")
        assert response.status_code == 404
    assert client.get("/api/v3/podcasts/shows/999999/").status_code == 404
    assert client.get("/api/v3/podcasts/episodes/abc/").status_code in (400, 422)


def test_v3_router_is_in_the_openapi_document(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    assert "/api/v3/podcasts/shows/" in paths
    assert "/api/v3/podcasts/episodes/{episode_id}/" in paths


def test_episode_listing_in_the_admin(admin_client, show):
    PodcastEpisodePageFactory(
        parent=show, title="Premier", audio=fixed_audio(), season_number=2
    )
    PodcastEpisodePageFactory(parent=show, title="Brouillon", live=False)
    response = admin_client.get("/admin/podcasts/podcastepisodepage/")
    assert response.status_code == 200
    text = response.content.decode()
    for column in ("Premier", "Le podcast", "7:44"):
        assert column in text
    filtered = admin_client.get(
        "/admin/podcasts/podcastepisodepage/", {"season_number": 2}
    ).content.decode()
    assert "Premier" in filtered and "Brouillon" not in filtered
    by_show = admin_client.get(
        "/admin/podcasts/podcastepisodepage/", {"show": show.pk}
    ).content.decode()
    assert "Premier" in by_show
    assert admin_client.get(
        "/admin/podcasts/podcastepisodepage/", {"show": "x"}
    ).status_code in (200, 302)


def test_v3_episode_list_queries_do_not_grow_and_pages(
    client, show, article_index, django_assert_max_num_queries
):
    from tests.factories_podcasts import quick_episodes

    article = ArticlePageFactory(parent=article_index)
    episodes = quick_episodes(show, 3)
    for episode in episodes:
        PlayableVersion.objects.create(page=article, playable=episode)
        person("Claire Morvan", role="host", episode=episode)
    with django_assert_max_num_queries(15) as few:
        data = client.get("/api/v3/podcasts/episodes/").json()
    assert data["count"] == 3
    more = quick_episodes(show, 20, prefix="plus")
    for episode in more:
        PlayableVersion.objects.create(page=article, playable=episode)
        person("Claire Morvan", role="host", episode=episode)
    with django_assert_max_num_queries(15) as many:
        data = client.get("/api/v3/podcasts/episodes/?limit=20").json()
    assert len(data["items"]) == 20 and data["count"] == 23
    assert all(item["linked_articles"] for item in data["items"])
    assert len(many) == len(few)
    page_two = client.get("/api/v3/podcasts/episodes/?limit=20&offset=20").json()
    assert len(page_two["items"]) == 3
