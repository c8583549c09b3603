"""Query budgets of the article pages, the article index (with its filters), the
contributor pages and the feeds: they do not grow with the number of blocks,
contributors, tags, see-also items or listed articles."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import (
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)
from tests.factories_articles import (
    CategoryFactory,
    ImageFactory,
    PersonFactory,
    body_of_every_block,
    bulk_articles,
    cached_embed,
    credit,
)

# These tests count what rendering costs: the page cache, whose hits cost no
# query, is off (tests/conftest.py page_cache_off).
pytestmark = pytest.mark.usefixtures("page_cache_off")

ARTICLE_PAGE_BUDGET = 31
INDEX_BUDGET = 20
FEED_BUDGET = 7


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build_article(article_index, show, size):
    """An article whose body repeats every block ``size`` times, with ``size``
    contributors (with links), tags and see-also picks."""
    episodes = [PodcastEpisodePageFactory(parent=show) for _ in range(size)]
    related = [ArticlePageFactory(parent=article_index) for _ in range(size)]
    image = ImageFactory()
    body = []
    for n in range(size):
        body += body_of_every_block(
            episode=episodes[n], related=related[n], image=image
        )
    people = [PersonFactory() for _ in range(size)]
    for person in people:
        person.links.create(label="Site", url="https://example.com/")
    speakers = [{"person": p.pk, "name": "", "organisation": ""} for p in people]
    for block in body:
        if block["type"] == "event":
            block["value"]["speakers"] = speakers
    article = ArticlePageFactory(
        parent=article_index,
        body=json.dumps(body),
        hero_image=image,
        category=CategoryFactory(),
        audio_episode=episodes[0],
    )
    credit(article, *people)
    tag(article, *[f"sujet-{size}-{i}" for i in range(size)])
    see_also(article, *related)
    return article


def test_article_page_queries_do_not_grow(
    client, article_index, show, settings, django_assert_max_num_queries
):
    cached_embed()
    settings.PRESSROOM_SEE_ALSO_COUNT = 10
    small = build_article(article_index, show, 1)
    large = build_article(article_index, show, 6)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert large_count == small_count, (
        f"article page: {small_count} queries (size 1), {large_count} (size 6)"
    )
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(large.url)
    html = client.get(large.url).content.decode()
    assert html.count('class="block-event"') == 6
    assert html.count('class="contributor"') == 6


@pytest.fixture
def people_and_categories(db):
    return [PersonFactory() for _ in range(5)], [CategoryFactory() for _ in range(4)]


def listing_urls(article_index, people, categories):
    person, category = people[0], categories[0]
    return {
        "index": article_index.url,
        "index page 3": article_index.url + "?page=3",
        "category": f"{article_index.url}?category={category.slug}",
        "tag": f"{article_index.url}?tag=theme-1",
        "contributor filter": f"{article_index.url}?contributor={person.slug}",
        "all filters": f"{article_index.url}?category={category.slug}&tag=theme-1&contributor={person.slug}",
        "contributor page": f"{article_index.url}contributors/{person.slug}/",
        "rss": "/feeds/articles/",
        "atom": "/feeds/articles/atom/",
        "tag rss": "/feeds/articles/tags/theme-1/",
        "contributor atom": f"/feeds/articles/contributors/{person.slug}/atom/",
    }


def test_index_filters_contributor_pages_and_feeds_with_1000_articles(
    client, article_index, people_and_categories, django_assert_max_num_queries
):
    people, categories = people_and_categories
    tags = [f"theme-{i}" for i in range(6)]
    bulk_articles(article_index, 40, categories=categories, people=people, tags=tags)
    urls = listing_urls(article_index, people, categories)
    small = {name: count_queries(client, url) for name, url in urls.items()}
    bulk_articles(
        article_index, 960, categories=categories, people=people, tags=tags, start=40
    )
    large = {name: count_queries(client, url) for name, url in urls.items()}
    # Per listing: queries with 40 articles, then with 1,000.
    assert large == small
    for name, url in urls.items():
        budget = FEED_BUDGET if "rss" in name or "atom" in name else INDEX_BUDGET
        with django_assert_max_num_queries(budget):
            client.get(url)
