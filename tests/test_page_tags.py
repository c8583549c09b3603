"""Every content page reads its tags through one accessor,
``EditorialPageMixin.loaded_tags``: the tags as a list, read once per render,
shown as links to their tag pages."""

import pytest
from bs4 import BeautifulSoup

from articles.models import ArticlePage
from glossary.models import GlossaryEntryPage
from podcasts.models import PodcastEpisodePage
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory, tag
from tests.factories_glossary import entry
from tests.factories_podcasts import fixed_audio


@pytest.fixture
def pages(article_index, glossary_index, show):
    pages = [
        ArticlePageFactory(parent=article_index),
        entry(glossary_index, "B2B"),
        PodcastEpisodePageFactory(parent=show, audio=fixed_audio()),
    ]
    for page in pages:
        tag(page, "Lead", "Marketing")
    return pages


def test_each_page_type_links_its_tags(client, pages):
    for page in pages:
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        links = soup.select('.tag-list a[rel="tag"]')
        assert sorted(link.get_text() for link in links) == ["Lead", "Marketing"]
        assert {link["href"] for link in links} == {"/tags/lead/", "/tags/marketing/"}


@pytest.mark.parametrize("model", [ArticlePage, GlossaryEntryPage, PodcastEpisodePage])
def test_loaded_tags_are_read_once(pages, model, django_assert_num_queries):
    page = model.objects.get(pk=next(p.pk for p in pages if isinstance(p, model)))
    with django_assert_num_queries(1):
        names = sorted(tag.name for tag in page.loaded_tags)
        # The manager answers from what was read (the see-also panel asks it).
        again = sorted(tag.name for tag in page.tags.all())
        assert page.loaded_tags is page.loaded_tags
    assert names == again == ["Lead", "Marketing"]
