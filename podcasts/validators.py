"""Checks on what editors upload or type for a podcast: artwork, transcripts, links."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from PIL import Image as PILImage

ARTWORK_MIN_SIZE = 1400
ARTWORK_MAX_SIZE = 3000
ARTWORK_FORMATS = {"JPEG", "PNG"}


def validate_artwork(image):
    """Apple's artwork rules on a Wagtail image: square, 1400–3000 px, JPEG or
    PNG, RGB colour space. Raises ``ValidationError`` with every problem found."""
    errors = []
    try:
        with image.open_file() as file, PILImage.open(file) as picture:
            image_format, mode = picture.format, picture.mode
            width, height = picture.size
    # Pillow raises many types on hostile files, a storage its own on a missing
    # one: either refuses the artwork, never a 500.
    except Exception as error:
        raise ValidationError(_("The artwork file could not be read.")) from error
    if image_format not in ARTWORK_FORMATS:
        errors.append(
            _("The artwork must be a JPEG or PNG image (this one is %(format)s).")
            % {"format": image_format or "?"}
        )
    if mode != "RGB":
        errors.append(
            _(
                "The artwork must use the RGB colour space, without transparency "
                "(this one is %(mode)s)."
            )
            % {"mode": mode}
        )
    if width != height:
        errors.append(
            _("The artwork must be square (this one is %(width)s × %(height)s px).")
            % {"width": width, "height": height}
        )
    if not ARTWORK_MIN_SIZE <= width <= ARTWORK_MAX_SIZE:
        errors.append(
            _(
                "The artwork must be between %(min)s and %(max)s pixels wide "
                "(this one is %(width)s px)."
            )
            % {"min": ARTWORK_MIN_SIZE, "max": ARTWORK_MAX_SIZE, "width": width}
        )
    if errors:
        raise ValidationError(errors)


TRANSCRIPT_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip"}
SRT_TIMING = re.compile(
    r"^\s*\d+\s*\r?\n\d{1,2}:\d{2}:\d{2},\d{3} --> \d{1,2}:\d{2}:\d{2},\d{3}",
)


def transcript_kind(document):
    """``"vtt"`` or ``"srt"`` from the document's extension, else ``""``."""
    extension = document.file_extension.lower() if document else ""
    return extension if extension in TRANSCRIPT_TYPES else ""


def validate_transcript(document):
    """A transcript document must be a WebVTT or SubRip file, checked by content."""
    kind = transcript_kind(document)
    if not kind:
        raise ValidationError(
            _("The transcript must be a WebVTT (.vtt) or SubRip (.srt) file.")
        )
    try:
        with document.open_file() as file:
            head = file.read(4096)
    # Each storage backend raises its own types (OSError locally, its client's
    # remotely): any of them refuses the document.
    except Exception as error:
        raise ValidationError(_("The transcript file could not be read.")) from error
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The transcript must be UTF-8 text.")) from error
    if kind == "vtt" and not text.startswith("WEBVTT"):
        raise ValidationError(
            _("This is not a WebVTT file: it must start with “WEBVTT”.")
        )
    if kind == "srt" and not SRT_TIMING.match(text):
        raise ValidationError(
            _(
                "This is not a SubRip file: it must start with a cue number and "
                "a timing line such as “00:00:01,000 --> 00:00:04,000”."
            )
        )


_http_url = URLValidator(schemes=["http", "https"])


def validate_subscribe_url(value):
    """A web address, or a ``mailto:`` address for the e-mail subscription."""
    if value.startswith("mailto:"):
        if "@" not in value[len("mailto:") :]:
            raise ValidationError(_("Enter a valid e-mail link (mailto:…)."))
        return
    _http_url(value)


# Characters XML 1.0 forbids (C0 controls except tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text):
    return XML_ILLEGAL.sub("", str(text))


CUE_TIMING = re.compile(r"-->")


def transcript_cue_text(document, limit=500_000):
    """The spoken text of a WebVTT/SubRip file: cue numbers, timings, the
    header and notes dropped; one line per cue."""
    try:
        with document.open_file() as file:
            raw = file.read(limit).decode("utf-8-sig", errors="replace")
    # A missing or unreadable transcript (any storage backend's error) leaves
    # the page without its text rather than failing it.
    except Exception:  # noqa: BLE001
        return ""
    lines, skip_block = [], False
    for line in raw.splitlines():
        stripped = line.strip()
        if not stripped:
            skip_block = False
            continue
        if skip_block:
            continue
        if stripped.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            skip_block = True
            continue
        if stripped.isdigit() or CUE_TIMING.search(stripped):
            continue
        lines.append(re.sub(r"<[^>]+>", "", stripped))
    return xml_safe("\n".join(lines))
