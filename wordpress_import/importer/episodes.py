"""PowerPress: a post's enclosure as a podcast episode (with its audio
file), linked to the post's article as its audio version."""

from django.db import transaction

from editorial.importing import import_adapters

from .. import media
from ..models import ImportedObject
from ..php import PHPValueError, unserialize
from ..report import one_line

KIND = "podcast enclosure"


class EpisodeStage:
    def _import_enclosure(self, item, wp_id, title):
        """The post's PowerPress episode, created (or updated) before the post
        so that the post's body and audio version can name it."""
        from wagtail.models import Page

        enclosure = enclosure_meta(item)
        if enclosure is None:
            return
        adapter = import_adapters.get(KIND)
        if adapter is None:
            self.report.warn(
                wp_id, title, KIND, "No installed page type imports podcast episodes."
            )
            return
        digest = self._hash(
            {
                "enclosure": enclosure,
                "title": title,
                "excerpt": item.get("excerpt:encoded", ""),
                "status": item.get("wp:status", ""),
                "slug": item.get("wp:post_name", ""),
                "dates": [
                    item.get("wp:post_date_gmt"),
                    item.get("wp:post_modified_gmt"),
                ],
                "terms": item["categories"],
            }
        )
        existing = self.mapping.get((KIND, wp_id))
        if existing is not None:
            page = Page.objects.filter(pk=existing["object_id"]).first()
            if page is not None:
                self.playables[wp_id] = page.pk
                self._update_episode(
                    adapter, item, wp_id, title, enclosure, existing, page, digest
                )
                return
            # Deleted in Wagtail since: imported again.
            ImportedObject.objects.filter(
                source=self.source, kind=KIND, wp_id=wp_id
            ).delete()
            del self.mapping[(KIND, wp_id)]
        self._create_episode(adapter, item, wp_id, title, enclosure, digest)

    def _episode_audio(self, enclosure):
        """The recording's file name and bytes, or its name, None and why
        it cannot be had."""
        source = {"meta": {}, "wp:attachment_url": enclosure["url"]}
        name = media.relative_upload_path(source)
        try:
            return name, media.read_file(source, self.uploads_dir), ""
        except media.FileUnavailable as error:
            return name, None, str(error)

    def _episode_item(self, item, wp_id, title, enclosure, name, content):
        neutral = self._neutral("post", item, wp_id, title, with_body=False)
        neutral.kind = KIND
        neutral.extra.update(
            enclosure, audio_name=name, audio_content=content, channel=self.channel
        )
        return neutral

    def _missing_audio(self, wp_id, title, enclosure, reason, draft):
        self.report.warn(
            wp_id,
            title,
            KIND,
            f"Audio not available ({reason}); the episode is "
            + ("created as a draft" if draft else "left as it is")
            + " without its recording: upload it in Wagtail, then publish "
            f"(PowerPress: {enclosure.get('duration') or '?'}, "
            f"{enclosure.get('size') or '?'} bytes, {enclosure['url']}).",
        )

    def _create_episode(self, adapter, item, wp_id, title, enclosure, digest):
        """A new episode. One whose recording cannot be had is still created,
        as a draft (never live without its audio) whose recording an editor
        uploads: the article's audio version and body already name it, and
        a later import with the file publishes it."""
        from editorial.bulk import bulk_create_pages

        name, content, reason = self._episode_audio(enclosure)
        neutral = self._episode_item(item, wp_id, title, enclosure, name, content)
        try:
            with transaction.atomic():
                parent = self._parent(adapter, neutral)
                page = adapter.fill(adapter.new_page(), neutral)
                self._schedule(page, neutral)
                publish = content is not None and neutral.status in (
                    "publish",
                    "private",
                    "future",
                )
                if not publish:
                    page.first_published_at = page.last_published_at = None
                    page.go_live_at = None
                bulk_create_pages(parent, [page], user=self.user, publish=publish)
                revision_id = (
                    type(page)
                    .objects.filter(pk=page.pk)
                    .values_list("latest_revision_id", flat=True)[0]
                )
                data = {"audio_url": enclosure["url"], "audio_missing": content is None}
                ImportedObject.objects.update_or_create(
                    source=self.source,
                    kind=KIND,
                    wp_id=wp_id,
                    defaults={
                        "content_type_id": page.content_type_id,
                        "object_id": page.pk,
                        "content_hash": digest,
                        "revision_id": revision_id,
                        "data": data,
                    },
                )
        except Exception as error:  # noqa: BLE001 - reported, per item
            # A show created in the rolled-back block is gone.
            self.cache.pop(("parent", KIND, None), None)
            self.report.count(KIND, "failed")
            self.report.warn(
                wp_id, title, KIND, f"{type(error).__name__}: {one_line(error)}"
            )
            return
        if content is None:
            self._missing_audio(wp_id, title, enclosure, reason, draft=True)
        self._remember(KIND, wp_id, page.pk, digest, revision_id, data)
        self.playables[wp_id] = page.pk
        self.report.count(KIND, "created")

    def _update_episode(
        self, adapter, item, wp_id, title, enclosure, existing, page, digest
    ):
        """An episode imported before: updated when its post changed in
        WordPress (or when its missing recording can now be had), unless an
        editor changed it since (``overwrite`` replaces it then too). Its
        recording is read again only when its URL changed or it was missing."""
        data = existing.get("data") or {}
        missing = data.get("audio_missing", False)
        if existing["content_hash"] == digest and not missing:
            self.report.count(KIND, "unchanged")
            return
        if page.latest_revision_id != existing["revision_id"] and not self.overwrite:
            self.report.count(KIND, "skipped")
            self.report.warn(
                wp_id,
                title,
                KIND,
                "Changed in WordPress, but edited in Wagtail since the last import: "
                "left as it is (import with --overwrite to replace it).",
            )
            return
        name, content, reason = None, None, ""
        if missing or data.get("audio_url") != enclosure["url"]:
            name, content, reason = self._episode_audio(enclosure)
            if content is None and existing["content_hash"] == digest:
                # Still missing, nothing else changed.
                self.report.count(KIND, "unchanged")
                self._missing_audio(wp_id, title, enclosure, reason, draft=False)
                return
        try:
            with transaction.atomic():
                page = page.specific
                neutral = self._episode_item(
                    item, wp_id, title, enclosure, name or "", content
                )
                adapter.fill(page, neutral)
                revision = page.save_revision(user=self.user, clean=True)
                audio_missing = missing and content is None
                if neutral.status in ("publish", "private") and not audio_missing:
                    revision.publish(user=self.user)
                data = {
                    "audio_url": enclosure["url"]
                    if content is not None or not reason
                    else data.get("audio_url", ""),
                    "audio_missing": audio_missing,
                }
                ImportedObject.objects.filter(
                    source=self.source, kind=KIND, wp_id=wp_id
                ).update(content_hash=digest, revision_id=revision.pk, data=data)
                existing.update(content_hash=digest, revision_id=revision.pk, data=data)
                self.mapping[(KIND, wp_id)] = existing
        except Exception as error:  # noqa: BLE001 - reported, per item
            self.report.count(KIND, "failed")
            self.report.warn(
                wp_id, title, KIND, f"{type(error).__name__}: {one_line(error)}"
            )
            return
        if reason:
            self._missing_audio(wp_id, title, enclosure, reason, draft=False)
        self.report.count(KIND, "updated")


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
