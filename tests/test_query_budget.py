"""Query budgets: a page's SQL query count does not grow with its tags, see-also
items, linked pages in its body or the number of items it lists."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.rich_text import RichText

import pytest

from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)

# These tests count what rendering costs: the page cache, whose hits cost no
# query, is off (tests/conftest.py page_cache_off).
pytestmark = pytest.mark.usefixtures("page_cache_off")

ARTICLE_PAGE_BUDGET = 22
TAG_PAGE_BUDGET = 15


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def build_article(article_index, glossary_index, show, size):
    """An article with `size` tags, `size` see-also picks and `size` linking paragraphs."""
    targets = [
        factory(parent=parent)
        for factory, parent in [
            (ArticlePageFactory, article_index),
            (GlossaryEntryPageFactory, glossary_index),
            (PodcastEpisodePageFactory, show),
        ]
        * size
    ][:size]
    names = [f"sujet-{size}-{i}" for i in range(size)]
    for target in targets:
        tag(target, *names[:2])
    body = [
        ("heading", {"text": f"Partie {i}", "level": "h2", "anchor": ""})
        for i in range(size)
    ] + [
        (
            "paragraph",
            RichText(
                f'<p>Voir <a linktype="page" id="{target.pk}">cette page</a>.</p>'
            ),
        )
        for target in targets
    ]
    article = ArticlePageFactory(parent=article_index, body=body)
    tag(article, *names)
    see_also(article, *targets)
    return article


def test_article_page_queries_do_not_grow(
    client, article_index, glossary_index, show, settings, django_assert_max_num_queries
):
    settings.PRESSROOM_SEE_ALSO_COUNT = 10
    small = build_article(article_index, glossary_index, show, 2)
    large = build_article(article_index, glossary_index, show, 12)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    # The large page links to one more page type in its body (one query per
    # type linked); nothing else grows.
    assert large_count <= small_count + 1, (
        f"article page: {small_count} queries (size 2), {large_count} (size 12)"
    )
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(large.url)
    # The large page really shows what it was given.
    html = client.get(large.url).content.decode()
    assert html.count("cette page") == 12


def test_tag_page_queries_do_not_grow(
    client, article_index, glossary_index, show, django_assert_max_num_queries
):
    for _ in range(2):
        tag(ArticlePageFactory(parent=article_index), "petit")
    for _ in range(4):
        tag(ArticlePageFactory(parent=article_index), "grand", "autre", "encore")
        tag(GlossaryEntryPageFactory(parent=glossary_index), "grand")
        tag(PodcastEpisodePageFactory(parent=show), "grand")
    small = count_queries(client, "/tags/petit/")
    large = count_queries(client, "/tags/grand/")
    # Two more types present on the large page: one query each to load them.
    assert large <= small + 2, (
        f"tag page: {small} queries (1 type, 2 items), {large} (3 types, 12 items)"
    )
    with django_assert_max_num_queries(TAG_PAGE_BUDGET):
        client.get("/tags/grand/")


def test_tag_index_queries_do_not_grow(
    client, article_index, django_assert_max_num_queries
):
    tag(ArticlePageFactory(parent=article_index), "un")
    small = count_queries(client, "/tags/")
    for i in range(15):
        tag(ArticlePageFactory(parent=article_index), f"tag-{i}", "un")
    assert count_queries(client, "/tags/") == small
