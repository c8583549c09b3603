"""An episode's show as the listing cache keeps it (``show_page``): its
subscribe links as ``(platform, url)`` rows, read back without a query and
labelled in the language of each render, the RSS one with the show's feed."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from podcasts.models import PodcastEpisodePage
from tests.factories import PodcastEpisodePageFactory
from tests.factories_podcasts import subscribe_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(show):
    subscribe_links(
        show,
        ("email", "mailto:podcast@example.com"),
        ("rss", ""),
        ("apple", "https://podcasts.apple.com/x"),
    )
    return PodcastEpisodePageFactory(parent=show, title="Un épisode")


def cached_show(episode):
    return PodcastEpisodePage.objects.get(pk=episode.pk).show_page


def test_cached_show_lists_its_links_without_a_query(episode, show):
    cache.clear()
    cached_show(episode)  # fills the cache
    again = cached_show(episode)
    assert again.pk == show.pk and again.title == show.title
    feed_url = show.feed_url
    with CaptureQueriesContext(connection) as queries, translation.override("fr"):
        french = again.subscribe_link_list
    # The feed's URL may ask for the site; the links are not read again.
    assert not [q for q in queries if "subscribelink" in q["sql"].lower()]
    assert french == [
        {"platform": "email", "label": "E-mail", "url": "mailto:podcast@example.com"},
        {"platform": "rss", "label": "RSS", "url": feed_url},
        {
            "platform": "apple",
            "label": "Apple Podcasts",
            "url": "https://podcasts.apple.com/x",
        },
    ]
    # The same as the show read from the database.
    with translation.override("fr"):
        assert type(show).objects.get(pk=show.pk).subscribe_link_list == french


def test_labels_follow_the_active_language(episode, show):
    cache.clear()
    cached_show(episode)
    with translation.override("en"):
        english = cached_show(episode).subscribe_link_list
    with translation.override("fr"):
        french = cached_show(episode).subscribe_link_list
    assert [link["url"] for link in english] == [link["url"] for link in french]
    assert english[0]["label"] == "E-mail"
    with translation.override("en"):
        assert english == type(show).objects.get(pk=show.pk).subscribe_link_list


def test_a_show_without_links(show, django_assert_num_queries):
    episode = PodcastEpisodePageFactory(parent=show, title="Seul")
    cache.clear()
    cached_show(episode)
    again = cached_show(episode)
    with django_assert_num_queries(0):
        assert again.subscribe_link_list == []
