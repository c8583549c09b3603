"""PowerPress: a post's enclosure as a podcast episode (with its audio
file), linked to the post's article as its audio version."""

from django.db import transaction

from editorial.importing import import_adapters

from .. import media
from ..models import ImportedObject
from ..php import PHPValueError, unserialize
from ..report import one_line


class EpisodeStage:
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
                wp_id, title, kind, f"{type(error).__name__}: {one_line(error)}"
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
