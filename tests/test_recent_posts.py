"""The Recent posts component: latest items across the three types, dated for the locale."""

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from editorial.content import Visibility
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
)


@pytest.fixture
def content(article_index, glossary_index, show):
    return {
        "old": ArticlePageFactory(
            parent=article_index, title="Ancien", publication_date="2023-01-01"
        ),
        "entry": GlossaryEntryPageFactory(
            parent=glossary_index, title="Entrée", publication_date="2024-09-09"
        ),
        "episode": PodcastEpisodePageFactory(
            parent=show, title="Épisode", publication_date="2024-10-01"
        ),
        "article": ArticlePageFactory(
            parent=article_index, title="Récent", publication_date="2024-11-02"
        ),
        "draft": ArticlePageFactory(
            parent=article_index,
            title="Brouillon",
            publication_date="2030-01-01",
            live=False,
        ),
    }


def recent_block(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("[data-recent-posts]")


def test_recent_is_newest_first_across_types(content):
    visibility = Visibility(Site.objects.get(is_default_site=True))
    assert [item.title for item in visibility.recent(3)] == [
        "Récent",
        "Épisode",
        "Entrée",
    ]


def test_component_on_a_content_page_excludes_the_page_itself(
    client, content, settings
):
    settings.PRESSROOM_RECENT_COUNT = 3
    response = client.get(content["article"].url, HTTP_ACCEPT_LANGUAGE="fr")
    block = recent_block(response)
    titles = [a.get_text(strip=True) for a in block.select("a")]
    assert titles == ["Épisode", "Entrée", "Ancien"]
    assert "09/09/2024" in block.get_text(" ")


def test_component_on_the_home_page_uses_the_locale_date_format(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    block = recent_block(response)
    assert [a.get_text(strip=True) for a in block.select("a")] == [
        "Récent",
        "Épisode",
        "Entrée",
    ]
    assert "11/02/2024" in block.get_text(" ")  # English short date: month first
