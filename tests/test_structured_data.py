"""Every page type describes itself to search engines one way
(``editorial.structured_data``): its JSON-LD, read back from the rendered HTML,
has the schema.org type and fields of the page, and a title holding
``</script>`` cannot close the element it is written in."""

import json

from django.template import Context, Template
from django.test import RequestFactory

import pytest
from bs4 import BeautifulSoup

from editorial.structured_data import json_ld_script
from podcasts.models import PodcastEpisodePage
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, tag
from tests.factories_articles import event_value
from tests.factories_glossary import entry
from tests.factories_podcasts import fixed_audio

HOSTILE = 'Fin </script><script>alert("x")</script> & <!-- fin'


def structured_data_of(client, page):
    """``{@type: data}`` of the page's JSON-LD scripts, after checking that no
    script of the page is one a title broke out into."""
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        assert "alert(" not in (script.string or "") or (
            script.get("type") == "application/ld+json"
        )
    found = {}
    for script in soup.select('script[type="application/ld+json"]'):
        # Escaped as json_script escapes: no markup at all inside the element.
        assert "<" not in script.string and ">" not in script.string
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org"
        found[data["@type"]] = data
    return found


@pytest.fixture
def article(article_index):
    page = ArticlePageFactory(
        parent=article_index,
        title=HOSTILE,
        body=json.dumps(
            [
                {
                    "type": "event",
                    # Online, without a registration URL: the article is
                    # where readers find it.
                    "value": event_value(
                        title=HOSTILE, online=True, place="", registration_url=""
                    ),
                }
            ]
        ),
    )
    tag(page, "B2B", "Lead")
    return page


def test_article_is_an_article(client, article):
    data = structured_data_of(client, article)["Article"]
    assert data["headline"] == HOSTILE
    assert data["url"] == article.full_url
    assert data["mainEntityOfPage"] == article.full_url
    assert data["datePublished"] == article.publication_date.isoformat()
    assert sorted(data["keywords"]) == ["B2B", "Lead"]
    assert data["wordCount"] > 0
    assert data["publisher"]["@type"] == "Organization"


def test_event_block_is_an_event_located_on_its_article(client, article):
    data = structured_data_of(client, article)["Event"]
    assert data["name"] == HOSTILE
    assert data["startDate"] == "2024-10-03T18:30:00+02:00"
    assert data["eventAttendanceMode"] == (
        "https://schema.org/OnlineEventAttendanceMode"
    )
    # The block is given the page that shows it ({% structured_data value page=page %}).
    assert data["location"] == {"@type": "VirtualLocation", "url": article.full_url}


def test_glossary_entry_is_a_defined_term(client, glossary_index):
    term = entry(glossary_index, HOSTILE, "Autre forme")
    data = structured_data_of(client, term)["DefinedTerm"]
    assert data["name"] == HOSTILE
    assert data["url"] == data["@id"] == term.full_url
    assert data["alternateName"] == ["Autre forme"]
    assert data["inDefinedTermSet"]["@type"] == "DefinedTermSet"
    assert data["inDefinedTermSet"]["url"] == glossary_index.full_url


def test_glossary_index_is_a_defined_term_set_of_the_entries_shown(
    client, glossary_index
):
    glossary_index.title = HOSTILE
    glossary_index.save_revision().publish()
    term = entry(glossary_index, "B2B")
    data = structured_data_of(client, glossary_index)["DefinedTermSet"]
    assert data["name"] == HOSTILE
    assert data["url"] == glossary_index.full_url
    assert data["hasDefinedTerm"] == [
        {"@type": "DefinedTerm", "name": "B2B", "url": term.url}
    ]


def test_episode_is_a_podcast_episode_of_its_series(client, show):
    episode = PodcastEpisodePageFactory(
        parent=show, title=HOSTILE, audio=fixed_audio(), episode_number=3
    )
    data = structured_data_of(client, episode)["PodcastEpisode"]
    assert data["name"] == HOSTILE
    assert data["url"] == episode.full_url
    assert data["episodeNumber"] == 3
    assert data["timeRequired"] == "PT7M44S"
    assert data["associatedMedia"]["@type"] == "AudioObject"
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": show.title,
        "url": show.full_url,
    }


def test_episode_without_audio_has_no_structured_data():
    # A draft being written (an episode is published with its audio).
    assert PodcastEpisodePage(title="Sans audio").structured_data(None) is None


def test_show_is_a_podcast_series(client, show):
    show.title = HOSTILE
    show.save_revision().publish()
    data = structured_data_of(client, show)["PodcastSeries"]
    assert data["name"] == HOSTILE
    assert data["url"] == show.full_url
    assert data["webFeed"] == show.feed_url


def test_the_tag_renders_nothing_for_what_offers_no_structured_data():
    template = Template("{% load editorial_tags %}{% structured_data obj %}")
    request = RequestFactory().get("/")
    assert template.render(Context({"obj": object(), "request": request})) == ""
    assert template.render(Context({"obj": None, "request": request})) == ""


def test_json_ld_script_escapes_what_closes_the_element():
    html = str(json_ld_script({"name": HOSTILE}))
    assert html.count("</script>") == 1 and html.endswith("</script>")
    text = html.removeprefix('<script type="application/ld+json">')
    assert json.loads(text.removesuffix("</script>")) == {"name": HOSTILE}
