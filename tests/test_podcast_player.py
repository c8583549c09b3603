"""The player: both locales, no JavaScript needed, reusable from any template."""

import json
import re

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from podcasts.models import PodcastEpisodePage
from tests.factories import PodcastEpisodePageFactory
from tests.factories_podcasts import fixed_audio, person, subscribe_links

pytestmark = pytest.mark.django_db

PLAYER = Template("{% load podcast_tags %}{% podcast_player episode %}")


@pytest.fixture
def episode(show):
    subscribe_links(
        show,
        ("apple", "https://podcasts.apple.com/fr/podcast/x"),
        ("spotify", "https://open.spotify.com/show/x"),
        ("rss", ""),
    )
    return PodcastEpisodePageFactory(
        parent=show, title="Former <son> écosystème", slug="former", audio=fixed_audio()
    )


def render(episode, language):
    fresh = PodcastEpisodePage.objects.get(pk=episode.pk)
    with translation.override(language):
        return BeautifulSoup(PLAYER.render(Context({"episode": fresh})), "html.parser")


@pytest.mark.parametrize(
    ("language", "details", "download", "window"),
    [
        # The French catalogue puts a no-break space before the colon.
        ("fr", "(Durée\xa0: 7:44 — 5,1\xa0Mo)", "Télécharger", None),
        ("en", "(Duration: 7:44 — 5.1\xa0MB)", "Download", "Play in new window"),
    ],
)
def test_player_in_both_locales(episode, language, details, download, window):
    html = render(episode, language)
    player = html.find("div", class_="player")
    assert player["role"] == "group"
    assert player["aria-label"]
    audio = player.find("audio")
    assert audio.has_attr("controls")  # native, keyboard-usable, no JS needed
    assert audio["aria-label"]
    assert audio.source["src"] == f"/podcasts/audio/{episode.pk}/player/fixed.mp3"
    assert audio.source["type"] == "audio/mpeg"
    assert player.find(class_="player__details").get_text(" ", strip=True) == details
    assert player.find("time")["datetime"] == "PT7M44S"
    assert player.find("a", class_="player__download").has_attr("download")
    assert player.find("a", class_="player__download")["href"] == (
        f"/podcasts/audio/{episode.pk}/download/fixed.mp3"
    )
    assert download in player.find("a", class_="player__download").get_text()
    popup = player.find("a", class_="player__window")
    assert popup["href"] == "/podcast/former/player/"
    if window:  # the French wording comes with the lead's catalogue update
        assert window in popup.get_text()
    links = [(a.get_text(), a["href"]) for a in player.select(".subscribe-links a")]
    assert links == [
        ("Apple Podcasts", "https://podcasts.apple.com/fr/podcast/x"),
        ("Spotify", "https://open.spotify.com/show/x"),
        ("RSS", "http://localhost/podcast/feed/"),
    ]


def test_title_is_escaped(episode):
    html = str(render(episode, "en"))
    assert "<son>" not in html
    assert "&lt;son&gt;" in html


def test_player_queries_do_not_grow_with_subscribe_links(
    episode, show, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6) as few:
        render(episode, "fr")
    subscribe_links(
        *[show] + [("youtube", f"https://youtube.com/{n}") for n in range(8)]
    )
    with django_assert_max_num_queries(6) as many:
        render(episode, "fr")
    assert len(few) == len(many)


def test_player_renders_nothing_without_an_episode():
    assert PLAYER.render(Context({"episode": None})).strip() == ""


def test_standalone_player_page(client, episode):
    response = client.get("/podcast/former/player/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("main")
    assert html.find("h1").get_text() == "Former <son> écosystème"
    assert html.find("audio").has_attr("controls")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not html.select(".subscribe-links")
    assert not html.select(".player__window")  # already the player window


def test_episode_page_player_metadata_and_people(client, episode):
    person("Claire Morvan", role="host", episode=episode, organisation="Pressroom")
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    episode.save_revision().publish()
    response = client.get(episode.url, HTTP_ACCEPT_LANGUAGE="en")
    html = BeautifulSoup(response.content, "html.parser")
    assert html.main.find("div", class_="player")
    assert "Claire Morvan" in html.main.get_text()
    og = {m["property"]: m["content"] for m in html.find_all("meta", property=True)}
    assert (
        og["og:audio"] == f"http://localhost/podcasts/audio/{episode.pk}/api/fixed.mp3"
    )
    assert og["og:audio:type"] == "audio/mpeg"
    (script,) = html.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "Former <son> écosystème"
    assert "<son>" not in script.string  # escaped inside the script
    assert data["associatedMedia"] == {
        "@type": "AudioObject",
        "contentUrl": f"http://localhost/podcasts/audio/{episode.pk}/api/fixed.mp3",
        "encodingFormat": "audio/mpeg",
        "contentSize": "5100000",
        "duration": "PT7M44S",
    }
    assert data["partOfSeries"]["@type"] == "PodcastSeries"


def test_show_page_lists_players_and_subscribe_links_once(client, episode, show):
    PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    html = BeautifulSoup(client.get(show.url).content, "html.parser")
    assert len(html.select("div.player")) == 2
    assert len(html.select(".subscribe-links")) == 1
    (script,) = html.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "PodcastSeries"
    assert data["webFeed"] == "http://localhost/podcast/feed/"


def test_show_page_query_count_does_not_grow_with_episodes(
    client, show, django_assert_max_num_queries
):
    from tests.factories_podcasts import quick_episodes

    subscribe_links(show, ("apple", "https://podcasts.apple.com/x"))
    quick_episodes(show, 2)
    with django_assert_max_num_queries(20) as few:
        client.get(show.url)
    quick_episodes(show, 10, prefix="plus")
    with django_assert_max_num_queries(20) as many:
        client.get(show.url)
    assert len(many) == len(few)


def test_player_from_another_template_given_a_request(episode):
    request = RequestFactory().get("/")
    template = Template(
        "{% load podcast_tags %}<article>{% podcast_player episode %}</article>"
    )
    html = template.render(Context({"episode": episode, "request": request}))
    assert "player__audio" in html


@pytest.mark.usefixtures("page_cache_off")  # counts what rendering costs
def test_episode_page_query_count_does_not_grow_with_people_chapters_and_links(
    client, show, article_index, django_assert_max_num_queries
):
    from editorial.models import PlayableVersion
    from tests.factories import ArticlePageFactory
    from tests.factories_podcasts import chapters

    def build(slug, size):
        episode = PodcastEpisodePageFactory(parent=show, slug=slug, audio=fixed_audio())
        for n in range(size):
            person(f"Invité {slug} {n}", episode=episode, organisation="Org")
            article = ArticlePageFactory(parent=article_index, slug=f"{slug}-{n}")
            PlayableVersion.objects.create(page=article, sort_order=n, playable=episode)
        chapters(episode, *[(n * 10, f"Chapitre {n}") for n in range(size)])
        return episode

    small, large = build("petit", 1), build("grand", 10)
    # Per-process caches (content types, sites) and the cached menu warm,
    # whatever ran before in this process.
    client.get(small.url)
    client.get(large.url)
    with django_assert_max_num_queries(35) as few:
        assert client.get(small.url).status_code == 200
    with django_assert_max_num_queries(35) as many:
        response = client.get(large.url)
    assert len(re.findall(r"Chapitre \d", response.content.decode())) == 10
    assert len(many) == len(few)
