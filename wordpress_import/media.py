"""WordPress attachments as Wagtail images and documents.

A file is read from the copy of ``wp-content/uploads`` given to the import
(``--uploads-dir``), else downloaded from its URL with a short timeout; a
file that cannot be had returns None, for the importer to report.
"""

import io
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from .conf import get_setting

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


class FileUnavailable(Exception):
    """The attachment's file cannot be read; the message says why."""


def relative_upload_path(item):
    """``2024/01/photo.jpg`` for an attachment item."""
    attached = (item["meta"].get("_wp_attached_file") or [""])[0]
    if attached:
        return attached.lstrip("/")
    path = unquote(urlparse(item.get("wp:attachment_url", "")).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    return os.path.basename(path)


def is_image(name):
    return Path(name).suffix.lower() in IMAGE_EXTENSIONS


def read_file(item, uploads_dir):
    """The attachment's bytes, from ``uploads_dir`` or its URL."""
    relative = relative_upload_path(item)
    if uploads_dir:
        root = Path(uploads_dir).resolve()
        candidate = (root / relative).resolve()
        # A crafted path (../../etc/passwd) stays inside the uploads copy.
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate.read_bytes()
    url = item.get("wp:attachment_url", "")
    if not url.startswith(("http://", "https://")):
        raise FileUnavailable(f"not in the uploads directory: {relative}")
    return download(url)


def download(url):
    import requests

    limit = get_setting("PRESSROOM_WORDPRESS_MAX_DOWNLOAD_SIZE")
    try:
        with requests.get(
            url,
            timeout=get_setting("PRESSROOM_WORDPRESS_DOWNLOAD_TIMEOUT"),
            stream=True,
            allow_redirects=True,
        ) as response:
            if response.status_code != 200:
                raise FileUnavailable(f"HTTP {response.status_code} for {url}")
            data = io.BytesIO()
            for chunk in response.iter_content(65536):
                data.write(chunk)
                if data.tell() > limit:
                    raise FileUnavailable(f"larger than {limit} bytes: {url}")
            return data.getvalue()
    except requests.RequestException as error:
        raise FileUnavailable(f"{type(error).__name__} for {url}") from error


def create_image(title, name, content, alt):
    from django.core.files.images import ImageFile

    from wagtail.images import get_image_model

    image = get_image_model()(title=title[:255], description=alt[:255])
    image.file = ImageFile(io.BytesIO(content), name=os.path.basename(name))
    image._set_image_file_metadata()
    image.save()
    return image


def create_document(title, name, content):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    document = get_document_model()(title=title[:255])
    document.file = ContentFile(content, name=os.path.basename(name))
    document._set_document_file_metadata()
    document.save()
    return document


def guess_type(name):
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
