"""Responses of the episode routes (chapters, transcript) and the media server."""

from functools import lru_cache

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse

from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware

from podcasts.validators import xml_safe


def chapters_response(episode):
    """Podcasting 2.0 JSON chapters of an episode (404 when it has none)."""
    data = episode.chapters_json()
    if not data["chapters"]:
        raise Http404("This episode has no chapters.")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json+chapters; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def transcript_file_response(episode):
    """The uploaded WebVTT/SubRip transcript, with its own MIME type."""
    document = episode.public_transcript_document
    if document is None or not episode.transcript_type:
        raise Http404("This episode has no transcript file.")
    try:
        file = document.file.open("rb")
    except OSError as error:
        raise Http404("The transcript file is missing.") from error
    response = FileResponse(
        file, content_type=f"{episode.transcript_type}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def transcript_text_response(episode):
    if not episode.transcript_text:
        raise Http404("This episode has no transcript text.")
    response = HttpResponse(
        xml_safe(episode.transcript_text), content_type="text/plain; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _advertise_ranges(headers, path, url):
    headers["Accept-Ranges"] = "bytes"


@lru_cache(maxsize=4)
def _media_files(root, prefix):
    # autorefresh: the folder is looked up per request, so new uploads are found.
    files = WhiteNoise(
        None,
        autorefresh=True,
        max_age=3600,
        allow_all_origins=True,
        add_headers_function=_advertise_ranges,
    )
    files.add_files(root, prefix=prefix)
    return files


def serve_media(request, path):
    """Uploaded media with HEAD and byte ranges (``206``, ``Content-Range``,
    ``Accept-Ranges``, ``416``), which podcast apps need and Django's static()
    view lacks. WhiteNoise's file responder does the HTTP part. For the
    embedded set-up; production serves media from the web server or storage."""
    files = _media_files(str(settings.MEDIA_ROOT), settings.MEDIA_URL)
    static_file = files.find_file(settings.MEDIA_URL + path)
    if static_file is None:
        raise Http404("No such media file.")
    return WhiteNoiseMiddleware.serve(static_file, request)
