"""The main menu and the footer's glossary link are read once per content
generation (editorial.listing_cache), not on every render: they still follow
every publish, unpublish and view restriction at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticleIndexPageFactory, make_private

# What rendering costs, not what the page cache serves.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def menu(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("nav.main-nav a")]


def menu_queries(captured):
    """Queries that select the menu's pages (filtered on show_in_menus)."""
    return sum(
        "show_in_menus" in query["sql"].partition(" WHERE ")[2]
        for query in captured.captured_queries
    )


def footer_glossary_link(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    link = soup.select_one("footer a[href*='glossa']")
    return link["href"] if link else None


@pytest.mark.django_db
def test_menu_is_read_once_then_follows_publish_unpublish_and_restrictions(
    client, home, article_index
):
    article_index.show_in_menus = True
    article_index.save_revision().publish()
    assert article_index.title in menu(client)
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as again:
        client.get("/")
    assert menu_queries(first) == 0  # read by the request before
    assert menu_queries(again) == 0
    assert len(again) == len(first)

    section = ArticleIndexPageFactory(
        parent=home, title="Dossiers", slug="dossiers", show_in_menus=True
    )
    section.save_revision().publish()
    assert "Dossiers" in menu(client)

    section.unpublish()
    assert "Dossiers" not in menu(client)

    make_private(article_index)
    assert article_index.title not in menu(client)


@pytest.mark.django_db
def test_footer_glossary_link_follows_publish_and_unpublish(client, glossary_index):
    assert footer_glossary_link(client) == glossary_index.url
    glossary_index.unpublish()
    assert footer_glossary_link(client) is None
    glossary_index.save_revision().publish()
    assert footer_glossary_link(client) == glossary_index.url
