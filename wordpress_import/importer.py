"""The import of a WordPress export into a Wagtail site.

Three readings of the file, each streaming:

1. a check of the whole file (a hostile, truncated or foreign file stops
   here, before anything is written) that also indexes the items' ids,
   types, permalinks and attachment URLs (a few values per item);
2. the attachments, as images and documents;
3. the posts, pages and other kinds, built by the adapters registered in
   ``editorial.importing`` and written a batch at a time with
   ``editorial.bulk.bulk_create_pages``; each batch is atomic, and a batch
   that fails is written again one item at a time so that only the failing
   item is left out.

Then links to items imported after the item linking to them are rewritten,
and every old URL gets a permanent redirect. ``ImportedObject`` rows tie each
item to its object, so that a second run updates what changed and creates
nothing twice.
"""

import contextlib
import datetime
import hashlib
import html as html_module
import json
import re
from urllib.parse import parse_qs, urlparse

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify

from editorial.importing import ImportItem, import_adapters

from . import media
from .body import BodyConverter
from .conf import get_setting
from .models import ImportedObject
from .php import PHPValueError, unserialize
from .report import Report
from .wxr import read_wxr

# WordPress post types and the adapter kinds they go to.
POST_TYPE_KINDS = {"post": "post", "page": "page", "glossary": "glossary"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
# Meta keys of the glossary plugins: CM Tooltip Glossary and Glossary by Codeat.
# CM Tooltip Glossary: cmtt_synonyms, cmtt_variations, cmtt_abbreviations;
# Glossary by Codeat: glossary_tag (its "related key terms"). Comma-separated.
GLOSSARY_FORM_KEYS = (
    "cmtt_synonyms",
    "cmtt_variations",
    "cmtt_abbreviations",
    "glossary_tag",
)
# Their taxonomies, read as the entries' tags.
GLOSSARY_TAXONOMIES = (
    "glossary-categories",
    "glossary-tags",
    "glossary-cat",
    "glossary_tag",
)


class _Rollback(Exception):
    pass


def _aware(value):
    if value is None:
        return None
    return value.replace(tzinfo=datetime.UTC)


def _local_aware(value):
    if value is None:
        return None
    return timezone.make_aware(value)


class WordPressImporter:
    """Imports one export into one site. ``run()`` returns the ``Report``;
    a file that cannot be imported raises ``wxr.WXRError`` before any write."""

    def __init__(
        self,
        source,
        *,
        site,
        uploads_dir=None,
        dry_run=False,
        limit=None,
        overwrite=False,
        user=None,
        progress=None,
    ):
        self.source_file = source
        self.site = site
        self.uploads_dir = uploads_dir
        self.dry_run = dry_run
        self.limit = limit
        self.overwrite = overwrite
        self.user = user
        self.progress = progress or (lambda done, total: None)
        self.report = Report()
        self.report.dry_run = dry_run
        self.batch_size = get_setting("PRESSROOM_WORDPRESS_BATCH_SIZE")
        self.features = None

    # Reading -----------------------------------------------------------

    def _open(self):
        if hasattr(self.source_file, "read"):
            self.source_file.seek(0)
            return self.source_file
        return open(self.source_file, "rb")

    def _items(self):
        handle = self._open()
        try:
            for event, value in read_wxr(handle):
                if event == "item":
                    yield value
        finally:
            if handle is not self.source_file:
                handle.close()

    def scan(self):
        """Read the whole file once: check it and index its items."""
        self.index = {}  # wp id -> (post type, status, parent)
        self.paths = {}  # old path -> wp id
        self.total = 0
        handle = self._open()
        try:
            for event, value in read_wxr(handle):
                if event == "channel":
                    self.channel = value
                    continue
                try:
                    wp_id = int(value.get("wp:post_id") or 0)
                except ValueError:
                    wp_id = 0
                post_type = value.get("wp:post_type", "")
                self.index[wp_id] = (post_type, value.get("wp:status", ""))
                for path in self._old_paths(value, wp_id):
                    self.paths.setdefault(path, wp_id)
                if post_type in POST_TYPE_KINDS or post_type == "attachment":
                    self.total += 1
        finally:
            if handle is not self.source_file:
                handle.close()
        base = self.channel.get("wp:base_site_url") or self.channel.get("link") or ""
        self.source = base.rstrip("/") or "wordpress"
        self.hosts = {
            (urlparse(url).hostname or "").lower()
            for url in (
                self.channel.get("wp:base_site_url", ""),
                self.channel.get("wp:base_blog_url", ""),
                self.channel.get("link", ""),
            )
            if url
        }
        return self.total

    def _old_paths(self, item, wp_id):
        """Paths (with their query) where WordPress served the item."""
        paths = []
        link = item.get("link", "")
        if link:
            paths.append(self._path(link))
        post_type = item.get("wp:post_type", "")
        if post_type == "attachment":
            if item.get("wp:attachment_url"):
                paths.append(self._path(item["wp:attachment_url"]))
            paths.append(f"/?attachment_id={wp_id}")
        elif post_type == "page":
            paths.append(f"/?page_id={wp_id}")
        else:
            paths.append(f"/?p={wp_id}")
        return [path for path in paths if path and path != "/"]

    @staticmethod
    def _path(url):
        from wagtail.contrib.redirects.models import Redirect

        parsed = urlparse(url.strip())
        path = parsed.path or "/"
        if parsed.query:
            path += "?" + parsed.query
        return Redirect.normalise_path(path)

    # Running -----------------------------------------------------------

    def run(self):
        from editorial.bulk import deferred_indexing
        from editorial.rich_text_features import long_form_feature_names

        self.scan()
        self.features = long_form_feature_names()
        self.done = 0
        self.progress(0, self.total)
        try:
            with deferred_indexing(), transaction.atomic():
                self._load_mapping()
                self._import_attachments()
                self._import_content()
                self._rewrite_pending_links()
                self._redirect_archives()
                if self.dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        return self.report

    def _load_mapping(self):
        self.mapping = {}
        for row in ImportedObject.objects.filter(source=self.source).values(
            "kind", "wp_id", "object_id", "content_hash", "revision_id", "data"
        ):
            self.mapping[(row["kind"], row["wp_id"])] = row
        self.people = {}
        self.pending_links = {}  # wp id of a page -> {old href: wp id}
        self.redirects = []
        self.playables = {}  # wp id of a post -> its episode's page id
        self.cache = {}  # adapters' look-ups, for the run
        self.waiting = {}  # (kind, wp id) of an item in a batch -> its batch
        self.tag_cache = {}

    def _tick(self):
        self.done += 1
        if self.done % 50 == 0 or self.done == self.total:
            self.progress(self.done, self.total)

    # Attachments -------------------------------------------------------

    def _import_attachments(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        image_type = ContentType.objects.get_for_model(get_image_model())
        document_type = ContentType.objects.get_for_model(get_document_model())
        self.attachment_urls = {}
        for row in self.mapping.values():
            if row["kind"] == "attachment" and row["data"].get("url"):
                self.attachment_urls[self._path(row["data"]["url"])] = row["wp_id"]
        for item in self._items():
            if item.get("wp:post_type") != "attachment":
                continue
            self._tick()
            wp_id = int(item.get("wp:post_id") or 0)
            title = html_module.unescape(item.get("title", "")) or str(wp_id)
            url = item.get("wp:attachment_url", "")
            alt = (item["meta"].get("_wp_attachment_image_alt") or [""])[0]
            caption = strip_tags(html_module.unescape(item.get("excerpt:encoded", "")))
            digest = self._hash(item)
            existing = self.mapping.get(("attachment", wp_id))
            if existing and existing["content_hash"] == digest:
                self.report.count("attachment", "unchanged")
                continue
            name = media.relative_upload_path(item)
            try:
                content = media.read_file(item, self.uploads_dir)
            except media.FileUnavailable as error:
                self.report.count("attachment", "failed")
                self.report.warn(
                    wp_id, title, "attachment", f"File not available: {error}"
                )
                continue
            try:
                with transaction.atomic():
                    if media.is_image(name):
                        obj = media.create_image(title, name, content, alt)
                        content_type, kind = image_type, "image"
                    else:
                        obj = media.create_document(title, name, content)
                        content_type, kind = document_type, "document"
            # Any error of one attachment (a file Pillow cannot read, a storage
            # error) is reported and the import goes on: atomic per item.
            except Exception as error:  # noqa: BLE001
                self.report.count("attachment", "failed")
                self.report.warn(
                    wp_id, title, "attachment", f"{type(error).__name__}: {error}"
                )
                continue
            data = {
                "url": url,
                "type": kind,
                "alt": alt,
                "caption": caption,
                "title": title,
                "file_url": obj.file.url,
            }
            ImportedObject.objects.update_or_create(
                source=self.source,
                kind="attachment",
                wp_id=wp_id,
                defaults={
                    "content_type": content_type,
                    "object_id": obj.pk,
                    "content_hash": digest,
                    "data": data,
                },
            )
            self.mapping[("attachment", wp_id)] = {
                "kind": "attachment",
                "wp_id": wp_id,
                "object_id": obj.pk,
                "content_hash": digest,
                "revision_id": None,
                "data": data,
            }
            if url:
                self.attachment_urls[self._path(url)] = wp_id
            self.report.count("attachment", "updated" if existing else "created")
            for path in self._old_paths(item, wp_id):
                self.redirects.append((path, None, obj.file.url))

    # What bodies ask ---------------------------------------------------

    def _attachment(self, wp_id=None, url=None, kind=None):
        row = None
        if wp_id:
            try:
                row = self.mapping.get(("attachment", int(wp_id)))
            except (TypeError, ValueError):
                row = None
        if row is None and url:
            found = self.attachment_urls.get(self._path(self._strip_size(url)))
            if found is None:
                found = self.attachment_urls.get(self._path(url))
            if found is not None:
                row = self.mapping.get(("attachment", found))
        if row is None or (kind and row["data"].get("type") != kind):
            return None
        return {
            "id": row["object_id"],
            "alt": row["data"].get("alt", ""),
            "caption": row["data"].get("caption", ""),
            "title": row["data"].get("title", ""),
        }

    @staticmethod
    def _strip_size(url):
        # WordPress's resized copies: photo-300x200.jpg is photo.jpg.
        return re.sub(r"-\d+x\d+(\.\w+)$", r"\1", url)

    def _link_target(self, href, current):
        parsed = urlparse(href)
        if parsed.scheme not in ("", "http", "https"):
            return None
        if parsed.netloc and (parsed.hostname or "").lower() not in self.hosts:
            return None
        if not parsed.netloc and not href.startswith("/") and not href.startswith("?"):
            return None
        query = parse_qs(parsed.query)
        wp_id = None
        for key in ("p", "page_id", "attachment_id"):
            if query.get(key, [""])[0].isdigit():
                wp_id = int(query[key][0])
                break
        if wp_id is None:
            path = self._path(href)
            if path in self.attachment_urls:
                wp_id = self.attachment_urls[path]
            else:
                wp_id = self.paths.get(path)
        if wp_id is None:
            return None
        attachment = self.mapping.get(("attachment", wp_id))
        if attachment is not None:
            return (attachment["data"].get("type"), attachment["object_id"])
        post_type = self.index.get(wp_id, ("", ""))[0]
        kind = POST_TYPE_KINDS.get(post_type)
        if kind is None:
            return None
        row = self.mapping.get((kind, wp_id))
        if row is None and (kind, wp_id) in self.waiting:
            # Waiting in a batch: written now, so that the link can name it
            # (cheaper than rewriting this page after its batch).
            self._flush(*self.waiting[(kind, wp_id)])
            row = self.mapping.get((kind, wp_id))
        if row is not None:
            return ("page", row["object_id"])
        # Imported later in this run: rewritten once it exists.
        self.pending_links.setdefault(current, {})[href] = (kind, wp_id)
        return None

    # Content -----------------------------------------------------------

    def _import_content(self):
        from wagtail.models import Page

        self.site_root = Page.objects.get(pk=self.site.root_page_id).specific
        self.batches = {}
        waiting_pages = []
        imported = 0
        for item in self._items():
            post_type = item.get("wp:post_type", "")
            self.report.not_imported["comment"] += item["comments"]
            if post_type == "attachment":
                continue
            kind = POST_TYPE_KINDS.get(post_type)
            if kind is None:
                self.report.not_imported[post_type or "unknown"] += 1
                continue
            if self.limit is not None and imported >= self.limit:
                self.report.count(kind, "skipped")
                continue
            imported += 1
            self._tick()
            if kind == "page":
                parent_id = int(item.get("wp:post_parent") or 0)
                if (
                    parent_id
                    and self.index.get(parent_id, ("",))[0] == "page"
                    and ("page", parent_id) not in self.mapping
                ):
                    # Its parent comes later in the file.
                    waiting_pages.append(item)
                    continue
            self._import_item(kind, item)
            if kind == "page":
                self._flush_all()
        self._flush_all()
        # Pages whose parent came after them, parents first.
        while waiting_pages:
            ready = [
                item
                for item in waiting_pages
                if ("page", int(item.get("wp:post_parent") or 0)) in self.mapping
            ]
            if not ready:
                ready = waiting_pages[:1]
            for item in ready:
                waiting_pages.remove(item)
                self._import_item("page", item)
                self._flush_all()

    def _import_item(self, kind, item):
        wp_id = int(item.get("wp:post_id") or 0)
        title = html_module.unescape(item.get("title", "")).strip()
        status = item.get("wp:status", "publish")
        adapter = import_adapters.get(kind)
        if status in SKIPPED_STATUSES:
            self.report.count(kind, "skipped")
            return
        if adapter is None:
            self.report.count(kind, "skipped")
            self.report.warn(
                wp_id, title, kind, "No installed page type imports this kind."
            )
            return
        digest = self._hash(item)
        if kind == "post":
            self._import_enclosure(item, wp_id, title, digest)
        existing = self.mapping.get((kind, wp_id))
        if existing is not None:
            self._update_item(kind, adapter, item, existing, digest)
            return
        try:
            neutral = self._neutral(kind, item, wp_id, title)
            parent = self._parent(adapter, neutral)
            page = adapter.fill(adapter.new_page(), neutral)
            if not page.title:
                page.title = f"WordPress {wp_id}"
            self._schedule(page, neutral)
        except Exception as error:  # noqa: BLE001 - reported, per item
            self.report.count(kind, "failed")
            self.report.warn(wp_id, title, kind, f"{type(error).__name__}: {error}")
            return
        publish = neutral.status in ("publish", "private", "future")
        self.batches.setdefault((parent.pk, publish), (parent, []))[1].append(
            (page, neutral, item, digest, adapter)
        )
        self.waiting[(kind, wp_id)] = (parent.pk, publish)
        if len(self.batches[(parent.pk, publish)][1]) >= self.batch_size:
            self._flush(parent.pk, publish)

    def _neutral(self, kind, item, wp_id, title):
        warnings = []
        converter = BodyConverter(_BodyContext(self, wp_id, warnings), self.features)
        body = converter.convert(item.get("content:encoded", ""))
        for message in warnings:
            self.report.warn(wp_id, title, kind, message)
        categories = []
        tags = []
        for domain, nicename, name in item["categories"]:
            name = html_module.unescape(name).strip()
            if domain == "category":
                categories.append((nicename, name))
            elif domain == "post_tag" or domain in GLOSSARY_TAXONOMIES:
                tags.append(name[:100])
        if kind == "glossary":
            # The glossary plugins' categories are the entries' tags.
            tags += [name[:100] for _slug, name in categories]
            categories = []
        published = _aware(parse(item.get("wp:post_date_gmt"))) or _local_aware(
            parse(item.get("wp:post_date"))
        )
        modified = _aware(parse(item.get("wp:post_modified_gmt"))) or _local_aware(
            parse(item.get("wp:post_modified"))
        )
        thumbnail = (item["meta"].get("_thumbnail_id") or [""])[0]
        image = self._attachment(wp_id=thumbnail, kind="image") if thumbnail else None
        if thumbnail and image is None:
            self.report.warn(
                wp_id, title, kind, f"Featured image {thumbnail} is not available."
            )
        parent_id = int(item.get("wp:post_parent") or 0)
        parent_row = self.mapping.get(("page", parent_id)) if parent_id else None
        extra = {"wp_id": wp_id}
        if kind == "glossary":
            forms = []
            for key in GLOSSARY_FORM_KEYS:
                for value in item["meta"].get(key, []):
                    if value.startswith("a:"):
                        # A serialized PHP array: its values.
                        with contextlib.suppress(
                            PHPValueError, ValueError, AttributeError
                        ):
                            value = ",".join(map(str, unserialize(value).values()))
                    forms += [form.strip() for form in re.split(r"[,|;\n]", value)]
            extra["alternative_forms"] = [form for form in dict.fromkeys(forms) if form]
        excerpt = strip_tags(
            html_module.unescape(item.get("excerpt:encoded", ""))
        ).strip()
        return ImportItem(
            source_id=wp_id,
            kind=kind,
            title=title,
            slug=slugify(
                html_module.unescape(item.get("wp:post_name", "")), allow_unicode=False
            ),
            status=item.get("wp:status", "publish"),
            published_at=published,
            modified_at=modified,
            excerpt=excerpt,
            body=body,
            tags=self._tags(list(dict.fromkeys(tag for tag in tags if tag))),
            categories=categories,
            authors=[self._person(item.get("dc:creator", ""))]
            if item.get("dc:creator")
            else [],
            featured_image_id=image["id"] if image else None,
            parent_page_id=parent_row["object_id"] if parent_row else None,
            sticky=item.get("wp:is_sticky") == "1",
            extra=extra,
            cache=self.cache,
        )

    def _parent(self, adapter, neutral):
        key = ("parent", adapter.kind, neutral.parent_page_id)
        if key not in self.cache:
            self.cache[key] = adapter.get_parent(self.site_root, neutral)
        return self.cache[key]

    def _tags(self, names):
        """``Tag`` instances for ``names``, looked up or created once per run
        (taggit would otherwise look each item's tags up again)."""
        from taggit.models import Tag

        missing = [name for name in names if name not in self.tag_cache]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self.tag_cache[tag.name] = tag
            for name in missing:
                if name not in self.tag_cache:
                    self.tag_cache[name] = Tag.objects.create(name=name)
        return [self.tag_cache[name] for name in names]

    def _schedule(self, page, neutral):
        if neutral.status == "future":
            # Scheduled: goes live at its date through Wagtail's scheduler.
            page.go_live_at = neutral.published_at
            page.first_published_at = None
            page.last_published_at = None
        elif neutral.status in ("draft", "pending"):
            page.first_published_at = None
            page.last_published_at = None

    def _person(self, login):
        from editorial.models import Person

        if login in self.people:
            return self.people[login]
        author = next(
            (a for a in self.channel["authors"] if a.get("author_login") == login), {}
        )
        try:
            author_id = int(author.get("author_id") or 0)
        except ValueError:
            author_id = 0
        key = author_id or int(hashlib.sha1(login.encode()).hexdigest()[:12], 16)
        row = self.mapping.get(("author", key))
        person = Person.objects.filter(pk=row["object_id"]).first() if row else None
        if person is None:
            name = html_module.unescape(author.get("author_display_name") or login)
            base = slugify(name) or slugify(login) or "author"
            slug = base[:190]
            number = 2
            while Person.objects.filter(slug=slug).exists():
                slug = f"{base[:185]}-{number}"
                number += 1
            person = Person.objects.create(name=name[:200], slug=slug)
            ImportedObject.objects.update_or_create(
                source=self.source,
                kind="author",
                wp_id=key,
                defaults={
                    "content_type": ContentType.objects.get_for_model(Person),
                    "object_id": person.pk,
                    "content_hash": "",
                },
            )
            self.mapping[("author", key)] = {
                "kind": "author",
                "wp_id": key,
                "object_id": person.pk,
                "content_hash": "",
                "revision_id": None,
                "data": {},
            }
        self.people[login] = person
        return person

    def _flush_all(self):
        for key in list(self.batches):
            self._flush(*key)

    def _flush(self, parent_pk, publish):
        from editorial.bulk import bulk_create_pages

        parent, entries = self.batches.pop((parent_pk, publish), (None, []))
        for entry in entries:
            self.waiting.pop((entry[1].kind, entry[1].source_id), None)
        if not entries:
            return
        try:
            with transaction.atomic():
                bulk_create_pages(
                    parent,
                    [entry[0] for entry in entries],
                    user=self.user,
                    publish=publish,
                )
                self._after_create(entries)
            return
        except Exception:  # noqa: BLE001 - each item again, alone
            pass
        parent.refresh_from_db()
        for page, neutral, item, digest, adapter in entries:
            try:
                with transaction.atomic():
                    fresh = adapter.fill(adapter.new_page(), neutral)
                    if not fresh.title:
                        fresh.title = page.title
                    self._schedule(fresh, neutral)
                    bulk_create_pages(parent, [fresh], user=self.user, publish=publish)
                    self._after_create([(fresh, neutral, item, digest, adapter)])
            except Exception as error:  # noqa: BLE001 - reported, per item
                parent.refresh_from_db()
                self.report.count(neutral.kind, "failed")
                self.report.warn(
                    neutral.source_id,
                    neutral.title,
                    neutral.kind,
                    f"{type(error).__name__}: {_one_line(error)}",
                )

    def _after_create(self, entries):
        from wagtail.models import Page, PageViewRestriction

        from editorial.models import PlayableVersion

        revisions = dict(
            Page.objects.filter(pk__in=[entry[0].pk for entry in entries]).values_list(
                "pk", "latest_revision_id"
            )
        )
        rows = []
        for page, neutral, _item, digest, adapter in entries:
            if neutral.status == "private":
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.LOGIN
                )
            adapter.after_create(page, neutral)
            episode = self.playables.get(neutral.source_id)
            if episode and neutral.kind == "post":
                PlayableVersion.objects.create(page=page, playable_id=episode)
            rows.append(
                ImportedObject(
                    source=self.source,
                    kind=neutral.kind,
                    wp_id=neutral.source_id,
                    content_type_id=page.content_type_id,
                    object_id=page.pk,
                    content_hash=digest,
                    revision_id=revisions.get(page.pk),
                )
            )
        ImportedObject.objects.bulk_create(rows)
        for page, neutral, item, digest, _adapter in entries:
            self.mapping[(neutral.kind, neutral.source_id)] = {
                "kind": neutral.kind,
                "wp_id": neutral.source_id,
                "object_id": page.pk,
                "content_hash": digest,
                "revision_id": revisions.get(page.pk),
                "data": {},
            }
            self.report.count(neutral.kind, "created")
            for path in self._old_paths(item, neutral.source_id):
                self.redirects.append((path, page.pk, ""))

    # PowerPress ----------------------------------------------------------

    def _import_enclosure(self, item, wp_id, title, digest):
        """The post's PowerPress episode, created before the post so that the
        post's body and audio version can name it."""
        kind = "podcast enclosure"
        enclosure = enclosure_meta(item)
        if enclosure is None:
            return
        adapter = import_adapters.get(kind)
        if adapter is None:
            self.report.warn(
                wp_id, title, kind, "No installed page type imports podcast episodes."
            )
            return
        existing = self.mapping.get((kind, wp_id))
        if existing is not None:
            from wagtail.models import Page

            if Page.objects.filter(pk=existing["object_id"]).exists():
                self.playables[wp_id] = existing["object_id"]
                if existing["content_hash"] == digest:
                    self.report.count(kind, "unchanged")
                else:
                    # Episodes are not updated by a re-run yet: said, not hidden.
                    self.report.count(kind, "skipped")
                    self.report.warn(
                        wp_id,
                        title,
                        kind,
                        "Changed in WordPress; the episode is not updated by a "
                        "second import (edit it in Wagtail).",
                    )
                return
        name = media.relative_upload_path(
            {"meta": {}, "wp:attachment_url": enclosure["url"]}
        )
        try:
            content = media.read_file(
                {"meta": {}, "wp:attachment_url": enclosure["url"]}, self.uploads_dir
            )
        except media.FileUnavailable as error:
            self.report.count(kind, "failed")
            self.report.warn(
                wp_id,
                title,
                kind,
                f"Audio not available ({error}); the post is imported without its episode "
                f"(PowerPress: {enclosure.get('duration') or '?'}, {enclosure.get('size') or '?'} bytes).",
            )
            return
        neutral = self._neutral("post", item, wp_id, title)
        neutral.kind = kind
        neutral.body = []
        neutral.extra.update(
            enclosure, audio_name=name, audio_content=content, channel=self.channel
        )
        try:
            with transaction.atomic():
                from editorial.bulk import bulk_create_pages

                parent = self._parent(adapter, neutral)
                page = adapter.fill(adapter.new_page(), neutral)
                self._schedule(page, neutral)
                publish = neutral.status in ("publish", "private", "future")
                bulk_create_pages(parent, [page], user=self.user, publish=publish)
                revision_id = (
                    type(page)
                    .objects.filter(pk=page.pk)
                    .values_list("latest_revision_id", flat=True)[0]
                )
                ImportedObject.objects.update_or_create(
                    source=self.source,
                    kind=kind,
                    wp_id=wp_id,
                    defaults={
                        "content_type_id": page.content_type_id,
                        "object_id": page.pk,
                        "content_hash": digest,
                        "revision_id": revision_id,
                    },
                )
        except Exception as error:  # noqa: BLE001 - reported, per item
            # A show created in the rolled-back block is gone.
            self.cache.pop(("parent", kind, None), None)
            self.report.count(kind, "failed")
            self.report.warn(
                wp_id, title, kind, f"{type(error).__name__}: {_one_line(error)}"
            )
            return
        self.mapping[(kind, wp_id)] = {
            "kind": kind,
            "wp_id": wp_id,
            "object_id": page.pk,
            "content_hash": digest,
            "revision_id": revision_id,
            "data": {},
        }
        self.playables[wp_id] = page.pk
        self.report.count(kind, "created")

    def _update_item(self, kind, adapter, item, existing, digest):
        from wagtail.models import Page

        wp_id = existing["wp_id"]
        title = html_module.unescape(item.get("title", "")).strip()
        page = Page.objects.filter(pk=existing["object_id"]).first()
        if page is None:
            # Deleted in Wagtail since: imported again.
            ImportedObject.objects.filter(
                source=self.source, kind=kind, wp_id=wp_id
            ).delete()
            del self.mapping[(kind, wp_id)]
            self._import_item(kind, item)
            return
        for path in self._old_paths(item, wp_id):
            self.redirects.append((path, page.pk, ""))
        if existing["content_hash"] == digest:
            self.report.count(kind, "unchanged")
            return
        edited = page.latest_revision_id != existing["revision_id"]
        if edited and not self.overwrite:
            self.report.count(kind, "skipped")
            self.report.warn(
                wp_id,
                title,
                kind,
                "Changed in WordPress, but edited in Wagtail since the last import: "
                "left as it is (import with --overwrite to replace it).",
            )
            return
        try:
            with transaction.atomic():
                page = page.specific
                neutral = self._neutral(kind, item, wp_id, title)
                adapter.fill(page, neutral)
                revision = page.save_revision(user=self.user, clean=True)
                if neutral.status in ("publish", "private"):
                    revision.publish(user=self.user)
                ImportedObject.objects.filter(
                    source=self.source, kind=kind, wp_id=wp_id
                ).update(content_hash=digest, revision_id=revision.pk)
                existing.update(content_hash=digest, revision_id=revision.pk)
        except Exception as error:  # noqa: BLE001 - reported, per item
            self.report.count(kind, "failed")
            self.report.warn(
                wp_id, title, kind, f"{type(error).__name__}: {_one_line(error)}"
            )
            return
        self.report.count(kind, "updated")

    # After the items ---------------------------------------------------

    def _rewrite_pending_links(self):
        """Links to items imported after the item linking to them: rewritten
        in the page and in the revision the import wrote (no new revision:
        it is still the import's own content), unless an editor changed the
        page since."""
        from wagtail.models import Page, ReferenceIndex, Revision

        for current, links in self.pending_links.items():
            kind = POST_TYPE_KINDS.get(self.index.get(current, ("", ""))[0])
            row = self.mapping.get((kind, current))
            adapter = import_adapters.get(kind)
            if row is None or adapter is None:
                continue
            replacements = {}
            for href, (target_kind, target_id) in links.items():
                target = self.mapping.get((target_kind, target_id))
                if target is not None:
                    replacements[f'href="{escape(href)}"'] = (
                        f'id="{target["object_id"]}" linktype="page"'
                    )
            if not replacements:
                continue
            base = Page.objects.filter(pk=row["object_id"]).first()
            if base is None or base.latest_revision_id != row["revision_id"]:
                continue
            model = base.specific_class
            field = adapter.body_field
            page = model.objects.get(pk=base.pk)
            stream = getattr(page, field)
            data = _replace_in(list(stream.raw_data), replacements)
            setattr(page, field, type(stream)(stream.stream_block, data, is_lazy=True))
            model.objects.filter(pk=page.pk).update(**{field: getattr(page, field)})
            revision = Revision.objects.filter(pk=row["revision_id"]).first()
            if revision is not None and field in revision.content:
                value = revision.content[field]
                if isinstance(value, str):
                    value = json.dumps(_replace_in(json.loads(value), replacements))
                else:
                    value = _replace_in(value, replacements)
                revision.content[field] = value
                Revision.objects.filter(pk=revision.pk).update(content=revision.content)
            # The new links are references of the page (Wagtail's usage counts).
            ReferenceIndex.create_or_update_for_object(page)

    def _redirect_archives(self):
        """Permanent redirects: every item's old URLs, and the category, tag
        and feed archives."""
        from wagtail.contrib.redirects.models import Redirect

        for term in self.channel.get("categories", []):
            slug = term.get("category_nicename")
            if slug:
                self.redirects.append(
                    (
                        self._path(f"/category/{slug}/"),
                        None,
                        f"/articles/?category={slug}",
                    )
                )
        for term in self.channel.get("tags", []):
            slug = term.get("tag_slug")
            if slug:
                self.redirects.append(
                    (self._path(f"/tag/{slug}/"), None, f"/tags/{slug}/")
                )
                self.redirects.append(
                    (
                        self._path(f"/tag/{slug}/feed/"),
                        None,
                        f"/feeds/articles/tags/{slug}/",
                    )
                )
        self.redirects.append((self._path("/feed/"), None, "/feeds/articles/"))
        existing = set(
            Redirect.objects.filter(site=self.site).values_list("old_path", flat=True)
        )
        new = {}
        for path, page_id, link in self.redirects:
            if path in existing or path in new or path == "/":
                continue
            new[path] = Redirect(
                old_path=path,
                site=self.site,
                is_permanent=True,
                redirect_page_id=page_id,
                redirect_link=link,
            )
        Redirect.objects.bulk_create(new.values(), batch_size=500)

    # Helpers -----------------------------------------------------------

    @staticmethod
    def _hash(item):
        return hashlib.sha256(
            json.dumps(item, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()


def enclosure_meta(item):
    """PowerPress's enclosure of a post: URL, size and type on their own
    lines, then PHP-serialized extras (duration, explicit, subtitle...)."""
    values = item["meta"].get("enclosure") or next(
        (
            values
            for key, values in item["meta"].items()
            if key.startswith("_") and key.endswith(":enclosure")
        ),
        None,
    )
    if not values:
        return None
    lines = values[0].strip().split("\n", 3)
    url = lines[0].strip()
    if not url.startswith(("http://", "https://")):
        return None
    enclosure = {
        "url": url,
        "size": lines[1].strip() if len(lines) > 1 else "",
        "type": lines[2].strip() if len(lines) > 2 else "",
    }
    if len(lines) > 3 and lines[3].strip():
        try:
            extras = unserialize(lines[3].strip())
        except (PHPValueError, ValueError, UnicodeDecodeError):
            extras = {}
        if isinstance(extras, dict):
            for key in ("duration", "explicit", "subtitle", "summary", "author"):
                if isinstance(extras.get(key), (str, int)):
                    enclosure[key] = str(extras[key])
    return enclosure


def parse(value):
    from .wxr import parse_date

    return parse_date(value)


def _replace_in(value, replacements):
    """``value`` (JSON-like data) with each string's replacements made."""
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_in(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, replacements) for key, item in value.items()}
    return value


def _one_line(error):
    return " ".join(str(error).split())[:300]


class _BodyContext:
    """What the body converter asks the importer, for one item."""

    def __init__(self, importer, wp_id, warnings):
        self.importer = importer
        self.wp_id = wp_id
        self.warnings = warnings

    def warn(self, message):
        self.warnings.append(message)

    def image(self, wp_id=None, url=None):
        return self.importer._attachment(wp_id=wp_id, url=url, kind="image")

    def document(self, wp_id=None, url=None):
        return self.importer._attachment(wp_id=wp_id, url=url, kind="document")

    def image_url(self, image_id):
        for row in self.importer.mapping.values():
            if row["kind"] == "attachment" and row["object_id"] == image_id:
                return row["data"].get("file_url", "")
        return ""

    def link_target(self, href):
        if not href:
            return None
        return self.importer._link_target(href, self.wp_id)

    def playable(self):
        return (
            self.importer.playables.get(self.wp_id)
            if hasattr(self.importer, "playables")
            else None
        )
