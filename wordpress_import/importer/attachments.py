"""Media: WordPress attachments as Wagtail images and documents (files
from the uploads copy, else downloaded), and what bodies ask of them."""

import html as html_module
import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import strip_tags

from .. import media
from ..models import ImportedObject


class AttachmentStage:
    def _import_attachments(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        image_type = ContentType.objects.get_for_model(get_image_model())
        document_type = ContentType.objects.get_for_model(get_document_model())
        # In the run's store, as the mapping: old URL path -> wp id, and
        # image id -> its file's URL (a link to an image in rich text).
        self.attachment_urls = self.store.table("attachment_urls")
        self.image_files = self.store.table("image_files")
        for row in self.mapping.values():
            if row["kind"] != "attachment":
                continue
            if row["data"].get("url"):
                self.attachment_urls[self._path(row["data"]["url"])] = row["wp_id"]
            if row["data"].get("type") == "image":
                self.image_files.setdefault(
                    row["object_id"], row["data"].get("file_url", "")
                )
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
            if kind == "image":
                self.image_files[obj.pk] = obj.file.url
            self.report.count("attachment", "updated" if existing else "created")
            for path in self._old_paths(item, wp_id):
                self._redirect(path, None, obj.file.url)

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
