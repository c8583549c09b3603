"""What readers see on the index pages, the content pages and the error pages."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    alternative_forms,
    make_private,
    tag,
)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_article_index_lists_its_live_articles_newest_first_paginated(
    client, article_index, home, settings
):
    settings.PRESSROOM_PAGE_SIZE = 2
    for day in (1, 3, 2):
        ArticlePageFactory(
            parent=article_index,
            title=f"Jour {day}",
            publication_date=f"2024-05-0{day}",
        )
    ArticlePageFactory(parent=article_index, title="Brouillon", live=False)
    other_index = ArticleIndexPageFactory(parent=home, slug="autres")
    ArticlePageFactory(parent=other_index, title="Ailleurs")

    def titles(url):
        return [
            a.get_text(strip=True)
            for a in soup(client.get(url)).select("main .article-summary__title a")
        ]

    assert titles(article_index.url) == ["Jour 3", "Jour 2"]
    assert titles(article_index.url + "?page=2") == ["Jour 1"]
    assert titles(article_index.url + "?page=zzz") == ["Jour 3", "Jour 2"]


def test_article_page_shows_its_parts(client, article_index):
    ArticlePageFactory(parent=article_index, title="Un autre article")
    article = ArticlePageFactory(
        parent=article_index,
        title="Former <son> écosystème",
        standfirst="Au-delà des salariés & des équipes.",
        publication_date="2024-09-09",
        body=[
            ("heading", {"text": "Pourquoi former ?", "level": "h2", "anchor": ""}),
            ("paragraph", '<p>Un <a href="https://example.com/">lien</a>.</p>'),
            (
                "quote",
                {
                    "text": "Citer <b>bien</b>",
                    "attribution": "Claire",
                    "source_title": "Le Livre",
                    "source_url": "https://example.com/livre",
                },
            ),
        ],
    )
    tag(article, "Écosystème")
    page = soup(client.get(article.url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert (
        page.h1.get_text(strip=True) == "Former <son> écosystème"
    )  # escaped, shown as text
    assert len(page.find_all("h1")) == 1
    assert (
        page.find("h2", id="pourquoi-former").get_text(strip=True)
        == "Pourquoi former ?"
    )
    assert page.select_one('main a[href="https://example.com/"]')
    quote = page.find("blockquote")
    assert quote["cite"] == "https://example.com/livre"
    assert "Citer <b>bien</b>" in quote.get_text()
    assert page.find("cite").get_text(strip=True) == "Le Livre"
    assert page.select_one('a[href="/tags/ecosysteme/"]')
    assert page.find("time", datetime="2024-09-09")
    assert page.find("html")["lang"] == "fr"
    assert page.select_one("[data-see-also]") is not None
    assert page.select_one("[data-recent-posts]") is not None


def test_glossary_index_groups_entries_a_to_z(client, glossary_index):
    for title in ("Écosystème", "ABM", "360° client", "B2B", "account"):
        GlossaryEntryPageFactory(parent=glossary_index, title=title)
    alternative_forms(glossary_index.get_children().get(title="B2B").specific, "BtoB")
    page = soup(client.get(glossary_index.url))
    text = " ".join(page.main.get_text(" ").split())
    assert "5" in text  # the entry count
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    # Digits and other characters first, as the database orders the letters.
    assert headings == ["#", "A", "B", "E"]
    assert "BtoB" in text
    # Accents ignored, case ignored: "account" and "ABM" under A, "Écosystème" under E.
    section_a = page.find(id=lambda value: value and value.lower().endswith("a"))
    assert section_a is not None


def test_episode_page_has_an_accessible_player(client, show):
    episode = PodcastEpisodePageFactory(
        parent=show, title="Épisode 1", episode_number=1
    )
    page = soup(client.get(episode.url, HTTP_ACCEPT_LANGUAGE="fr"))
    audio = page.find("audio")
    assert audio.has_attr("controls")
    assert audio.find("source")["type"] == "audio/mpeg"
    download = page.find("a", attrs={"download": True})
    # The download link goes through the counting endpoint (README, Podcast audience).
    assert download["href"] == episode.published_audio_url("download", root_url="")
    text = " ".join(page.get_text(" ").split())
    assert "0:14 — 42,2 ko" in text  # duration and size from the file, French format
    english = soup(client.get(episode.url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "0:14 — 42.2 kB" in " ".join(english.get_text(" ").split())


def test_show_page_lists_its_live_public_episodes(client, show):
    PodcastEpisodePageFactory(
        parent=show, title="Premier", publication_date="2024-01-01"
    )
    PodcastEpisodePageFactory(
        parent=show, title="Second", publication_date="2024-02-01"
    )
    PodcastEpisodePageFactory(parent=show, title="Brouillon", live=False)
    make_private(PodcastEpisodePageFactory(parent=show, title="Privé"))
    text = soup(client.get(show.url)).main.get_text(" ")
    assert text.index("Second") < text.index("Premier")
    assert "Brouillon" not in text
    assert "Privé" not in text


def test_home_page_shows_the_latest_of_each_type(
    client, home, article_index, glossary_index, show
):
    ArticlePageFactory(parent=article_index, title="Un article")
    GlossaryEntryPageFactory(parent=glossary_index, title="Une entrée")
    PodcastEpisodePageFactory(parent=show, title="Un épisode")
    text = soup(client.get("/")).main.get_text(" ")
    for title in ("Un article", "Une entrée", "Un épisode"):
        assert title in text


def test_unknown_page_is_a_404_page(client, home):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert BeautifulSoup(response.content, "html.parser").find("h1")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_type_renders_in_both_languages(
    client, language, article_index, glossary_index, show
):
    pages = [
        ArticlePageFactory(parent=article_index),
        GlossaryEntryPageFactory(parent=glossary_index),
        PodcastEpisodePageFactory(parent=show),
        article_index,
        glossary_index,
        show,
    ]
    for page in pages:
        response = client.get(page.url, HTTP_ACCEPT_LANGUAGE=language)
        assert soup(response).find("html")["lang"] == language
