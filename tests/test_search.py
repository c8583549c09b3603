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

    from site_config.views import search_candidates

    models = [type(page.specific) for page in content.values()]
    found = search_candidates("nurturing", models)
    if connection.vendor != "postgresql":
        # Wagtail's SQLite backend ranks with FTS5 itself: nothing bounds it.
        assert found is None
        return
    entries, pages = found
    # Every matching page with an entry, drafts' too (the view filters them).
    assert set(pages) >= {content["entry"].pk, content["episode"].pk}
    # The entries are those of the pages.
    assert sorted(
        int(pk)
        for pk in IndexEntry.objects.filter(pk__in=entries).values_list(
            "object_id", flat=True
        )
    ) == sorted(pages)
    settings.PRESSROOM_SEARCH_CANDIDATES = 1
    entries, pages = search_candidates("nurturing", models)
    assert len(entries) == len(pages) == 1
    response = client.get("/search/", {"q": "nurturing"})
    assert response.status_code == 200
    assert len(result_items(response)) <= 1
    assert Page.objects.filter(pk__in=pages).exists()


def test_ranking_reads_the_candidates_entries_by_id_on_postgresql_and_ranks_as_wagtail(
    client, content
):
    """The ranked query joins the candidate pages to their search entries
    named by id (read from primary keys), not to every entry, and ranks as
    Wagtail's backend does when fewer pages than the bound match."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wagtail.models import Page, Site

    from editorial.content import Visibility
    from editorial.registry import content_types

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "nurturing"})
    if connection.vendor == "postgresql":
        ranked = [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]
        assert ranked
        for sql in ranked:
            assert '"wagtailsearch_indexentry"."id" IN' in sql
            assert '"wagtailcore_page"."id" IN' in sql
    else:
        # SQLite: Wagtail's FTS5 backend ranks, no candidates (none named).
        assert not any(
            '"wagtailsearch_indexentry"."id" IN' in q["sql"]
            for q in queries.captured_queries
        )
    # Either way, the results are Wagtail's own ranking of the visible pages.
    shown = [item.select_one("a")["href"] for item in result_items(response)]
    visible = Page.objects.filter(
        Visibility(Site.objects.get(is_default_site=True)).search_q()
    ).type(*content_types.models())
    assert shown == [page.url for page in visible.search("nurturing")]
