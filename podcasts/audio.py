"""Reading an audio file's duration, size and type from its content (mutagen)."""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# mutagen's first MIME type per format is not always the registered one.
MIME_TYPES = {
    "MP3": "audio/mpeg",
    "MP4": "audio/mp4",
    "AAC": "audio/aac",
    "OggOpus": "audio/ogg",
    "OggVorbis": "audio/ogg",
}


@dataclass(frozen=True)
class AudioMetadata:
    duration_seconds: int
    file_size: int
    mime_type: str


def read_audio_metadata(file, max_size=None):
    """Metadata of an uploaded or stored file; ``ValidationError`` if it is not
    audio of an accepted format, or larger than ``max_size`` bytes."""
    if max_size is not None and file.size > max_size:
        raise ValidationError(
            _(
                "This file is %(size)s MB; audio files are limited to %(max)s MB "
                "(setting PRESSROOM_PODCAST_MAX_AUDIO_SIZE)."
            )
            % {"size": round(file.size / 10**6, 1), "max": round(max_size / 10**6, 1)}
        )
    import mutagen  # on upload only: readers' workers need not load it

    file.seek(0)
    try:
        audio = mutagen.File(file)
    # mutagen's parsers raise many types (struct, index, value errors) on hostile
    # files: any of them refuses the upload, never a 500.
    except Exception as error:
        raise ValidationError(_("This file could not be read as audio.")) from error
    finally:
        file.seek(0)
    if audio is None or not getattr(audio.info, "length", 0):
        raise ValidationError(
            _(
                "This file is not an audio file Pressroom can read (MP3, M4A/AAC, Ogg/Opus)."
            )
        )
    kind = type(audio).__name__
    mime_type = MIME_TYPES.get(kind)
    if mime_type is None:  # FLAC, WAV, video...: not for podcast apps
        raise ValidationError(
            _("This audio format is not accepted: upload MP3, M4A/AAC or Ogg/Opus.")
        )
    return AudioMetadata(
        duration_seconds=round(audio.info.length),
        file_size=file.size,
        mime_type=mime_type,
    )


def title_from_file(file):
    """A title for an uploaded recording: its title tag (ID3, MP4, Vorbis
    comment), else its file name made readable ("episode_12-final.mp3" →
    "episode 12 final")."""
    import mutagen

    file.seek(0)
    try:
        audio = mutagen.File(file, easy=True)
    except Exception:  # noqa: BLE001 - unreadable tags: the file name still gives a title
        audio = None
    finally:
        file.seek(0)
    tags = getattr(audio, "tags", None) or {}
    try:
        titles = tags.get("title") or []
    except Exception:  # noqa: BLE001 - some tag formats refuse lookups by name
        titles = []
    title = " ".join(str(value) for value in titles).strip()
    if title:
        return title[:255]
    stem = PurePath(getattr(file, "name", "") or "").stem
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:255]
