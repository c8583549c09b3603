"""Listings whose cost does not grow with the corpus: the article index's
cached filter choices and count (invalidated when readers' content changes),
and deep pages read from the end of the listing."""

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from articles.models import ArticlePage
from editorial import listing_cache
from editorial.pagination import ListingPaginator
from tests.factories import ArticlePageFactory, make_private, tag
from tests.factories_articles import CategoryFactory, bulk_articles


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_filter_choices_follow_publish_and_unpublish(client, article_index):
    first = CategoryFactory(name="Stratégie", slug="strategie")
    ArticlePageFactory(parent=article_index, category=first)
    assert "strategie" in client.get(article_index.url).content.decode()
    second = CategoryFactory(name="Données", slug="donnees")
    article = ArticlePageFactory(parent=article_index, live=False, category=second)
    # A draft's category is never offered (and the cached choices are reused).
    assert "donnees" not in client.get(article_index.url).content.decode()
    article.save_revision().publish()
    html = client.get(article_index.url).content.decode()
    assert "donnees" in html
    assert client.get(f"{article_index.url}?category=donnees").status_code == 200
    Page.objects.get(pk=article.pk).specific.unpublish()
    assert "donnees" not in client.get(article_index.url).content.decode()
    assert client.get(f"{article_index.url}?category=donnees").status_code == 404


def test_tag_choices_and_count_follow_a_tag_change(client, article_index):
    article = ArticlePageFactory(parent=article_index)
    ArticlePageFactory(parent=article_index)
    html = client.get(article_index.url).content.decode()
    assert "2 articles" in html and "nouveau-sujet" not in html
    tag(Page.objects.get(pk=article.pk).specific, "nouveau-sujet")
    assert "nouveau-sujet" in client.get(article_index.url).content.decode()
    html = client.get(f"{article_index.url}?tag=nouveau-sujet").content.decode()
    assert "1 article" in html


def test_choices_are_read_once_then_cached(client, article_index):
    ArticlePageFactory(parent=article_index, category=CategoryFactory())
    client.get(article_index.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article_index.url)
    statements = [q["sql"] for q in queries.captured_queries]
    # No query of the choices (categories, tags, people) nor of the count.
    for table in ("articles_category", "taggit_tag", "editorial_person"):
        assert not [sql for sql in statements if sql.startswith(f'SELECT "{table}"')]
    assert not [sql for sql in statements if "COUNT(" in sql.upper()]


def test_index_queries_do_not_grow_with_the_number_of_articles(
    client, article_index, django_assert_max_num_queries
):
    categories = [CategoryFactory(slug=f"c{i}") for i in range(3)]
    bulk_articles(article_index, 30, categories=categories, tags=["un", "deux"])
    listing_cache.bump()  # (bulk inserts send no signal)
    urls = [
        article_index.url,
        f"{article_index.url}?page=3",
        f"{article_index.url}?category=c1&tag=un",
    ]
    small = [count_queries(client, url) for url in urls]
    bulk_articles(
        article_index, 300, categories=categories, tags=["un", "deux"], start=30
    )
    listing_cache.bump()
    large = [count_queries(client, url) for url in urls[:2]] + [
        count_queries(client, urls[2])
    ]
    assert large == small
    # The last page shows the oldest articles, as an offset would.
    html = client.get(f"{article_index.url}?page=28").content.decode()
    assert "330 articles" in html
    assert "Article en masse 0<" in html or "Article en masse 0\n" in html


@pytest.mark.parametrize("per_page", [3, 5])
def test_pages_read_from_the_end_match_an_offset(article_index, per_page):
    # Dates with ties: the order falls back on the id, both ways.
    for n in range(17):
        ArticlePageFactory(
            parent=article_index,
            title=f"A{n}",
            publication_date=f"2024-01-{n // 3 + 1:02d}",
        )
    articles = ArticlePage.objects.order_by("-publication_date", "-pk")
    plain = Paginator(articles, per_page)
    reversed_end = ListingPaginator(articles, per_page)
    assert reversed_end.num_pages == plain.num_pages
    for number in plain.page_range:
        assert [a.pk for a in reversed_end.page(number)] == [
            a.pk for a in plain.page(number)
        ]


def test_given_count_is_used(article_index):
    for n in range(4):
        ArticlePageFactory(parent=article_index, title=f"A{n}")
    paginator = ListingPaginator(ArticlePage.objects.order_by("pk"), 2, count=4)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.num_pages == 2
    assert len(queries) == 0


