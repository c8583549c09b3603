"""Responses of the episode routes (chapters, transcript)."""

from django.http import FileResponse, Http404, HttpResponse, JsonResponse

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


# One range, as RFC 9110 writes it; several ranges or other units are ignored
# (the whole file is a valid answer to them).
