"""Public tag pages: /tags/ and /tags/<slug>/."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
    tag,
)


@pytest.fixture
def tagged(article_index, glossary_index, show):
    return {
        "article": tag(
            ArticlePageFactory(
                parent=article_index,
                title="L'ABM en pratique",
                publication_date="2024-09-09",
            ),
            "ABM",
            "B2B",
        ),
        "entry": tag(
            GlossaryEntryPageFactory(
                parent=glossary_index, title="ABM", publication_date="2023-05-02"
            ),
            "ABM",
        ),
        "episode": tag(
            PodcastEpisodePageFactory(
                parent=show, title="Parler ABM", publication_date="2025-01-15"
            ),
            "ABM",
        ),
        "draft": tag(
            ArticlePageFactory(parent=article_index, title="Brouillon ABM", live=False),
            "ABM",
        ),
    }


def items_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select("main [data-content-item]")


def test_tag_index_lists_tags_in_use_with_counts(client, tagged):
    response = client.get("/tags/")
    assert response.status_code == 200
    text = " ".join(
        BeautifulSoup(response.content, "html.parser").main.get_text(" ").split()
    )
    assert re.search(r"ABM\W+3\b", text)
    assert re.search(r"B2B\W+1\b", text)


def test_tag_page_lists_all_types_newest_first_with_type_and_date(client, tagged):
    response = client.get("/tags/abm/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    items = items_of(response)
    titles = [item.find("a").get_text(strip=True) for item in items]
    assert titles == ["Parler ABM", "L'ABM en pratique", "ABM"]
    text = items[1].get_text(" ")
    assert "09/09/2024" in text
    assert items[1].find("time")["datetime"] == "2024-09-09"
    labels = [item["data-content-type"] for item in items]
    assert labels == [
        "podcasts.PodcastEpisodePage",
        "articles.ArticlePage",
        "glossary.GlossaryEntryPage",
    ]


def test_tag_page_excludes_drafts_and_private_pages(client, tagged, home):
    private_index = ArticleIndexPageFactory(parent=home, slug="prive")
    tag(ArticlePageFactory(parent=private_index, title="Privé ABM"), "ABM")
    make_private(private_index)
    response = client.get("/tags/abm/")
    titles = [item.find("a").get_text(strip=True) for item in items_of(response)]
    assert "Brouillon ABM" not in titles
    assert "Privé ABM" not in titles
    assert len(titles) == 3


def test_unknown_tag_is_a_404(client, tagged):
    assert client.get("/tags/inconnu/").status_code == 404


def test_tag_carried_only_by_drafts_is_a_404(client, article_index):
    tag(ArticlePageFactory(parent=article_index, live=False), "secret")
    assert client.get("/tags/secret/").status_code == 404


def test_tag_page_is_paginated(client, article_index, settings):
    settings.PRESSROOM_PAGE_SIZE = 2
    for day in range(1, 6):
        tag(
            ArticlePageFactory(
                parent=article_index,
                title=f"Jour {day}",
                publication_date=f"2024-03-0{day}",
            ),
            "série",
        )
    first = [
        i.find("a").get_text(strip=True) for i in items_of(client.get("/tags/serie/"))
    ]
    third = [
        i.find("a").get_text(strip=True)
        for i in items_of(client.get("/tags/serie/?page=3"))
    ]
    assert first == ["Jour 5", "Jour 4"]
    assert third == ["Jour 1"]
    # Malformed or out-of-range page numbers fall back to a real page, not an error.
    assert client.get("/tags/serie/?page=abc").status_code == 200
    assert client.get("/tags/serie/?page=999").status_code == 200


def tag_names(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.contents[0].strip() for a in soup.select("main .tag-cloud a")]


@pytest.mark.usefixtures("page_cache_off")
def test_tag_index_in_pages_cached_until_content_changes(client, tagged, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PRESSROOM_TAG_INDEX_PAGE_SIZE = 1
    assert tag_names(client.get("/tags/")) == ["ABM"]
    assert tag_names(client.get("/tags/", {"page": 2})) == ["B2B"]
    assert tag_names(client.get("/tags/", {"page": "x"})) == ["ABM"]
    # The counts are read once, then served from the listing cache.
    with CaptureQueriesContext(connection) as queries:
        client.get("/tags/", {"page": 2})
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    # A tag only a draft carries appears once the draft is published.
    tag(tagged["draft"], "Nouveau")
    assert "Nouveau" not in tag_names(client.get("/tags/", {"page": 3}))
    tagged["draft"].save_revision().publish()
    assert tag_names(client.get("/tags/", {"page": 3})) == ["Nouveau"]
