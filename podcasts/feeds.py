"""The RSS 2.0 feed of a show, for Apple Podcasts, Podcast Index and the rest.

Built with Django's syndication framework: ``PodcastFeedGenerator`` adds the
``itunes``, ``podcast`` (Podcasting 2.0) and ``content`` namespaces to Django's
RSS 2.0 writer, and writes through an XML generator that drops the characters
XML 1.0 forbids, so no title or note can break the document.
"""

import hashlib
import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.http import http_date, quote_etag
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import condition

from wagtail.rich_text import RichText, expand_db_html

from editorial.absolute_urls import absolute_url, site_root_url
from editorial.content import Visibility
from editorial.feeds import StoredItemsMixin
from editorial.item_cache import ItemBatch
from editorial.media import MediaPrivacy
from editorial.rich_text import rich_text_scope
from editorial.typography import typeset_text
from podcasts.categories import split_category
from podcasts.conf import get_setting
from podcasts.validators import xml_safe

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
CHAPTERS_TYPE = "application/json+chapters"
RELATIVE_HREF = re.compile(r'(href|src)="/(?!/)')
# What the feed reads of each episode before its stored XML: the version the
# XML is stored under, and the expiry time the page cache needs.
LISTED_FIELDS = ("id", "live_revision_id", "last_published_at", "expire_at")


def yes_no(value, yes="true", no="false"):
    return yes if value else no


class SafeXMLGenerator(SimplerXMLGenerator):
    """Django's XML writer, dropping XML-illegal characters instead of failing."""

    def characters(self, content):
        super().characters(xml_safe(content) if content else content)

    def startElement(self, name, attrs):
        attrs = {
            key: xml_safe(value) if isinstance(value, str) else value
            for key, value in (attrs or {}).items()
        }
        super().startElement(name, attrs)


class PodcastFeedGenerator(StoredItemsMixin, Rss201rev2Feed):
    def write(self, outfile, encoding):
        handler = SafeXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": ITUNES_NS,
            "xmlns:podcast": PODCAST_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        if feed.get("image"):
            handler.startElement("image", {})
            handler.addQuickElement("url", feed["image"])
            handler.addQuickElement("title", feed["title"])
            handler.addQuickElement("link", feed["link"])
            handler.endElement("image")
            handler.addQuickElement("itunes:image", None, {"href": feed["image"]})
        for category in feed["itunes_categories"]:
            main, sub = split_category(category)
            handler.startElement("itunes:category", {"text": main})
            if sub:
                handler.addQuickElement("itunes:category", None, {"text": sub})
            handler.endElement("itunes:category")
        handler.addQuickElement("itunes:explicit", yes_no(feed["explicit"]))
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:type", feed["show_type"])
        if feed["owner_name"] or feed["owner_email"]:
            handler.startElement("itunes:owner", {})
            if feed["owner_name"]:
                handler.addQuickElement("itunes:name", feed["owner_name"])
            if feed["owner_email"]:
                handler.addQuickElement("itunes:email", feed["owner_email"])
            handler.endElement("itunes:owner")
        if feed["new_feed_url"]:
            handler.addQuickElement("itunes:new-feed-url", feed["new_feed_url"])
        if feed["podcast_guid"]:
            handler.addQuickElement("podcast:guid", feed["podcast_guid"])
        locked = {"owner": feed["owner_email"]} if feed["owner_email"] else {}
        handler.addQuickElement(
            "podcast:locked", yes_no(feed["locked"], "yes", "no"), locked
        )

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])
        handler.addQuickElement("itunes:title", item["title"])
        if item.get("duration") is not None:
            handler.addQuickElement("itunes:duration", str(item["duration"]))
        if item.get("image"):
            handler.addQuickElement("itunes:image", None, {"href": item["image"]})
        if item.get("episode") is not None:
            handler.addQuickElement("itunes:episode", str(item["episode"]))
        if item.get("season") is not None:
            handler.addQuickElement("itunes:season", str(item["season"]))
        handler.addQuickElement("itunes:episodeType", item["episode_type"])
        handler.addQuickElement("itunes:explicit", yes_no(item["explicit"]))
        for transcript in item.get("transcripts", ()):
            handler.addQuickElement("podcast:transcript", None, transcript)
        if item.get("chapters_url"):
            handler.addQuickElement(
                "podcast:chapters",
                None,
                {"url": item["chapters_url"], "type": CHAPTERS_TYPE},
            )
        for person in item.get("people", ()):
            handler.addQuickElement("podcast:person", person["name"], person["attrs"])


