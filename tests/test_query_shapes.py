"""Query shapes PostgreSQL's planner serves from indexes (README Benchmarks,
third round), run on both backends: the newest rows of several types come
from per-type limited parts where the database allows a LIMIT there, and
see-also matches picks and candidates without an OR of two INs. The rows
are the same either way."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from editorial.content import Visibility
from editorial.related import rebuild_all
from editorial.see_also import resolve_see_also
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    see_also,
    tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(article_index, glossary_index, show):
    pages = []
    for n in range(4):
        pages.append(ArticlePageFactory(parent=article_index, title=f"A{n}"))
        pages.append(GlossaryEntryPageFactory(parent=glossary_index, title=f"G{n}"))
        pages.append(PodcastEpisodePageFactory(parent=show, title=f"E{n}"))
    return pages


def test_newest_rows_across_types_are_limited_per_part(mixed):
    visibility = Visibility(Site.objects.get(is_default_site=True))
    expected = sorted(
        ((p.pk, p.publication_date) for p in mixed),
        key=lambda row: (row[1], row[0]),
        reverse=True,
    )[:5]
    with CaptureQueriesContext(connection) as queries:
        rows = visibility.newest_keys(5)
    assert [(row[0], row[1]) for row in rows] == expected
    (sql,) = [q["sql"] for q in queries.captured_queries if "UNION" in q["sql"]]
    limited_parts = sql.count("LIMIT 5")
    if connection.features.supports_slicing_ordering_in_compound:
        assert limited_parts >= 3 and '_ptr_id" IN (SELECT' not in sql
    else:  # SQLite: a limited subquery per part
        assert limited_parts >= 3 and "IN (SELECT" in sql


def test_see_also_matches_picks_and_candidates_without_an_or(mixed):
    article, entry, episode = mixed[0], mixed[1], mixed[2]
    for page in (article, entry, episode):
        tag(page, "partage")
    other = mixed[3]
    see_also(article, other)
    rebuild_all()
    visibility = Visibility(Site.objects.get(is_default_site=True))
    page = type(article).objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        items = resolve_see_also(page, visibility, count=3)
    assert [item.page.pk for item in items][:1] == [other.pk]
    assert {item.page.pk for item in items[1:]} == {entry.pk, episode.pk}
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in statements if ') OR "wagtailcore_page"."id" IN' in sql]
    assert [sql for sql in statements if "UNION ALL" in sql]
