"""/search/ across the three types, with a type filter."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    make_private,
)


@pytest.fixture
def content(article_index, glossary_index, show):
    return {
        "article": ArticlePageFactory(
            parent=article_index,
            title="Prospection multicanale",
            standfirst="Le nurturing des comptes.",
        ),
        "entry": GlossaryEntryPageFactory(
            parent=glossary_index,
            title="Nurturing",
            short_definition="Entretenir la relation.",
        ),
        "episode": PodcastEpisodePageFactory(
            parent=show, title="Épisode nurturing", summary="On parle de nurturing."
        ),
        "draft": ArticlePageFactory(
            parent=article_index, title="Nurturing brouillon", live=False
        ),
        "private": make_private(
            ArticlePageFactory(parent=article_index, title="Nurturing privé")
        ).page,
    }


def result_items(response):
    return BeautifulSoup(response.content, "html.parser").select(
        "main [data-content-item]"
    )


def result_types(response):
    return sorted(item["data-content-type"] for item in result_items(response))


def test_search_finds_all_three_types_but_not_drafts_or_private(client, content):
    response = client.get("/search/", {"q": "nurturing"})
    assert response.status_code == 200
    assert result_types(response) == [
        "articles.ArticlePage",
        "glossary.GlossaryEntryPage",
        "podcasts.PodcastEpisodePage",
    ]
    text = response.content.decode()
    assert "brouillon" not in text
    assert "privé" not in text


def test_type_filter(client, content):
    response = client.get(
        "/search/", {"q": "nurturing", "type": "glossary.GlossaryEntryPage"}
    )
    assert result_types(response) == ["glossary.GlossaryEntryPage"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 5000},
        {"q": "'\"&|!():*<>\\ OR AND NOT"},
        {"q": "nurturing", "type": "wagtailcore.Page"},
        {"q": "nurturing", "page": "-1"},
    ],
)
def test_empty_or_absurd_queries_never_fail(client, content, params):
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_nul_byte_in_the_query_is_a_400_with_a_message(client, content):
    # Refused before the view, site-wide (editorial.http_guards).
    response = client.get("/search/", {"q": "\x00"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".error-page__message").get_text(strip=True)


def test_candidates_are_bounded_on_postgresql_only(client, content, settings):
    from django.db import connection

    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from editorial.search import search_candidates

    models = [type(page.specific) for page in content.values()]
    found = search_candidates("nurturing", models)
    if connection.vendor != "postgresql":
        # Wagtail's SQLite backend ranks with FTS5 itself: nothing bounds it.
        assert found is None
        return
    entries = [row["pk"] for row in found]
    pages = [
        int(pk)
        for pk in IndexEntry.objects.filter(pk__in=entries).values_list(
            "object_id", flat=True
        )
    ]
    # Every matching page with an entry, drafts' too (the view filters them).
    assert set(pages) >= {content["entry"].pk, content["episode"].pk}
    settings.PRESSROOM_SEARCH_CANDIDATES = 1
    assert len(list(search_candidates("nurturing", models))) == 1
    response = client.get("/search/", {"q": "nurturing"})
    assert response.status_code == 200
    assert len(result_items(response)) <= 1
    assert Page.objects.filter(pk__in=pages).exists()


def wagtail_ranking(terms):
    """The URLs of the visible pages matching ``terms``, as Wagtail's own
    backend ranks them (every match, no candidates)."""
    from wagtail.models import Page, Site

    from editorial.content import Visibility
    from editorial.registry import content_types

    visible = Page.objects.filter(
        Visibility(Site.objects.get(is_default_site=True)).search_q()
    ).type(*content_types.models())
    return [page.url for page in visible.search(terms)]


def shown_urls(response):
    return [item.select_one("a")["href"] for item in result_items(response)]


def test_ranking_reads_the_candidates_entries_by_id_on_postgresql_and_ranks_as_wagtail(
    client, content
):
    """One query ranks the candidates: their entries read by id (primary
    key), each entry's page by id too (never Wagtail's join on
    ``page.id::varchar``, which no index serves), no separate count; the
    order is Wagtail's ranking of the visible pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "nurturing"})
    if connection.vendor == "postgresql":
        ranked = [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]
        assert len(ranked) == 1
        assert '"wagtailsearch_indexentry"."id" = ANY(ARRAY(SELECT' in ranked[0]
        assert "::varchar" not in ranked[0]
        assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    else:
        # SQLite: Wagtail's FTS5 backend ranks, no candidates (none named).
        assert not any("ANY(ARRAY" in q["sql"] for q in queries.captured_queries)
    # Either way, the results are Wagtail's own ranking of the visible pages.
    assert shown_urls(response) == wagtail_ranking("nurturing")
    assert len(shown_urls(response)) == 3


@pytest.mark.parametrize(
    "terms",
    [
        # One word in the title, the other in the standfirst: Wagtail matches
        # ``title || body``, so the candidates must hold it too.
        "prospection nurturing",
        # A French stop word asks for nothing, as in Wagtail's query.
        "le nurturing",
        "nurturing épisode",
        "prospection inexistantmot",
    ],
)
def test_several_words_find_what_wagtail_finds(client, content, terms):
    response = client.get("/search/", {"q": terms})
    assert response.status_code == 200
    assert shown_urls(response) == wagtail_ranking(terms)
    if terms != "prospection inexistantmot":
        assert shown_urls(response)


@pytest.mark.usefixtures("page_cache_off")
def test_search_queries_do_not_grow_with_the_matches(
    client, article_index, glossary_index, show, settings
):
    """The same number of queries for 3 matches and for more matches than
    the candidates' bound (PostgreSQL) and a page (12) hold."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories_articles import bulk_articles

    settings.PRESSROOM_SEARCH_CANDIDATES = 20
    counts, shown = [], []
    for start, count in ((0, 3), (1000, 37)):
        bulk_articles(article_index, count, start=start)
        call_command("update_index", verbosity=0)
        client.get("/search/", {"q": "masse"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": "masse"})
        assert response.status_code == 200
        counts.append(len(queries))
        shown.append(len(result_items(response)))
    assert shown == [3, 12]
    assert counts[0] == counts[1]


@pytest.mark.usefixtures("page_cache_off")
def test_api_search_queries_do_not_grow_and_count_every_match(
    client, article_index, glossary_index, show, settings
):
    """``/api/v3/content/?search=`` ranks as the search page (candidates on
    PostgreSQL), in the same number of queries for 3 matches and for more
    than the bound, and counts every match it ranked (not only the window
    of the page asked for)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories_articles import bulk_articles

    settings.PRESSROOM_SEARCH_CANDIDATES = 20
    url = "/api/v3/content/?search=masse&limit=5"
    counts, totals = [], []
    for start, count in ((0, 3), (1000, 37)):
        bulk_articles(article_index, count, start=start)
        call_command("update_index", verbosity=0)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
        totals.append(response.json()["count"])
        assert len(response.json()["items"]) == min(5, totals[-1])
    bounded = 20 if connection.vendor == "postgresql" else 40
    assert totals == [3, bounded]
    assert counts[0] == counts[1]
