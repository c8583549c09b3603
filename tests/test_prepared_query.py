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


@pytest.mark.django_db
def test_related_objects_are_populated_as_the_queryset_does_with_one_plan(
    article_index, monkeypatch
):
    """What a row's columns become (the page, its specific row, that row's
    foreign keys) is worked out once, and each run gives the objects the
    queryset gives."""
    from django.db.models import query as django_query

    from articles.models import ArticlePage
    from tests.factories_articles import CategoryFactory

    first = ArticlePageFactory(
        parent=article_index, slug="premier", category=CategoryFactory()
    )
    second = ArticlePageFactory(parent=article_index, slug="second")

    def build(slug):
        return Page.objects.filter(slug=slug).select_related(
            "articlepage", "articlepage__category", "articleindexpage"
        )

    made = []
    populator = django_query.RelatedPopulator

    class CountedPopulator(populator):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(django_query, "RelatedPopulator", CountedPopulator)
    query = PreparedQuery(build, slug="marker:slug")
    query.run(slug="absent")
    assert made  # the plan: a populator per relation
    for _round in range(2):
        for page in (first, second):
            before = len(made)
            (found,) = query.run(slug=page.slug)
            assert len(made) == before  # none made again
            (expected,) = build(page.slug)
            assert found.__dict__.keys() == expected.__dict__.keys()
            specific = found.articlepage
            assert isinstance(specific, ArticlePage) and specific.pk == page.pk
            assert specific.__dict__.keys() == expected.articlepage.__dict__.keys()
            assert ArticlePage.category.is_cached(specific)
            assert specific.category == page.category
            assert specific.category_id == expected.articlepage.category_id
            # The other type joined: known to be absent, as from the queryset.
            assert found.__dict__["_state"].fields_cache.keys() == (
                expected._state.fields_cache.keys()
            )


def test_sqlite_runs_the_query_with_named_parameters_giving_djangos_sql():
    """On SQLite the stored query takes named parameters (converted by one
    formatting instead of a regular expression on every run): the SQL that
    reaches SQLite is Django's, placeholder names aside."""
    import re
    from types import SimpleNamespace

    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    from editorial.prepared import _named_parameters

    sql = "SELECT 1 WHERE a = %s AND b LIKE '100%%' AND c IN (%s, %s) AND d = '%%s'"
    named, names = _named_parameters(SimpleNamespace(vendor="sqlite"), sql, 3)
    assert names == ("p0", "p1", "p2")
    converted = SQLiteCursorWrapper.convert_query(None, named, param_names=names)
    assert re.sub(r":p\d", "?", converted) == SQLiteCursorWrapper.convert_query(
        None, sql
    )
    # A count that does not match, another database: the query as it is.
    assert _named_parameters(SimpleNamespace(vendor="sqlite"), sql, 4) == (sql, ())
    assert _named_parameters(SimpleNamespace(vendor="postgresql"), sql, 3) == (
        sql,
        (),
    )


@pytest.mark.django_db
def test_a_query_with_a_literal_percent_runs_again(article_index):
    from django.db.models import Q

    page = ArticlePageFactory(parent=article_index, slug="cent", title="100% utile")
    query = PreparedQuery(
        lambda slug: Page.objects.filter(
            Q(slug=slug) & Q(title__contains="100%")
        ).select_related("articlepage"),
        slug="marker:slug",
    )
    for _round in range(2):
        (found,) = query.run(slug="cent")
        assert found.pk == page.pk and found.articlepage.title == "100% utile"
    assert query.run(slug="absent") == []
