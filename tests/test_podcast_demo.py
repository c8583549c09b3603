"""The demo publication gives the podcast its directory fields, subscribe links
and episode extras, once."""

from django.core.management import call_command

import feedparser
import pytest

from editorial.models import Person, PlayableVersion
from podcasts.models import (
    EpisodeChapter,
    EpisodePerson,
    PodcastShowPage,
    PodcastSubscribeLink,
)
from site_config.demo import content


def podcast_counts():
    return [
        model.objects.count()
        for model in (
            PodcastSubscribeLink,
            EpisodeChapter,
            EpisodePerson,
            PlayableVersion,
            Person,
        )
    ]


def expected_podcast_counts():
    """Subscribe links, chapters, credits and (article, episode) playable
    versions the demo's data defines: each loaded once, and all of them."""
    details = content.EPISODE_DETAILS.values()
    # An article's own audio pick and an episode's "articles" may name the
    # same pair: it is stored once.
    playable_pairs = {
        (article["slug"], article["audio_episode"])
        for article in content.ARTICLES
        if article.get("audio_episode")
    } | {
        (article, f"episode:{slug}")
        for slug, data in content.EPISODE_DETAILS.items()
        for article in data["articles"]
    }
    return [
        len(content.PODCAST_DETAILS["subscribe_links"]),
        sum(len(data["chapters"]) for data in details),
        sum(len(data["people"]) for data in details),
        len(playable_pairs),
    ]


@pytest.mark.django_db
def test_demo_podcast_details_load_once_and_feed_parses(client):
    call_command("load_demo_publication", "--no-user", verbosity=0)
    first = podcast_counts()
    call_command("load_demo_publication", "--no-user", verbosity=0)
    assert podcast_counts() == first
    assert first[:4] == expected_podcast_counts()
    show = PodcastShowPage.objects.get()
    assert show.podcast_guid is not None
    parsed = feedparser.parse(client.get(show.url + "feed/").content)
    assert not parsed.bozo
    assert len(parsed.entries) == len(content.EPISODES)
    assert all(entry.enclosures for entry in parsed.entries)
