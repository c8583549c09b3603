"""Content: posts, pages and glossary entries turned into neutral items
(``editorial.importing``) and written a batch at a time."""

import contextlib
import csv
import datetime
import html as html_module
import io

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from editorial.importing import ImportItem, import_adapters

from ..body import BodyConverter
from ..models import ImportedObject
from ..php import PHPValueError, unserialize
from ..report import one_line
from ..wxr import parse_date as parse

# WordPress post types and the adapter kinds they go to.
POST_TYPE_KINDS = {"post": "post", "page": "page", "glossary": "glossary"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
# Meta keys of the glossary plugins holding a term's other forms, as their
# sources store them:
# - CM Tooltip Glossary (enhanced-tooltipglossary): ``CMTT_Synonyms::META_KEY``
#   "cmtt_synonyms" and ``META_KEY_INVISIBLE`` "cmtt_variations", read with
#   ``str_getcsv()`` on the "cmtt_tooltipVariantsSynonymsSeparator" option
#   ("," by default; a form holding the separator is quoted), and
#   "cmtt_abbreviations" (its Pro community terms), the same way;
# - Glossary by Codeat (2.2): ``GT_SETTINGS . '_tag'``, "glossary_tag"
#   ("Additional key terms for this definition"), which its
#   ``gl_related_post_meta()`` splits on commas and trims.
CSV_FORM_KEYS = ("cmtt_synonyms", "cmtt_variations", "cmtt_abbreviations")
COMMA_FORM_KEYS = ("glossary_tag",)
# Their taxonomies, read as the entries' tags: CM Tooltip Glossary Pro's
# "glossary-categories" and "glossary-tags", Codeat's "glossary-cat".
GLOSSARY_TAXONOMIES = ("glossary-categories", "glossary-tags", "glossary-cat")


def _aware(value):
    if value is None:
        return None
    return value.replace(tzinfo=datetime.UTC)


def _local_aware(value):
    if value is None:
        return None
    return timezone.make_aware(value)


def _meta_text(value):
    """A meta value as text: a serialized PHP array (an older plugin's) gives
    its values joined with commas."""
    if value.startswith("a:"):
        with contextlib.suppress(PHPValueError, ValueError, AttributeError):
            return ",".join(map(str, unserialize(value).values()))
    return value


def glossary_forms(meta):
    """A glossary term's other forms (synonyms, variations, abbreviations,
    related key terms) from its plugin's meta, in order, once each."""
    forms = []
    for key in CSV_FORM_KEYS:
        for value in meta.get(key, []):
            for row in csv.reader(
                io.StringIO(_meta_text(value)), skipinitialspace=True
            ):
                forms += [form.strip() for form in row]
    for key in COMMA_FORM_KEYS:
        for value in meta.get(key, []):
            forms += [form.strip() for form in _meta_text(value).split(",")]
    return [form for form in dict.fromkeys(forms) if form]


class ContentStage:
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
            self._import_enclosure(item, wp_id, title)
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

    def _neutral(self, kind, item, wp_id, title, *, with_body=True):
        body = []
        if with_body:
            warnings = []
            converter = BodyConverter(
                _BodyContext(self, wp_id, warnings), self.features
            )
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
            extra["alternative_forms"] = glossary_forms(item["meta"])
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
        resolved = []
        try:
            with transaction.atomic():
                bulk_create_pages(
                    parent,
                    [entry[0] for entry in entries],
                    user=self.user,
                    publish=publish,
                    with_ids=self._batch_link_resolver(entries, resolved),
                )
                self._after_create(entries)
            self._forget_resolved(resolved)
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
                    entry = (fresh, neutral, item, digest, adapter)
                    resolved = []
                    bulk_create_pages(
                        parent,
                        [fresh],
                        user=self.user,
                        publish=publish,
                        with_ids=self._batch_link_resolver([entry], resolved),
                    )
                    self._after_create([entry])
                self._forget_resolved(resolved)
            except Exception as error:  # noqa: BLE001 - reported, per item
                parent.refresh_from_db()
                self.report.count(neutral.kind, "failed")
                self.report.warn(
                    neutral.source_id,
                    neutral.title,
                    neutral.kind,
                    f"{type(error).__name__}: {one_line(error)}",
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
                self._redirect(path, page.pk, "")


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
        return self.importer.image_files.get(image_id, "")

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