def test_content_api_count_follows_publishing(client, article_index):
    ArticlePageFactory(parent=article_index, title="Un")
    url = "/api/v3/content/?limit=1"
    assert client.get(url).json()["count"] == 1
    draft = ArticlePageFactory(parent=article_index, title="Deux", live=False)
    assert client.get(url).json()["count"] == 1
    draft.save_revision().publish()
    data = client.get(url).json()
    assert data["count"] == 2
    assert len(data["items"]) == 1
    # Every page of the listing, each read from the types' newest rows.
    titles = [
        client.get(f"/api/v3/content/?limit=1&offset={n}").json()["items"][0]["title"]
        for n in range(2)
    ]
    assert sorted(titles) == ["Deux", "Un"]


def test_show_page_count_follows_a_new_episode(client, show):
    from tests.factories import PodcastEpisodePageFactory

    PodcastEpisodePageFactory(parent=show, title="Épisode un")
    assert "Épisode un" in client.get(show.url).content.decode()
    draft = PodcastEpisodePageFactory(parent=show, title="Épisode deux", live=False)
    assert "Épisode deux" not in client.get(show.url).content.decode()
    draft.save_revision().publish()
    # The cached count followed: both episodes on the page.
    html = client.get(show.url).content.decode()
    assert "Épisode un" in html and "Épisode deux" in html


def page_links(client, url):
    """Titles on the page at ``url``, and its previous and next links."""
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text() for a in soup.select("main .article-summary__title a")]
    links = {
        rel: (soup.select_one(f'.pagination a[rel="{rel}"]') or {}).get("href")
        for rel in ("prev", "next")
    }
    return titles, links


def test_keyset_links_walk_the_listing_as_numbered_pages_do(
    client, article_index, settings
):
    settings.PRESSROOM_PAGE_SIZE = 3
    # Dates with ties: the cursor falls back on the id.
    for n in range(11):
        ArticlePageFactory(
            parent=article_index,
            title=f"A{n}",
            publication_date=f"2024-01-{n // 3 + 1:02d}",
        )
    base = article_index.url
    numbered = [page_links(client, f"{base}?page={n}")[0] for n in range(1, 5)]
    assert sum(numbered, []) == [f"A{n}" for n in range(10, -1, -1)]
    # Forward through "next" links: cursors after page 1, the same pages.
    url, forward = base, []
    while url:
        titles, links = page_links(client, url)
        forward.append(titles)
        if len(forward) > 1:
            assert "after=" in url and f"page={len(forward)}" in url
        # (the links are query strings of the index's URL)
        url = links["next"] and base + links["next"]
    assert forward == numbered
    # Back through "previous" links from the last page; page 1 has no cursor.
    url, backward = f"{base}?page=4", []
    while url:
        titles, links = page_links(client, url)
        backward.append(titles)
        previous = links["prev"]
        if previous and "page=" not in previous:
            assert "before=" not in previous
        url = previous and base + previous
    assert backward == numbered[::-1]


@pytest.mark.parametrize(
    "cursor",
    [
        "after=nonsense",
        "after=2024-13-45~1",
        "after=2024-01-01~x",
        "before=~",
        "after=" + "9" * 300,
        "after=2024-01-01",
        "after=2024-01-01~1~2",
    ],
)
def test_malformed_cursor_falls_back_on_the_numbered_page(
    client, article_index, settings, cursor
):
    settings.PRESSROOM_PAGE_SIZE = 2
    for n in range(5):
        ArticlePageFactory(
            parent=article_index, title=f"A{n}", publication_date=f"2024-01-0{n + 1}"
        )
    titles, _links = page_links(client, f"{article_index.url}?page=2&{cursor}")
    assert titles == ["A2", "A1"]
    # Without a page number (or page 1) a cursor is ignored too.
    titles, _links = page_links(client, f"{article_index.url}?after=2024-01-03~1")
    assert titles == ["A4", "A3"]


def test_keyset_page_never_shows_hidden_articles(client, article_index, settings):
    settings.PRESSROOM_PAGE_SIZE = 2
    for n in range(6):
        article = ArticlePageFactory(
            parent=article_index, title=f"A{n}", publication_date=f"2024-01-0{n + 1}"
        )
        if n == 2:
            article.unpublish()
    _titles, links = page_links(client, article_index.url)
    titles, _links = page_links(client, article_index.url + links["next"])
    assert titles == ["A3", "A1"]


