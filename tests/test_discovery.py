"""sitemap.xml, robots.txt and /search/ only show what readers may see."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
)

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def content(article_index, glossary_index, show):
    return {
        "article": ArticlePageFactory(
            parent=article_index,
            title="Le marketing de contenu B2B",
            standfirst="Écrire pour des acheteurs.",
        ),
        "draft": ArticlePageFactory(
            parent=article_index, title="Brouillon B2B", live=False
        ),
        "private": make_private(
            ArticlePageFactory(parent=article_index, title="Secret B2B")
        ).page,
        "entry": GlossaryEntryPageFactory(
            parent=glossary_index,
            title="ABM",
            short_definition="Le marketing B2B compte par compte.",
        ),
        "episode": PodcastEpisodePageFactory(
            parent=show, title="Parler B2B", summary="Un épisode."
        ),
    }


def test_sitemap_lists_live_public_pages_with_lastmod(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {
        node.findtext("s:loc", namespaces=SITEMAP_NS): node
        for node in root.findall("s:url", SITEMAP_NS)
    }
    assert content["article"].full_url in urls
    assert content["entry"].full_url in urls
    assert content["episode"].full_url in urls
    assert content["draft"].full_url not in urls
    assert content["private"].full_url not in urls
    assert all(
        node.findtext("s:lastmod", namespaces=SITEMAP_NS) for node in urls.values()
    )


def test_robots_points_at_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
