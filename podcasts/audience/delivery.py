"""Handing the audio over once the request is counted: serve it from a local
storage with byte ranges, let nginx send it (X-Accel-Redirect), or redirect
to the storage's own URL (object storage; the player repeats its ``Range``
header there)."""

import re
from http import HTTPStatus
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.cache import patch_cache_control

from podcasts.conf import get_setting

# One range as RFC 9110 writes it; several ranges or other units are ignored
# (the whole file is a valid answer to them).
SINGLE_RANGE = re.compile(r"\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*", re.IGNORECASE)
CHUNK = 256 * 1024


def requested_range(range_header, size):
    """``(first, last)`` inclusive positions a ``Range`` header asks for in a
    file of ``size`` bytes; ``None`` for the whole file (no header or one we
    ignore); ``first > last`` when unsatisfiable (416)."""
    if not range_header:
        return None
    match = SINGLE_RANGE.fullmatch(range_header)
    if match is None or not (match[1] or match[2]):
        return None
    if not match[1]:
        return max(size - int(match[2]), 0), size - 1
    first = int(match[1])
    last = int(match[2]) if match[2] else size - 1
    if match[2] and last < first:
        return None  # syntactically invalid: ignored
    return first, min(last, size - 1)


def covered_bytes(range_header, size):
    """Bytes a request will receive (0 for an unsatisfiable range)."""
    span = requested_range(range_header, size)
    if span is None:
        return size
    first, last = span
    return max(last - first + 1, 0)


def delivery_mode(storage):
    mode = get_setting("PRESSROOM_PODCAST_AUDIENCE_DELIVERY")
    if mode == "auto":
        return "serve" if isinstance(storage, FileSystemStorage) else "redirect"
    return mode


def _common_headers(response, audio):
    # Counted per request: never kept by a shared cache (Varnish, the page
    # cache), which would answer the next listener without counting.
    patch_cache_control(response, private=True, no_store=True)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = (
        "Content-Length, Content-Range, Accept-Ranges"
    )
    return response


def _chunks(file, first, length):
    try:
        file.seek(first)
        while length > 0:
            data = file.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        file.close()


def serve(request, audio):
    """The file with ``HEAD``, ``Accept-Ranges`` and single byte ranges
    (``206``/``416``), read from its storage."""
    size = audio.file_size or audio.file.size
    span = requested_range(request.headers.get("Range", ""), size)
    if span is not None and span[0] > span[1]:
        response = HttpResponse(status=HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return _common_headers(response, audio)
    first, last = span if span is not None else (0, size - 1)
    length = last - first + 1
    if request.method == "HEAD":
        response = HttpResponse(content_type=audio.mime_type)
    else:
        file = audio.file.storage.open(audio.file.name, "rb")
        response = StreamingHttpResponse(
            _chunks(file, first, length), content_type=audio.mime_type
        )
    if span is not None:
        response.status_code = HTTPStatus.PARTIAL_CONTENT
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    return _common_headers(response, audio)


def accel(request, audio):
    """An empty answer nginx replaces with the file from its internal
    location (which answers ranges and HEAD itself)."""
    prefix = get_setting("PRESSROOM_PODCAST_AUDIENCE_ACCEL_PREFIX")
    response = HttpResponse(content_type=audio.mime_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(audio.file.name)
    return _common_headers(response, audio)


def redirect(request, audio):
    response = HttpResponseRedirect(audio.file.url)
    return _common_headers(response, audio)


def deliver(request, audio):
    mode = delivery_mode(audio.file.storage)
    if mode == "serve":
        return serve(request, audio)
    if mode == "accel":
        return accel(request, audio)
    return redirect(request, audio)
