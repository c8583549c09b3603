"""The article's context reads its stored credits and audio version by their
compiled queries without building the related managers' querysets, and still
reads what a draft holds in memory; the feed links are reversed once per
URLconf, script prefix and language."""

from django.test import override_settings
from django.urls import clear_url_caches, reverse, set_script_prefix

import pytest

from articles.models import ArticleContributor, ArticlePage
from articles.models.article import _feed_urls
from editorial.models import PlayableVersion
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory
from tests.factories_articles import PersonFactory, credit

pytestmark = pytest.mark.django_db


def test_stored_credits_and_a_drafts_credits(article_index):
    claire, bruno = PersonFactory(name="Claire"), PersonFactory(name="Bruno")
    article = credit(ArticlePageFactory(parent=article_index), claire, bruno)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert [c.person.name for c in stored.credited_contributors] == ["Claire", "Bruno"]
    assert all(c.page is stored for c in stored.credited_contributors)
    # A draft's credits (held in memory) are the ones shown.
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.contributors = [ArticleContributor(person=bruno, sort_order=0)]
    assert [c.person.name for c in draft.credited_contributors] == ["Bruno"]
    # Prefetched credits are used as they are.
    (prefetched,) = ArticlePage.objects.filter(pk=article.pk).prefetch_related(
        "contributors__person"
    )
    assert [c.person.name for c in prefetched.credited_contributors] == [
        "Claire",
        "Bruno",
    ]
    # An unsaved page without credits.
    assert ArticlePageFactory.build().credited_contributors == []


def test_stored_audio_version_and_a_drafts(article_index, show):
    first = PodcastEpisodePageFactory(parent=show, title="Première")
    second = PodcastEpisodePageFactory(parent=show, title="Seconde")
    article = ArticlePageFactory(parent=article_index, audio_episode=first)
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.playable_version_page.pk == first.pk
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.playable_versions = [PlayableVersion(playable=second)]
    assert draft.playable_version_page.pk == second.pk
    without = ArticlePage.objects.get(pk=article.pk)
    without.playable_versions = []
    assert without.playable_version_page is None
    assert ArticlePageFactory.build().playable_version_page is None


def test_feed_links_follow_script_prefix_language_and_urlconf(article_index):
    article = ArticlePageFactory(parent=article_index)
    links = article.feed_links()
    assert [url for _title, _type, url in links] == [
        reverse("articles:rss"),
        reverse("articles:atom"),
    ]
    set_script_prefix("/sous-site/")
    try:
        assert all(
            url.startswith("/sous-site/") for _title, _type, url in article.feed_links()
        )
    finally:
        set_script_prefix("/")
    assert article.feed_links() == links
    # A project that does not mount the feeds advertises none.
    with override_settings(ROOT_URLCONF="tests.urls_without_feeds"):
        clear_url_caches()
        try:
            assert _feed_urls() is None
            assert article.feed_links() == []
        finally:
            clear_url_caches()
    assert article.feed_links() == links
