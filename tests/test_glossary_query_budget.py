"""An article's query count does not grow with its number of glossary links."""

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from glossary.models import GlossaryRelatedEntry, GlossarySettings
from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph, term
from tests.test_query_budget import ARTICLE_PAGE_BUDGET, count_queries

# These tests count what rendering costs: the page cache, whose hits cost no
# query, is off (tests/conftest.py page_cache_off).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def article_with_terms(article_index, glossary_index, size):
    entries = [entry(glossary_index, f"Terme {size}-{i}") for i in range(size)]
    body = [
        paragraph(f"<p>Voir {term(e)} et encore {term(e, 'lui')}.</p>") for e in entries
    ]
    return ArticlePageFactory(parent=article_index, body=body)


@pytest.mark.parametrize("auto_link", [False, True])
def test_article_queries_do_not_grow_with_glossary_links(
    client, article_index, glossary_index, auto_link, django_assert_max_num_queries
):
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_link = auto_link
    settings.save()
    one = article_with_terms(article_index, glossary_index, 1)
    fifty = article_with_terms(article_index, glossary_index, 50)
    one_count = count_queries(client, one.url)
    fifty_count = count_queries(client, fifty.url)
    assert one_count == fifty_count, (
        f"glossary links: {one_count} queries (1 entry), {fifty_count} (50 entries)"
    )
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        response = client.get(fifty.url)
    html = response.content.decode()
    assert html.count('class="glossary-term"') == 100
    assert html.count('class="glossary-definition"') == 50


# The entry page (backlinks, related entries, forms); articles have their own.
ENTRY_PAGE_BUDGET = 25


def entry_with_usage(article_index, glossary_index, size):
    """An entry used by ``size`` articles, with ``size`` related entries and forms."""
    main = entry(
        glossary_index, f"Principal {size}", *[f"forme {size}-{i}" for i in range(size)]
    )
    for i in range(size):
        ArticlePageFactory(
            parent=article_index,
            title=f"Article {size}-{i}",
            body=[paragraph(f"<p>{term(main)}</p>")],
        )
        related = entry(glossary_index, f"Voisin {size}-{i}")
        GlossaryRelatedEntry.objects.create(page=main, target=related, sort_order=i)
    return main


def test_entry_page_queries_do_not_grow_with_backlinks_and_related(
    client, article_index, glossary_index, django_assert_max_num_queries
):
    small = entry_with_usage(article_index, glossary_index, 2)
    large = entry_with_usage(article_index, glossary_index, 12)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert small_count == large_count, (
        f"glossary entry: {small_count} queries (size 2), {large_count} (size 12)"
    )
    with django_assert_max_num_queries(ENTRY_PAGE_BUDGET):
        response = client.get(large.url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".glossary-entry__backlinks li")) == 12
    assert len(soup.select(".glossary-entry__related li")) == 12
