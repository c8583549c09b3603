"""An article's query count does not grow with its number of glossary links."""

from wagtail.models import Site

import pytest

from glossary.models import GlossarySettings
from tests.factories import ArticlePageFactory
from tests.factories_glossary import entry, paragraph, term
from tests.test_query_budget import ARTICLE_PAGE_BUDGET, count_queries

pytestmark = pytest.mark.django_db


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
    print(f"glossary links: {one_count} queries (1 entry), {fifty_count} (50 entries)")
    assert one_count == fifty_count
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        response = client.get(fifty.url)
    html = response.content.decode()
    assert html.count('class="glossary-term"') == 100
    assert html.count('class="glossary-definition"') == 50