def test_keyset_page_costs_the_queries_of_a_numbered_one(
    client, article_index, settings
):
    settings.PRESSROOM_PAGE_SIZE = 2
    bulk_articles(article_index, 40, tags=["un"])
    listing_cache.bump()
    _titles, links = page_links(client, f"{article_index.url}?page=9")
    numbered = count_queries(client, f"{article_index.url}?page=10")
    seek = count_queries(client, article_index.url + links["next"])
    assert seek == numbered


def test_off_schedule_pages_are_read_from_partial_indexes(db, article_index):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Page._meta.db_table
        )
    assert {"pressroom_page_go_live_idx", "pressroom_page_expire_idx"} <= set(
        constraints
    )
    if connection.vendor == "sqlite":
        # The query search_q() runs, as SQLite plans it. (PostgreSQL's
        # planner prefers a scan of a table this small.)
        from wagtail.models import Site

        from editorial.content import Visibility

        with CaptureQueriesContext(connection) as queries:
            Visibility(Site.objects.get(is_default_site=True)).search_q()
        [off_schedule] = [
            q["sql"] for q in queries.captured_queries if "go_live_at" in q["sql"]
        ]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + off_schedule)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "pressroom_page_go_live_idx" in plan, plan
        assert "pressroom_page_expire_idx" in plan, plan


@pytest.mark.usefixtures("page_cache_off")
def test_v3_pages_count_is_cached_and_follows_publishing(client, article_index):
    ArticlePageFactory(parent=article_index, title="Un")
    url = "/api/v3/pages/?type=articles.ArticlePage&limit=1"
    assert client.get(url).json()["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        data = client.get(url + "&offset=0").json()
    assert data["count"] == 1
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    draft = ArticlePageFactory(parent=article_index, title="Deux", live=False)
    assert client.get(url).json()["count"] == 1
    draft.save_revision().publish()
    assert client.get(url).json()["count"] == 2
    # Another filter has its own count; a hidden page is never counted.
    assert client.get(url + "&title=Deux").json()["count"] == 1
    make_private(Page.objects.get(pk=draft.pk))
    assert client.get(url).json()["count"] == 1


@pytest.mark.usefixtures("page_cache_off")
def test_glossary_index_queries_do_not_grow_with_the_glossary(
    client, glossary_index, settings
):
    from tests.factories_glossary import entry

    settings.PRESSROOM_GLOSSARY_PAGE_SIZE = 4
    for n in range(5):
        entry(glossary_index, f"Terme {n}", f"forme {n}")
    listing_cache.bump()
    urls = [glossary_index.url, f"{glossary_index.url}?letter=t&page=2"]
    small = [count_queries(client, url) for url in urls]
    for n in range(5, 25):
        entry(glossary_index, f"Terme {n}", f"forme {n}", f"autre {n}")
    large = [count_queries(client, url) for url in urls]
    assert large == small


def cold_and_warm_queries(client, url):
    """Queries of ``url`` rendered with no stored item (a fresh content
    generation), then served from the stored items (``editorial.item_cache``)."""
    listing_cache.bump()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)


@pytest.mark.usefixtures("page_cache_off")
def test_feed_and_glossary_queries_do_not_grow_with_the_items_shown(
    client, glossary_index, article_index, show
):
    from tests.factories_glossary import entry
    from tests.factories_podcasts import quick_episodes

    for n in range(2):
        entry(glossary_index, f"Terme {n}", f"forme {n}")
    bulk_articles(article_index, 2, tags=["un"])
    quick_episodes(show, 2)
    urls = [
        glossary_index.url,
        f"{glossary_index.url}?letter=t",
        "/feeds/articles/",
        "/feeds/articles/atom/",
        f"{show.url}feed/",
    ]
    small = [cold_and_warm_queries(client, url) for url in urls]
    for n in range(2, 30):
        entry(glossary_index, f"Terme {n}", f"forme {n}", f"autre {n}")
    bulk_articles(article_index, 30, tags=["un"], start=2)
    quick_episodes(show, 30, prefix="plus")
    listing_cache.bump()
    large = [cold_and_warm_queries(client, url) for url in urls]
    assert large == small
    # Served from the stored items, a list reads its rows and no more.
    assert all(warm < cold for cold, warm in large), large
