"""A stored page's see-also picks are read with its candidates' rows, in the
one compiled query of the fill (``editorial.see_also._stored_rows``): in
their editors' order, with their labels, whatever their number."""

from wagtail.models import Site

import pytest

from editorial.content import Visibility
from editorial.models import SeeAlsoItem
from editorial.related import rebuild_all
from editorial.see_also import see_also_rows
from tests.factories import ArticlePageFactory, see_also, tag

pytestmark = pytest.mark.django_db


def rows_of(page, count=4):
    visibility = Visibility(Site.objects.get(is_default_site=True))
    visibility.q()  # the site's paths, read once per request
    return visibility, count


def test_picks_in_order_with_labels_in_the_fill_query(
    article_index, django_assert_num_queries
):
    page = ArticlePageFactory(parent=article_index, title="Page")
    targets = [
        ArticlePageFactory(parent=article_index, title=f"T{n}") for n in range(4)
    ]
    tag(page, "partage")
    tag(targets[3], "partage")
    # Out of creation order: the picks' sort order decides.
    see_also(page, targets[2], targets[0], labels={targets[0].pk: "Lisez « ça »"})
    SeeAlsoItem.objects.create(page=page, target=targets[1], sort_order=-1)
    rebuild_all()
    fresh = type(page).objects.prefetch_related("tags").get(pk=page.pk)
    visibility, count = rows_of(fresh)
    see_also_rows(fresh, visibility, count)  # content types, compiled query
    with django_assert_num_queries(1):
        rows, labels = see_also_rows(fresh, visibility, count)
    assert [row[0] for row in rows[:4]] == [
        targets[1].pk,
        targets[2].pk,
        targets[0].pk,
        targets[3].pk,  # shares a tag
    ]
    assert labels == {
        targets[1].pk: "",
        targets[2].pk: "",
        targets[0].pk: "Lisez « ça »",
    }


def test_no_picks_and_a_pick_of_the_page_itself(article_index):
    page = ArticlePageFactory(parent=article_index, title="Page")
    other = ArticlePageFactory(parent=article_index, title="Autre")
    fresh = type(page).objects.get(pk=page.pk)
    visibility, count = rows_of(fresh)
    rows, labels = see_also_rows(fresh, visibility, count)
    assert labels == {}
    see_also(page, page, other)
    fresh = type(page).objects.get(pk=page.pk)
    rows, labels = see_also_rows(fresh, visibility, count)
    assert labels == {other.pk: ""} and rows[0][0] == other.pk
