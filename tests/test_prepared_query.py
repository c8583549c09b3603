"""Querysets compiled once (editorial.prepared): the same rows and objects as
the queryset, for any values, and a refusal of markers it cannot place."""

from wagtail.models import Page

import pytest

from editorial.prepared import PreparedQuery
from tests.factories import ArticlePageFactory


@pytest.mark.django_db
def test_runs_again_with_other_values(article_index):
    first = ArticlePageFactory(parent=article_index, slug="premier")
    second = ArticlePageFactory(parent=article_index, slug="second")
    query = PreparedQuery(
        lambda slug: Page.objects.filter(slug=slug).select_related("articlepage"),
        slug="marker:slug",
    )
    for page in (first, second):
        (found,) = query.run(slug=page.slug)
        assert found.pk == page.pk
        # The joined row comes with it, as from the queryset.
        assert Page.articlepage.is_cached(found)
        assert found.articlepage.title == page.title
        assert found._state.adding is False and found._state.db == "default"
    assert query.run(slug="absent") == []


@pytest.mark.django_db
def test_a_marker_it_cannot_place_is_refused():
    query = PreparedQuery(
        lambda slug: Page.objects.filter(slug__startswith=slug), slug="marker:slug"
    )
    with pytest.raises(ValueError, match="marker"):
        query.run(slug="a")


@pytest.mark.django_db
def test_rows_of_a_values_list_union_run_again_with_other_values(article_index):
    first = ArticlePageFactory(parent=article_index, slug="premier")
    second = ArticlePageFactory(parent=article_index, slug="second")

    def build(one, two):
        rows = Page.objects.order_by().values_list("pk", "live", "first_published_at")
        return rows.filter(slug=one).union(rows.filter(slug=two), all=True)

    query = PreparedQuery(build, one="marker:one", two="marker:two")
    expected = sorted(build(first.slug, second.slug))
    assert sorted(query.rows(one=first.slug, two=second.slug)) == expected
    # Converted as the queryset converts them (aware datetimes, booleans).
    assert expected[0][1] is True and expected[0][2].tzinfo is not None
    assert query.rows(one="absent", two=second.slug) == [
        row for row in expected if row[0] == second.pk
    ]
    with pytest.raises(ValueError, match="values_list"):
        PreparedQuery(
            lambda slug: Page.objects.filter(slug=slug), slug="marker:slug"
        ).rows(slug="a")