class PodcastFeed(Feed):
    feed_type = PodcastFeedGenerator

    def __init__(self, show, request):
        super().__init__()
        self.show = show
        self.request = request
        self.visibility = Visibility.for_request(request)
        self.item_batch = None

    def get_object(self, request, *args, **kwargs):
        # Django reads the feed's language as an attribute, not per object.
        self.language = self.show.language
        return self.show

    def title(self, show):
        return show.title

    def link(self, show):
        return show.get_full_url(request=self.request)

    def feed_url(self, show):
        return show.feed_url

    def description(self, show):
        return show.description

    def feed_copyright(self, show):
        return show.copyright or None

    def feed_extra_kwargs(self, show):
        return {
            "image": show.artwork_url,
            "itunes_categories": show.category_list,
            "explicit": show.explicit,
            "itunes_author": show.author_name,
            "show_type": show.show_type,
            "owner_name": show.owner_name,
            "owner_email": show.owner_email,
            "new_feed_url": show.new_feed_url,
            "podcast_guid": show.feed_guid,
            "locked": get_setting("PRESSROOM_PODCAST_LOCKED"),
        }

    def items(self, show):
        """The episodes the feed lists that no earlier request stored the XML
        of (``editorial.feeds``): the rows are read first, then only the
        missing episodes."""
        rows = show.feed_episodes(self.visibility).only(*LISTED_FIELDS)
        self.item_batch = batch = ItemBatch(
            self.request, f"podcast-feed:{show.pk}", rows
        )
        self.root_url = site_root_url(show, self.request)
        self.show_url = show.get_full_url(request=self.request)
        if not batch.missing:
            return []
        # The episodes' and credits' models, read from the show's episode
        # type: this module imports no model (the show's feed route, in the
        # models, imports it).
        model = rows.model
        credits = model._meta.get_field("credits").related_model
        full = (
            model.objects.filter(pk__in=[row.pk for row in batch.missing_rows()])
            .select_related("audio", "artwork", "transcript_document")
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=credits.objects.select_related("person").prefetch_related(
                        "person__links"
                    ),
                ),
                "chapters",
            )
            .in_bulk()
        )
        episodes = []
        for index in list(batch.missing):
            episode = full.get(batch.rows[index].pk)
            if episode is None:  # (deleted since the rows were read)
                batch.forget(index)
                continue
            episodes.append(episode)
        # Page links of every episode's notes are loaded in one query; what
        # each one's notes show (linked pages) is kept with its item.
        with rich_text_scope([RichText(e.show_notes) for e in episodes]):
            for index, episode in zip(batch.missing, episodes, strict=True):
                episode.feed_notes = batch.render(
                    index,
                    lambda episode=episode: self._absolute_links(
                        expand_db_html(episode.show_notes)
                    ),
                )
        # Private transcript files are left out, the collections read once.
        privacy = MediaPrivacy()
        for episode in episodes:
            document = episode.transcript_document
            episode.public_transcript_document = (
                document if privacy.allows(document) else None
            )
        return episodes

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The generator writes the stored items and stores the others.
        feed.item_batch = self.item_batch
        return feed

    def _absolute_links(self, html):
        root = absolute_url("/", self.root_url)
        return RELATIVE_HREF.sub(lambda m: f'{m.group(1)}="{root}', html)

    def _episode_url(self, episode):
        return f"{self.show_url}{episode.slug}/"

    def item_title(self, episode):
        return typeset_text(episode.title, episode)

    def item_description(self, episode):
        return typeset_text(
            episode.summary or episode.search_description or episode.title, episode
        )

    def item_link(self, episode):
        return self._episode_url(episode)

    def item_guid(self, episode):
        return str(episode.guid)

    item_guid_is_permalink = False

    def item_pubdate(self, episode):
        return episode.pub_datetime

    def item_updateddate(self, episode):
        return episode.last_published_at

    def item_enclosures(self, episode):
        audio = episode.audio
        return [
            Enclosure(
                episode.published_audio_url("feed", self.root_url)
                or absolute_url(audio.file.url, self.root_url),
                str(audio.file_size),
                audio.mime_type,
            )
        ]

    def item_extra_kwargs(self, episode):
        url = self._episode_url(episode)
        transcripts = []
        if episode.public_transcript_document:
            # A timed WebVTT/SubRip file doubles as closed captions.
            transcripts.append(
                {
                    "url": url + "transcript/",
                    "type": episode.transcript_type,
                    "rel": "captions",
                }
            )
        if episode.transcript_text:
            transcripts.append({"url": url + "transcript/text/", "type": "text/plain"})
        people = []
        for credit in episode.credits.all():
            attrs = {"role": credit.role}
            links = list(credit.person.links.all())
            if links:
                attrs["href"] = links[0].url
            people.append({"name": credit.person.name, "attrs": attrs})
        return {
            "content_encoded": episode.feed_notes,
            "duration": episode.audio.duration_seconds,
            "image": absolute_url(episode.artwork.file.url, self.root_url)
            if episode.artwork_id
            else None,
            "episode": episode.episode_number,
            "season": episode.season_number,
            "episode_type": episode.episode_type,
            "explicit": episode.explicit,
            "transcripts": transcripts,
            "chapters_url": url + "chapters/" if episode.chapters.all() else None,
            "people": people,
        }


def feed_validators(show, visibility):
    """ETag and Last-Modified of the feed, from one aggregate query: they change
    whenever the show or a listed episode is published, an episode appears or
    disappears, or an audio file is replaced."""
    # The listed episodes only (bounded): the fingerprint changes when one
    # enters or leaves the newest N, is republished or gets new audio.
    listed = list(
        show.feed_episodes(visibility).values_list(
            "pk", "last_published_at", "audio__updated_at"
        )
    )
    moments = [show.last_published_at] + [
        moment for _pk, published, audio in listed for moment in (published, audio)
    ]
    moments = [m for m in moments if m]
    last_modified = max(moments) if moments else timezone.now()
    fingerprint = "|".join(
        str(part)
        for part in (
            show.pk,
            show.last_published_at,
            *(p for row in listed for p in row),
        )
    )
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return etag, last_modified.replace(microsecond=0)


def serve_feed(request, show):
    """The feed, answering conditional GETs (ETag / Last-Modified) with 304."""
    etag, last_modified = feed_validators(show, Visibility.for_request(request))

    @condition(etag_func=lambda r: etag, last_modified_func=lambda r: last_modified)
    def view(request):
        response = PodcastFeed(show, request)(request)
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
        response.headers["ETag"] = quote_etag(etag)
        return response

    return view(request)
