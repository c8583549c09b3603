"""Uploaded media served by Django with HEAD and byte ranges, for the
embedded set-up (``DEBUG`` or ``PRESSROOM_SERVE_MEDIA``).

Serving media is the site's business, not the plugin's: production serves
them from the web server or object storage, and a host site of the plugin
serves its own media as it already does (podcast players need byte ranges:
see README, Install into your Wagtail site). WhiteNoise is therefore a
dependency of this site (the ``site`` extra), not of the plugin.
"""

import os
import re
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from wsgiref.headers import Headers

from django.conf import settings
from django.http import Http404
from django.urls import re_path

from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import MissingFileError, Response, SlicedFile, StaticFile

from editorial.media import document_folder

SINGLE_BYTE_RANGE = re.compile(
    r"\s*bytes\s*=\s*(?P<first>[0-9]*)-(?P<last>[0-9]*)\s*", re.IGNORECASE
)


def byte_range(range_header, size):
    """First and last positions (inclusive) that ``range_header`` asks for in
    a file of ``size`` bytes; first > last when none of its bytes exist (416).

    Raises ``ValueError`` for a header we do not serve, which RFC 9110 lets a
    server ignore.
    """
    match = SINGLE_BYTE_RANGE.fullmatch(range_header)
    if match is None or not (match["first"] or match["last"]):
        raise ValueError(range_header)
    if not match["first"]:
        return max(size - int(match["last"]), 0), size - 1
    first = int(match["first"])
    last = int(match["last"]) if match["last"] else size - 1
    return first, min(last, size - 1)


class MediaFile(StaticFile):
    """WhiteNoise's file responder with RFC 9110 byte ranges: one-byte ranges
    (Safari's and iOS's ``bytes=0-0`` probe, ``bytes=-1``) are satisfiable,
    where WhiteNoise 6.12 answers 416 (evansd/whitenoise#711), and a 416 keeps
    the CORS header so that a web player can read it."""

    def get_range_response(self, range_header, base_headers, file_handle):
        size = int(dict(base_headers)["Content-Length"])
        first, last = byte_range(range_header, size)
        if first > last:
            if file_handle is not None:
                file_handle.close()
            headers = [
                (name, value)
                for name, value in base_headers
                if name in ("Access-Control-Allow-Origin", "Accept-Ranges")
            ]
            headers.append(("Content-Range", f"bytes */{size}"))
            return Response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers, None)
        headers = [item for item in base_headers if item[0] != "Content-Length"]
        headers.append(("Content-Range", f"bytes {first}-{last}/{size}"))
        headers.append(("Content-Length", str(last - first + 1)))
        if file_handle is not None:
            file_handle = SlicedFile(file_handle, first, last)
        return Response(HTTPStatus.PARTIAL_CONTENT, headers, file_handle)


class MediaFiles(WhiteNoise):
    """``MEDIA_ROOT`` through WhiteNoise, with ``MediaFile`` responders."""

    def get_static_file(self, path, url, stat_cache=None):
        if stat_cache is None and not os.path.exists(path):
            raise MissingFileError(path)
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        self.add_cache_headers(headers, path, url)
        headers["Accept-Ranges"] = "bytes"
        # Web players on other sites fetch audio with CORS (to draw waveforms,
        # to read chapters and duration); images and the rest need no such access.
        if headers["Content-Type"].startswith("audio/"):
            headers["Access-Control-Allow-Origin"] = "*"
        # No encodings: uploads have no precompressed variants to pick from.
        return MediaFile(path, headers.items(), stat_cache=stat_cache)


@lru_cache(maxsize=4)
def _media_files(root, prefix):
    # autorefresh: the folder is looked up per request, so new uploads are found.
    files = MediaFiles(None, autorefresh=True, max_age=3600, allow_all_origins=False)
    files.add_files(root, prefix=prefix)
    return files


def _may_serve(root, path):
    """Whether ``path`` (under ``root``) may be served here: outside the
    document folder however spelt (``..``, symbolic links, a case-insensitive
    disk), and a name the disk can hold at all."""
    folder = Path(root, document_folder())
    try:
        folder_stat = folder.stat() if folder.exists() else None
        target = Path(root, path).resolve()
        return folder_stat is None or not any(
            os.path.samestat(parent.stat(), folder_stat)
            for parent in (target, *target.parents)
            if parent.exists()
        )
    except (OSError, ValueError):  # a NUL byte, a name too long for the disk
        return False


def serve_media(request, path):
    """Uploaded media with HEAD and byte ranges (``206``, ``Content-Range``,
    ``Accept-Ranges``, ``416``), which podcast apps need and Django's static()
    view lacks. WhiteNoise's file responder does the HTTP part. For the
    embedded set-up; production serves media from the web server or storage.

    Document files are never served here, private or not: Wagtail's document
    view (``/documents/<id>/<file name>``) serves them after checking the
    privacy of their collection.
    """
    root = str(settings.MEDIA_ROOT)
    if not _may_serve(root, path):
        raise Http404("No such media file.")
    static_file = _media_files(root, settings.MEDIA_URL).find_file(
        settings.MEDIA_URL + path
    )
    if static_file is None:
        raise Http404("No such media file.")
    return WhiteNoiseMiddleware.serve(static_file, request)


def media_urlpatterns():
    """Serve ``MEDIA_ROOT`` at ``MEDIA_URL`` with HEAD and byte-range support."""
    prefix = settings.MEDIA_URL.lstrip("/")
    if not prefix or "://" in settings.MEDIA_URL:
        return []
    return [re_path(rf"^{prefix}(?P<path>.+)$", serve_media, name="pressroom_media")]
