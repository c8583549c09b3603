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


@pytest.mark.django_db
def test_demo_podcast_details_load_once_and_feed_parses(client):
    call_command("load_demo_publication", "--no-user", verbosity=0)
    first = podcast_counts()
    call_command("load_demo_publication", "--no-user", verbosity=0)
    assert podcast_counts() == first
    assert first[:4] == [6, 7, 5, 3]
    show = PodcastShowPage.objects.get()
    assert show.podcast_guid is not None
    parsed = feedparser.parse(client.get(show.url + "feed/").content)
    assert not parsed.bozo
    assert len(parsed.entries) == 3
    assert all(entry.enclosures for entry in parsed.entries)
