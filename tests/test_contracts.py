"""Editorial's contracts, which the apps fill in from their ready(): the
rich-text features they contribute and the playable content they provide."""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from wagtail.models import Page

import pytest

from editorial import rich_text_features
from editorial.blocks import RICH_TEXT_FEATURES, PlayableChooserBlock
from editorial.playable import embed_data, is_playable, playable_types
from editorial.rich_text_features import LongFormFeatures
from glossary.rich_text import FEATURE_NAME
from podcasts.models import PodcastEpisodePage
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory
from tests.factories_podcasts import fixed_audio


def test_editorial_lists_no_app_feature_the_glossary_contributes_its_own():
    from editorial.conf import DEFAULTS

    assert FEATURE_NAME not in DEFAULTS["PRESSROOM_RICH_TEXT_FEATURES"]
    assert FEATURE_NAME in rich_text_features.contributed_features()
    assert RICH_TEXT_FEATURES[-1] == FEATURE_NAME


def test_long_form_features_follow_the_setting_and_deconstruct_to_themselves():
    with override_settings(PRESSROOM_RICH_TEXT_FEATURES=["bold"]):
        assert list(RICH_TEXT_FEATURES) == ["bold", FEATURE_NAME]
    assert "h2" in RICH_TEXT_FEATURES
    # Migrations write the class, not the features of the site that made them.
    assert LongFormFeatures().deconstruct() == (
        "editorial.rich_text_features.LongFormFeatures",
        (),
        {},
    )


def test_without_the_glossary_no_glossary_feature(monkeypatch):
    monkeypatch.setattr(rich_text_features, "_contributed", [])
    assert FEATURE_NAME not in LongFormFeatures()


def test_podcasts_registers_its_episodes_as_playable():
    assert playable_types.labels() == ["podcasts.PodcastEpisodePage"]


def test_a_page_without_the_embed_interface_cannot_be_registered():
    from articles.models import ArticleIndexPage

    with pytest.raises(ImproperlyConfigured):
        playable_types.register(ArticleIndexPage)


@pytest.mark.django_db
def test_embed_data_only_for_playable_pages(show, article_index):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    article = ArticlePageFactory(parent=article_index)
    assert is_playable(episode) and not is_playable(article)
    data = embed_data(Page.objects.get(pk=episode.pk))
    assert data["id"] == episode.pk and data["enclosure"]["type"] == "audio/mpeg"
    assert embed_data(article) is None
    assert embed_data(None) is None


@pytest.mark.django_db
def test_playable_chooser_takes_only_registered_types(show, article_index, monkeypatch):
    block = PlayableChooserBlock()
    assert block.target_model is PodcastEpisodePage
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    assert block.clean(episode) == episode
    with pytest.raises(ValidationError):
        block.clean(ArticlePageFactory(parent=article_index))
    # No app provides playable content: the chooser accepts no page.
    monkeypatch.setattr(playable_types, "_models", {})
    assert block.target_model is Page
    with pytest.raises(ValidationError):
        block.clean(Page.objects.get(pk=episode.pk))


@pytest.mark.django_db
def test_no_audio_version_without_playable_content(show, article_index, monkeypatch):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    article = ArticlePageFactory(parent=article_index, audio_episode=episode)
    assert article.audio_version["id"] == episode.pk
    monkeypatch.setattr(playable_types, "_models", {})
    fresh = type(article).objects.get(pk=article.pk)
    assert fresh.audio_version is None


@pytest.mark.django_db
def test_auto_linking_option_only_with_an_app_that_links_terms(
    admin_client, article_index, monkeypatch
):
    from editorial import rich_text

    url = f"/admin/pages/add/articles/articlepage/{article_index.pk}/"
    assert 'name="auto_link_terms"' in admin_client.get(url).content.decode()
    # Without the glossary's paragraph filter, the option is not in the form.
    monkeypatch.setattr(rich_text, "_paragraph_filters", [])
    assert 'name="auto_link_terms"' not in admin_client.get(url).content.decode()


@pytest.mark.django_db
def test_the_one_link_shows_on_both_pages(client, show, article_index):
    """Chosen on the article's side, the link gives the article its audio bar
    and the episode its "Read the article" list."""
    from bs4 import BeautifulSoup

    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    article = ArticlePageFactory(
        parent=article_index, title="L'article lu", audio_episode=episode
    )
    article_page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert article_page.select_one(".podcast-bar") is not None
    episode_page = BeautifulSoup(client.get(episode.url).content, "html.parser")
    section = episode_page.select_one(
        'section[aria-labelledby="linked-articles-title"]'
    )
    assert [a.get_text() for a in section.select("a")] == ["L'article lu"]
    assert section.select_one("a")["href"] == article.full_url


@pytest.mark.django_db
def test_a_new_link_purges_both_pages(show, article_index, monkeypatch):
    from editorial import cache_tags, page_cache_signals
    from editorial.models import PlayableVersion

    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    article = ArticlePageFactory(parent=article_index)
    purged = []
    monkeypatch.setattr(page_cache_signals, "schedule_purge", purged.append)
    link = PlayableVersion.objects.create(page=article, playable=episode)
    link.delete()
    both = {cache_tags.page_tag(article.pk), cache_tags.page_tag(episode.pk)}
    assert purged == [both, both]
