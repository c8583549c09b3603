"""The show's RSS feed, parsed back with ElementTree and feedparser, field by field."""

import datetime
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from django.utils import timezone

import feedparser
import pytest

from podcasts.feeds import CHAPTERS_TYPE
from podcasts.models import PodcastShowPage
from tests.factories import PodcastEpisodePageFactory, make_private
from tests.factories_podcasts import (
    artwork,
    chapters,
    fixed_audio,
    person,
    quick_episodes,
    subscribe_links,
    transcript_document,
)

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
FEED = "/podcast/feed/"


def configure(show, **fields):
    for name, value in fields.items():
        setattr(show, name, value)
    show.save_revision().publish()
    return PodcastShowPage.objects.get(pk=show.pk)


@pytest.fixture
def full_show(show):
    show = configure(
        show,
        description="Le podcast du marketing B2B.",
        artwork=artwork(),
        author="Pressroom Média",
        owner_name="Claire Morvan",
        owner_email="podcast@example.com",
        language="fr",
        primary_category="Business > Marketing",
        secondary_category="Technology",
        explicit=False,
        show_type="episodic",
        copyright="© 2026 Pressroom",
    )
    subscribe_links(show, ("apple", "https://podcasts.apple.com/fr/podcast/x"))
    return show


@pytest.fixture
def episode(full_show):
    episode = PodcastEpisodePageFactory(
        parent=full_show,
        title="Former son écosystème",
        slug="former",
        audio=fixed_audio(duration_seconds=464, file_size=5_100_000),
        episode_number=12,
        season_number=2,
        episode_type="full",
        explicit=True,
        summary="Au-delà des salariés.",
        show_notes="<p>Les <b>notes</b> de l'épisode.</p>",
        publication_date=datetime.date(2024, 9, 9),
        transcript_document=transcript_document(),
        transcript_text="Bonjour et bienvenue.",
    )
    chapters(episode, (0, "Introduction"), (95, "L'écosystème"))
    person("Claire Morvan", role="host", episode=episode, link="https://claire.example")
    person("Paul Guest", role="guest", episode=episode)
    return episode


def channel_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


@pytest.mark.django_db
def test_channel_fields(client, full_show, episode):
    channel = channel_of(client.get(FEED))
    assert channel.findtext("title") == "Le podcast"
    assert channel.findtext("description") == "Le podcast du marketing B2B."
    assert channel.findtext("link") == "http://localhost/podcast/"
    assert channel.findtext("language") == "fr"
    assert channel.findtext("copyright") == "© 2026 Pressroom"
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://localhost/podcast/feed/"
    image = channel.find("itunes:image", NS).get("href")
    assert image.startswith("http://localhost/media/original_images/")
    categories = channel.findall("itunes:category", NS)
    assert [c.get("text") for c in categories] == ["Business", "Technology"]
    assert categories[0].find("itunes:category", NS).get("text") == "Marketing"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    assert channel.findtext("itunes:author", namespaces=NS) == "Pressroom Média"
    owner = channel.find("itunes:owner", NS)
    assert owner.findtext("itunes:name", namespaces=NS) == "Claire Morvan"
    assert owner.findtext("itunes:email", namespaces=NS) == "podcast@example.com"
    assert channel.findtext("itunes:type", namespaces=NS) == "episodic"
    guid = channel.findtext("podcast:guid", namespaces=NS)
    expected = uuid.uuid5(
        uuid.UUID("ead4c236-bf58-58c6-a2c6-a1b28d128cb6"), "localhost/podcast/feed"
    )
    assert guid == str(expected) == str(full_show.podcast_guid)
    locked = channel.find("podcast:locked", NS)
    assert locked.text == "yes" and locked.get("owner") == "podcast@example.com"
    assert channel.find("itunes:new-feed-url", NS) is None


