"""Content pages skip Wagtail's two restriction queries while no page of any
site is view-restricted (editorial.models.EditorialPageMixin), and a
restriction added (or removed) anywhere is enforced at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def restriction_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [
        q["sql"] for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]
    ]


def test_no_restriction_query_while_nothing_is_restricted(
    client, article_index, page_cache_off
):
    article = ArticlePageFactory(parent=article_index)
    client.get(article.url)  # what a first visit caches
    response, queries = restriction_queries(client, article.url)
    assert response.status_code == 200
    assert queries == []


@pytest.mark.parametrize("restrict", ["index", "article"])
def test_a_restriction_added_or_removed_applies_at_once(
    client, article_index, page_cache_off, restrict
):
    article = ArticlePageFactory(parent=article_index)
    assert client.get(article.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=article_index if restrict == "index" else article,
        restriction_type=PageViewRestriction.LOGIN,
    )
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
    restriction.delete()
    assert client.get(article.url).status_code == 200
