"""Mapping and re-runs: which Wagtail object each WordPress item became
(``ImportedObject``), so that a second run updates what changed, leaves what
an editor changed since alone (unless ``overwrite``) and creates nothing
twice; authors matched again as the same ``Person``."""

import hashlib
import html as html_module
import json

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify

from ..models import ImportedObject
from ..report import one_line


class MappingStage:
    def _remember(self, kind, wp_id, object_id, digest, revision_id=None, data=None):
        """What the rest of the run needs of an imported item."""
        self.mapping[(kind, wp_id)] = {
            "kind": kind,
            "wp_id": wp_id,
            "object_id": object_id,
            "content_hash": digest,
            "revision_id": revision_id,
            "data": data or {},
        }

    def _load_mapping(self):
        # (kind, wp id) -> the item's ``ImportedObject`` row, in the run's
        # store (``store.RunStore``), read from the database a chunk at a time.
        self.mapping = self.store.table("mapping")
        for row in (
            ImportedObject.objects.filter(source=self.source)
            .values("kind", "wp_id", "object_id", "content_hash", "revision_id", "data")
            .iterator(chunk_size=2000)
        ):
            self.mapping[(row["kind"], row["wp_id"])] = row
        self.people = {}
        self.pending_links = {}  # wp id of a page -> {old href: wp id}
        self.redirects = []
        self.playables = {}  # wp id of a post -> its episode's page id
        self.cache = {}  # adapters' look-ups, for the run
        self.waiting = {}  # (kind, wp id) of an item in a batch -> its batch
        self.tag_cache = {}

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
            self._redirect(path, page.pk, "")
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
                self.mapping[(kind, wp_id)] = existing
        except Exception as error:  # noqa: BLE001 - reported, per item
            self.report.count(kind, "failed")
            self.report.warn(
                wp_id, title, kind, f"{type(error).__name__}: {one_line(error)}"
            )
            return
        self.report.count(kind, "updated")

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

    @staticmethod
    def _hash(item):
        return hashlib.sha256(
            json.dumps(item, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
