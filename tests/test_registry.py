"""The registry lets editorial query every content type without importing the apps."""

from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Site

import pytest

from editorial.content import Visibility
from editorial.registry import content_types
from site_config.models import HomePage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    Tag,
    make_private,
    tag,
)


def test_each_app_registers_its_content_type():
    assert content_types.labels() == [
        "articles.ArticlePage",
        "glossary.GlossaryEntryPage",
        "podcasts.PodcastEpisodePage",
    ]


def test_only_editorial_pages_can_register():
    with pytest.raises(ImproperlyConfigured):
        content_types.register(HomePage)


def test_one_tag_vocabulary_across_types(article_index, glossary_index, show):
    article = tag(ArticlePageFactory(parent=article_index), "B2B")
    entry = tag(GlossaryEntryPageFactory(parent=glossary_index), "b2b")
    episode = tag(PodcastEpisodePageFactory(parent=show), "B2B")
    # TAGGIT_CASE_INSENSITIVE: one Tag row shared by the three types.
    assert Tag.objects.count() == 1
    shared = Tag.objects.get()
    assert {p.pk for p in article.__class__.objects.filter(tags=shared)} == {article.pk}
    visibility = Visibility(Site.objects.get(is_default_site=True))
    rows = list(visibility.tagged(shared))
    assert {row[0] for row in rows} == {article.pk, entry.pk, episode.pk}
    assert visibility.tag_counts() == {shared.pk: 3}


def test_tag_counts_skip_drafts_private_and_other_sites(
    article_index, show, other_site
):
    tag(ArticlePageFactory(parent=article_index), "abm")
    tag(ArticlePageFactory(parent=article_index, live=False), "abm")
    private = tag(PodcastEpisodePageFactory(parent=show), "abm")
    make_private(private)
    elsewhere = ArticleIndexPageFactory(parent=other_site, slug="x")
    tag(ArticlePageFactory(parent=elsewhere), "abm")
    visibility = Visibility(Site.objects.get(is_default_site=True))
    assert visibility.tag_counts() == {Tag.objects.get(name="abm").pk: 1}
