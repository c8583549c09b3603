"""Audio metadata read from real small MP3, M4A and Ogg/Opus files made here."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

import pytest

from podcasts.models import AudioFile
from tests.factories_podcasts import encode_audio

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "mime_type"),
    [("mp3", "audio/mpeg"), ("m4a", "audio/mp4"), ("opus", "audio/ogg")],
)
def test_metadata_of_real_files(kind, mime_type):
    data = encode_audio(kind, seconds=4)
    audio = AudioFile(title=kind, file=ContentFile(data, name=f"ep.{kind}"))
    audio.full_clean()
    audio.save()
    audio.refresh_from_db()
    assert audio.duration_seconds == 4
    assert audio.file_size == len(data) == audio.file.size
    assert audio.mime_type == mime_type


def test_type_comes_from_the_content_not_the_extension():
    # An Ogg/Opus recording named .mp3 is still Ogg/Opus.
    data = encode_audio("opus", seconds=2)
    audio = AudioFile(title="x", file=ContentFile(data, name="misnamed.mp3"))
    audio.full_clean()
    assert audio.mime_type == "audio/ogg"


def test_replacing_the_file_updates_duration_size_and_type():
    audio = AudioFile(title="x", file=ContentFile(encode_audio("mp3", 2), name="a.mp3"))
    audio.save()
    new = encode_audio("m4a", 5)
    audio.file = ContentFile(new, name="b.m4a")
    audio.full_clean()
    audio.save()
    audio.refresh_from_db()
    assert (audio.duration_seconds, audio.file_size, audio.mime_type) == (
        5,
        len(new),
        "audio/mp4",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"ID3 this is not really audio" * 100,
        b"OggS" + b"\x00" * 400,
        b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 300,
    ],
)
def test_fake_audio_is_refused_with_a_message(data):
    audio = AudioFile(title="Faux", file=ContentFile(data, name="faux.m4a"))
    with pytest.raises(ValidationError) as error:
        audio.full_clean()
    assert error.value.message_dict["file"]
    assert AudioFile.objects.count() == 0


def test_other_audio_formats_are_refused():
    audio = AudioFile(
        title="FLAC", file=ContentFile(encode_audio("flac", 2), name="master.ogg")
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        audio.full_clean()
    assert "MP3, M4A/AAC or Ogg/Opus" in " ".join(error.value.message_dict["file"])


def test_size_limit_by_setting(settings, admin_client):
    data = encode_audio("mp3", 2)
    settings.PRESSROOM_PODCAST_MAX_AUDIO_SIZE = len(data) - 1
    audio = AudioFile(title="Gros", file=ContentFile(data, name="gros.mp3"))
    with pytest.raises(ValidationError) as error:
        audio.full_clean()
    (message,) = error.value.message_dict["file"]
    assert "PRESSROOM_PODCAST_MAX_AUDIO_SIZE" in message
    # In the admin: the form shows the message, nothing is stored.
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        "/admin/snippets/podcasts/audiofile/add/",
        {"title": "Gros", "file": SimpleUploadedFile("gros.mp3", data, "audio/mpeg")},
    )
    assert response.status_code == 200
    assert "PRESSROOM_PODCAST_MAX_AUDIO_SIZE" in str(
        response.context["form"].errors["file"]
    )
    assert AudioFile.objects.count() == 0
