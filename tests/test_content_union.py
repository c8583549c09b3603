"""``editorial.content.union_rows``, the one UNION of cross-type rows behind
``Visibility.keys``/``newest_keys``, the content API and the see-also fill."""

from django.db.models import F

from wagtail.models import Site

import pytest

from editorial.content import OLDEST, Visibility, union_rows
from editorial.registry import content_types
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
)


@pytest.fixture
def visibility(db):
    return Visibility(Site.objects.get(is_default_site=True))


@pytest.fixture
def pages(article_index, glossary_index, show):
    # Created in an order that is not their date order: ids do not sort them.
    return {
        "new_article": ArticlePageFactory(
            parent=article_index, title="A3", publication_date="2024-03-01"
        ),
        "old_article": ArticlePageFactory(
            parent=article_index, title="A1", publication_date="2024-01-01"
        ),
        "mid_article": ArticlePageFactory(
            parent=article_index, title="A2", publication_date="2024-02-01"
        ),
        "entry": GlossaryEntryPageFactory(
            parent=glossary_index, title="G", publication_date="2024-02-15"
        ),
        "episode": PodcastEpisodePageFactory(
            parent=show, title="E", publication_date="2023-12-01"
        ),
    }


def test_newest_keys_of_one_type_are_newest_first(pages, visibility):
    # One type: a union of one part, ordered and limited all the same.
    rows = visibility.newest_keys(2, types=["articles.ArticlePage"])
    assert [row[0] for row in rows] == [
        pages["new_article"].pk,
        pages["mid_article"].pk,
    ]
    items = visibility.recent(3, types=["articles.ArticlePage"])
    assert [item.title for item in items] == ["A3", "A2", "A1"]


def test_newest_keys_across_types(pages, visibility, django_assert_num_queries):
    visibility.q()  # the site's root and restrictions, read once per instance
    with django_assert_num_queries(1):
        rows = visibility.newest_keys(3)
    assert [row[0] for row in rows] == [
        pages["new_article"].pk,
        pages["entry"].pk,
        pages["mid_article"].pk,
    ]


def test_union_rows_window_columns_and_kinds(pages, visibility):
    models = content_types.models()
    parts = [
        (kind, visibility.indexed_pages(model)) for kind, model in enumerate(models)
    ]
    rows = union_rows(parts, columns={"sort_title": F("title")}, first=1, order=OLDEST)
    # The oldest row of each type, with its kind and the extra column.
    assert sorted((row[2], row[3]) for row in rows) == [(0, "A1"), (1, "G"), (2, "E")]
    assert {row[0] for row in rows} == {
        pages["old_article"].pk,
        pages["entry"].pk,
        pages["episode"].pk,
    }


def test_union_rows_of_no_part_is_none():
    assert union_rows([]) is None