@pytest.mark.django_db
def test_item_fields(client, episode):
    (item,) = channel_of(client.get(FEED)).findall("item")
    assert item.findtext("title") == "Former son écosystème"
    assert item.findtext("link") == "http://localhost/podcast/former/"
    assert item.findtext("description") == "Au-delà des salariés."
    assert "<b>notes</b>" in item.findtext("content:encoded", namespaces=NS)
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == episode.published_audio_url("feed")
    assert enclosure.get("url") == (
        f"http://localhost/podcasts/audio/{episode.pk}/feed/fixed.mp3"
    )
    assert enclosure.get("length") == "5100000"
    assert enclosure.get("type") == "audio/mpeg"
    guid = item.find("guid")
    assert guid.text == str(episode.guid)
    assert guid.get("isPermaLink") == "false"
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert timezone.localtime(published).date() == datetime.date(2024, 9, 9)
    assert item.findtext("itunes:duration", namespaces=NS) == "464"
    assert item.findtext("itunes:episode", namespaces=NS) == "12"
    assert item.findtext("itunes:season", namespaces=NS) == "2"
    assert item.findtext("itunes:episodeType", namespaces=NS) == "full"
    assert item.findtext("itunes:explicit", namespaces=NS) == "true"
    transcripts = {
        t.get("type"): t.get("url") for t in item.findall("podcast:transcript", NS)
    }
    assert transcripts == {
        "text/vtt": "http://localhost/podcast/former/transcript/",
        "text/plain": "http://localhost/podcast/former/transcript/text/",
    }
    assert item.find("podcast:transcript", NS).get("rel") == "captions"
    chapters_el = item.find("podcast:chapters", NS)
    assert chapters_el.get("url") == "http://localhost/podcast/former/chapters/"
    assert chapters_el.get("type") == CHAPTERS_TYPE
    people = [
        (p.text, p.get("role"), p.get("href"))
        for p in item.findall("podcast:person", NS)
    ]
    assert people == [
        ("Claire Morvan", "host", "https://claire.example"),
        ("Paul Guest", "guest", None),
    ]


