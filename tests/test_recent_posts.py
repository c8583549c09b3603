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


def newest_rows_queries(captured):
    """Queries that pick the newest rows of a type (its publication-date order).

    The order names the column (``"publication_date" DESC``) or, where each part
    of a UNION is ordered and limited in place (PostgreSQL), gives its position
    in the selected (pk, publication_date, kind) rows (``ORDER BY 2 DESC``).
    """

    def newest_first(sql):
        return '"publication_date" DESC' in sql or (
            '"publication_date" AS "publication_date"' in sql
            and "ORDER BY 2 DESC" in sql
        )

    return sum(newest_first(query["sql"]) for query in captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_component_reads_the_newest_rows_once_and_follows_publish_and_unpublish(
    client, content, article_index, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PRESSROOM_RECENT_COUNT = 2
    settings.PRESSROOM_SEE_ALSO_COUNT = 0  # its recency fill reads newest rows too

    def titles(page):
        response = client.get(page.url)
        return [a.get_text(strip=True) for a in recent_block(response).select("a")]

    with CaptureQueriesContext(connection) as first:
        assert titles(content["article"]) == ["Épisode", "Entrée"]
    assert newest_rows_queries(first) > 0
    # Another page reads the same rows, and still leaves itself out.
    with CaptureQueriesContext(connection) as again:
        assert titles(content["episode"]) == ["Récent", "Entrée"]
    assert newest_rows_queries(again) == 0

    newer = ArticlePageFactory(
        parent=article_index, title="Nouveau", publication_date="2024-12-01"
    )
    assert titles(content["article"]) == ["Nouveau", "Épisode"]
    newer.unpublish()
    assert titles(content["article"]) == ["Épisode", "Entrée"]
    content["episode"].title = "Épisode renommé"
    content["episode"].save_revision().publish()
    assert titles(content["article"]) == ["Épisode renommé", "Entrée"]
