"""RSS 2.0 and Atom feeds of the articles: all of them, one tag's, one
contributor's. Built with Django's syndication framework; only what readers of
the requesting site may see (``Visibility``)."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from taggit.models import Tag

from articles.models import (
    ArticleContributor,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
)
from editorial.blocks import prefetch_streams
from editorial.conf import get_setting
from editorial.content import Visibility
from editorial.feeds import StoredItemsMixin
from editorial.item_cache import ItemBatch
from editorial.models import Person
from editorial.rich_text import preload_stream_links, shared_links
from editorial.typography import content_language, typeset_text

# Items per feed: feed readers poll often and keep their own history.
FEED_ITEMS = 20
# What the feed reads of each article before its stored XML: the version
# the XML is stored under, and the expiry time the page cache needs.
LISTED_FIELDS = ("id", "live_revision_id", "last_published_at", "expire_at")


URL_ATTRIBUTE = re.compile(r'(?P<attr>\b(?:href|src|srcset|cite))="(?P<value>[^"]*)"')


def absolute_urls(html, root):
    """Feed readers resolve no relative URL: make ``/path`` links, image
    sources and ``srcset`` entries absolute."""

    def fix(url):
        return root + url if url.startswith("/") and not url.startswith("//") else url

    def replace(match):
        value = match["value"]
        if match["attr"] == "srcset":
            value = ", ".join(
                " ".join(
                    [fix(part.strip().split(" ")[0]), *part.strip().split(" ")[1:]]
                )
                for part in value.split(",")
                if part.strip()
            )
        else:
            value = fix(value)
        return f'{match["attr"]}="{value}"'

    return URL_ATTRIBUTE.sub(replace, html)


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class StoredItemsRssFeed(StoredItemsMixin, Rss201rev2Feed):
    pass


class StoredItemsAtomFeed(StoredItemsMixin, Atom1Feed):
    pass


class ArticleFeed(Feed):
    """RSS 2.0 feed of articles, newest first; ``kind`` narrows it to a tag or
    a contributor. Each item's XML is kept between requests
    (``editorial.feeds``)."""

    feed_type = StoredItemsRssFeed

    @property
    def language(self):
        # The articles' language, not the reader's interface language
        # (Django's default): an English reader's feed is still French.
        return content_language()

    def get_object(self, request, kind=None, slug=None):
        visibility = Visibility.for_request(request)
        if visibility.site is None:
            raise Http404
        # A tag or contributor that no visible article carries has no feed,
        # as it has no tag page: a 404 tells nothing of hidden articles.
        visible = visibility.pages(ArticlePage).values("pk")
        subject = None
        if kind == "tag":
            subject = get_object_or_404(
                Tag.objects.filter(
                    pk__in=ArticlePageTag.objects.filter(
                        content_object__in=visible
                    ).values("tag_id")
                ),
                slug=slug,
            )
        elif kind == "contributor":
            subject = get_object_or_404(
                Person.objects.filter(
                    pk__in=ArticleContributor.objects.filter(page__in=visible).values(
                        "person_id"
                    )
                ),
                slug=slug,
            )
        # The instance serves every request: per-request state lives in obj.
        return {
            "kind": kind,
            "subject": subject,
            "visibility": visibility,
            "request": request,
        }

    # -- channel --------------------------------------------------------------

    def title(self, obj):
        site_name = obj["visibility"].site.site_name or obj["visibility"].site.hostname
        if obj["kind"] == "tag":
            return _("%(site)s: articles tagged “%(tag)s”") % {
                "site": site_name,
                "tag": obj["subject"].name,
            }
        if obj["kind"] == "contributor":
            return _("%(site)s: articles by %(name)s") % {
                "site": site_name,
                "name": obj["subject"].name,
            }
        return _("%(site)s: articles") % {"site": site_name}

    def description(self, obj):
        return _("The latest articles of the publication.")

    def link(self, obj):
        # The first index in tree order, chosen here among the few indexes:
        # ordered by path in SQL, SQLite walked the page table's path index.
        index = min(
            obj["visibility"].pages(ArticleIndexPage).order_by(),
            key=lambda page: page.path,
            default=None,
        )
        if index is None:
            return "/"
        if obj["kind"] == "contributor":
            return index.url + index.reverse_subpage(
                "contributor", args=[obj["subject"].slug]
            )
        if obj["kind"] == "tag":
            from django.urls import reverse

            return reverse("editorial:tag_detail", args=[obj["subject"].slug])
        return index.get_url(obj["request"])

    # -- items ----------------------------------------------------------------

    def items(self, obj):
        """The articles the feed lists that no earlier request stored the XML
        of (``editorial.feeds``): the rows are read first, then only the
        missing articles, whose descriptions are rendered here."""
        # Read from the publication-date index (the rule in a subquery).
        articles = obj["visibility"].indexed_pages(ArticlePage)
        if obj["kind"] == "tag":
            articles = articles.filter(tags=obj["subject"])
        elif obj["kind"] == "contributor":
            articles = articles.filter(contributors__person=obj["subject"])
        rows = articles.only(*LISTED_FIELDS).order_by("-publication_date", "-pk")[
            :FEED_ITEMS
        ]
        request = obj["request"]
        batch = ItemBatch(request, f"article-feed:{self.feed_type.__name__}", rows)
        obj["item_batch"] = batch
        if not batch.missing:
            return []
        full = ArticlePage.objects.filter(
            pk__in=[row.pk for row in batch.missing_rows()]
        )
        if not get_setting("PRESSROOM_FEED_FULL_CONTENT"):
            full = full.defer_streamfields()
        full = (
            full.select_related("category")
            .prefetch_related(
                "tags",
                Prefetch(
                    "contributors",
                    queryset=ArticleContributor.objects.select_related("person"),
                ),
            )
            .in_bulk()
        )
        root = request.build_absolute_uri("/").rstrip("/")
        site = obj["visibility"].site
        items = []
        for index in list(batch.missing):
            item = full.get(batch.rows[index].pk)
            if item is None:  # (deleted since the rows were read)
                batch.forget(index)
                continue
            item.feed_root = root
            item.feed_site = site
            items.append(item)
        if get_setting("PRESSROOM_FEED_FULL_CONTENT"):
            # The bodies' blocks and links, read once for all items.
            prefetch_streams([item.body for item in items])
            preload_stream_links(
                [(item.body, {"page": item, "site": site}) for item in items]
            )
        for index, item in zip(batch.missing, items, strict=True):
            # What the body shows (linked pages) is kept with the item.
            item.feed_description = batch.render(
                index, lambda item=item: self._description(item)
            )
        return items

    def get_feed(self, obj, request):
        with shared_links():  # what items() preloads serves every description
            feed = super().get_feed(obj, request)
        # The generator writes the stored items and stores the others.
        feed.item_batch = obj.get("item_batch")
        return feed

    def item_title(self, item):
        return typeset_text(item.title, item)

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return item.full_url

    def item_description(self, item):
        return item.feed_description

    def _description(self, item):
        if get_setting("PRESSROOM_FEED_FULL_CONTENT"):
            parts = []
            if item.standfirst:
                from django.utils.html import format_html

                parts.append(
                    format_html(
                        "<p><strong>{}</strong></p>",
                        typeset_text(item.standfirst, item),
                    )
                )
            # The feed's site: read once for all items (glossary auto-linking).
            context = {"page": item, "site": getattr(item, "feed_site", None)}
            parts.append(item.body.render_as_block(context=context))
            return absolute_urls("\n".join(str(part) for part in parts), item.feed_root)
        return item.teaser or ""

    def item_author_name(self, item):
        names = [credit.person.name for credit in item.contributors.all()]
        return ", ".join(names) or None

    def item_pubdate(self, item):
        return _aware(item.publication_date)

    def item_updateddate(self, item):
        return _aware(item.updated_date or item.publication_date)

    def item_categories(self, item):
        names = [tag.name for tag in item.tags.all()]
        if item.category is not None:
            names.insert(0, item.category.name)
        return names


class AtomArticleFeed(ArticleFeed):
    """The same feed in Atom 1.0."""

    feed_type = StoredItemsAtomFeed

    def subtitle(self, obj):
        return self.description(obj)