@pytest.mark.django_db
def test_feedparser_reads_the_feed(client, episode):
    parsed = feedparser.parse(client.get(FEED).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    feed = parsed.feed
    assert feed.title == "Le podcast"
    assert feed.language == "fr"
    # feedparser only knows the old "yes"/"clean" values of itunes:explicit;
    # Apple's current "true"/"false" is checked with ElementTree above.
    assert feed.publisher_detail.name == "Claire Morvan"
    assert feed.publisher_detail.email == "podcast@example.com"
    assert feed.image.href.startswith("http://localhost/media/original_images/")
    assert [t.term for t in feed.tags] == ["Business", "Marketing", "Technology"]
    (entry,) = parsed.entries
    assert entry.title == "Former son écosystème"
    assert entry.id == str(episode.guid)
    assert entry.guidislink is False
    assert entry.itunes_duration == "464"
    assert entry.itunes_episode == "12"
    assert entry.itunes_season == "2"
    assert entry.itunes_episodetype == "full"
    (enclosure,) = entry.enclosures
    assert (enclosure.href, enclosure.length, enclosure.type) == (
        episode.published_audio_url("feed"),
        "5100000",
        "audio/mpeg",
    )
    assert entry.published_parsed[:3] == (2024, 9, 9)
    assert "<b>notes</b>" in entry.content[0].value


@pytest.mark.django_db
def test_hostile_text_still_gives_well_formed_xml(client, show):
    # (NUL cannot reach the database: forms refuse it and PostgreSQL cannot
    # store it; the XML writer drops it too, see the test below.)
    nasty = "A < B & C ]]> <![CDATA[ x ]]> \x01\x08\x0b\x0c\x1f\ufffe fin"
    show = configure(show, title=nasty, description=nasty)
    PodcastEpisodePageFactory(
        parent=show,
        title=nasty,
        summary=nasty,
        show_notes=f"<p>{nasty.replace('<', '&lt;').replace('&', '&amp;')}</p>",
        audio=fixed_audio(),
    )
    content = client.get(FEED).content
    channel = ET.fromstring(content).find("channel")
    clean = "A < B & C ]]> <![CDATA[ x ]]>  fin"
    assert channel.findtext("title") == clean
    assert channel.find("item").findtext("title") == clean
    assert channel.find("item").findtext("description") == clean
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries[0].title == clean


def test_xml_writer_drops_every_illegal_character():
    from io import StringIO

    from podcasts.feeds import SafeXMLGenerator

    out = StringIO()
    handler = SafeXMLGenerator(out, "utf-8")
    handler.startDocument()
    handler.addQuickElement("t", "a\x00b\x1fc\ud800d]]>&<", {"x": "\x00y\x07"})
    element = ET.fromstring(out.getvalue().split("?>", 1)[1])
    assert element.text == "abcd]]>&<"
    assert element.get("x") == "y"


@pytest.mark.django_db
def test_only_live_public_episodes_whose_time_has_come(client, show, other_site):
    PodcastEpisodePageFactory(parent=show, title="Visible", audio=fixed_audio())
    PodcastEpisodePageFactory(parent=show, title="Brouillon", live=False)
    make_private(PodcastEpisodePageFactory(parent=show, title="Privé"))
    future = PodcastEpisodePageFactory(parent=show, title="Futur")
    # A live page whose go-live time lies ahead (set outside the admin).
    future.go_live_at = timezone.now() + datetime.timedelta(days=2)
    future.save()
    other_show = type(show)(title="Autre", slug="autre-podcast", description="x")
    other_site.add_child(instance=other_show)
    other_show.save_revision().publish()
    PodcastEpisodePageFactory(parent=other_show, title="Ailleurs")
    titles = [i.findtext("title") for i in channel_of(client.get(FEED)).findall("item")]
    assert titles == ["Visible"]


@pytest.mark.django_db
def test_private_or_unpublished_show_has_no_feed(client, show):
    make_private(show)
    assert client.get(FEED).status_code in (401, 403, 200)
    assert b"<rss" not in client.get(FEED).content
    show.unpublish()
    assert client.get(FEED).status_code == 404


@pytest.mark.django_db
def test_new_feed_url_and_unlocked(client, show, settings):
    settings.PRESSROOM_PODCAST_LOCKED = False
    configure(show, new_feed_url="https://new.example/feed.xml")
    channel = channel_of(client.get(FEED))
    assert channel.findtext("itunes:new-feed-url", namespaces=NS) == (
        "https://new.example/feed.xml"
    )
    assert channel.findtext("podcast:locked", namespaces=NS) == "no"


@pytest.mark.django_db
def test_conditional_get(client, show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    first = client.get(FEED)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    # Publishing a change gives a new ETag and a full response.
    episode.title = "Nouveau titre"
    episode.save_revision().publish()
    changed = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # A new episode too.
    etag = changed["ETag"]
    PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_feed_is_advertised_on_show_and_episode_pages(client, show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    for url in (show.url, episode.url):
        html = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" title="Le podcast" '
            'href="http://localhost/podcast/feed/">'
        ) in html


def count_feed_queries(client, django_assert_max_num_queries, budget):
    client.get(FEED)  # (warms the per-process caches: site root paths and the like)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(FEED)
    assert response.status_code == 200
    return len(captured), response


# Counts what rendering costs: the page cache (hits cost no query) is off.
@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_episodes(
    client, show, django_assert_max_num_queries
):
    subscribe_links(show, ("apple", "https://podcasts.apple.com/x"))
    audio = fixed_audio()
    episodes = quick_episodes(show, 10, audio=audio)
    for episode in episodes[:3]:
        person("Claire Morvan", role="host", episode=episode, link="https://c.example")
        chapters(episode, (0, "Début"))
    small, response = count_feed_queries(client, django_assert_max_num_queries, 15)
    assert response.content.count(b"<item>") == 10
    more = quick_episodes(
        show, 490, audio=audio, start=datetime.date(2022, 1, 1), prefix="plus"
    )
    for episode in more[-20:]:  # (among the newest: listed in the feed)
        person("Paul Guest", role="guest", episode=episode)
        chapters(episode, (0, "Début"), (60, "Suite"))
    large, response = count_feed_queries(client, django_assert_max_num_queries, 15)
    # The newest 100 (PRESSROOM_PODCAST_FEED_LIMIT's default) of 500.
    assert response.content.count(b"<item>") == 100
    assert large == small


@pytest.mark.django_db
def test_feed_lists_the_newest_episodes_up_to_the_limit(client, show, settings):
    settings.PRESSROOM_PODCAST_FEED_LIMIT = 3
    audio = fixed_audio()
    quick_episodes(show, 5, audio=audio, start=datetime.date(2024, 1, 1))
    hidden = PodcastEpisodePageFactory(
        parent=show,
        audio=audio,
        slug="brouillon",
        live=False,
        publication_date=datetime.date(2030, 1, 1),
    )
    first = client.get(FEED)
    dates = [
        parsedate_to_datetime(item.findtext("pubDate")).date()
        for item in channel_of(first).findall("item")
    ]
    # The newest three visible ones, newest first; the draft is never counted.
    assert len(dates) == 3 and dates == sorted(dates, reverse=True)
    assert b"brouillon" not in first.content
    assert min(dates) > datetime.date(2024, 1, 2)
    # An episode entering the newest three changes the validators.
    etag = first["ETag"]
    hidden.save_revision().publish()
    again = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and b"brouillon" in again.content
    assert again.content.count(b"<item>") == 3


def test_feed_writes_apple_english_categories_whatever_the_language(client, show):
    """The choices have French labels in the admin; the feed keeps Apple's
    English names, which podcast apps match exactly."""
    from django.utils import translation

    configure(
        show,
        primary_category="Sports > Soccer",
        secondary_category="Kids & Family > Parenting",
    )
    with translation.override("fr"):
        response = client.get(FEED, HTTP_ACCEPT_LANGUAGE="fr")
    channel = channel_of(response)
    categories = channel.findall("itunes:category", NS)
    assert [c.get("text") for c in categories] == ["Sports", "Kids & Family"]
    assert [c.find("itunes:category", NS).get("text") for c in categories] == [
        "Soccer",
        "Parenting",
    ]
    assert "Football" not in response.text and "Parentalité" not in response.text
