"""Episode audio: duration, size and type come from the file's content."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from podcasts.models import AudioFile
from tests.factories import DEMO_AUDIO


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "seconds"), [("episode-1.mp3", 14), ("episode-3.mp3", 33)]
)
def test_metadata_is_read_from_the_file(name, seconds):
    data = (DEMO_AUDIO / name).read_bytes()
    audio = AudioFile(title="Enregistrement", file=ContentFile(data, name=name))
    audio.full_clean()
    audio.save()
    audio.refresh_from_db()
    assert audio.duration_seconds == seconds
    assert audio.file_size == len(data)
    assert audio.mime_type == "audio/mpeg"


@pytest.mark.django_db
def test_replacing_the_file_updates_the_metadata():
    audio = AudioFile(
        title="x",
        file=ContentFile((DEMO_AUDIO / "episode-1.mp3").read_bytes(), name="a.mp3"),
    )
    audio.save()
    new = (DEMO_AUDIO / "episode-2.mp3").read_bytes()
    audio.file = ContentFile(new, name="b.mp3")
    audio.full_clean()
    audio.save()
    audio.refresh_from_db()
    assert (audio.duration_seconds, audio.file_size) == (21, len(new))


@pytest.mark.django_db
def test_a_file_that_is_not_audio_is_refused_with_a_message():
    fake = ContentFile(b"ID3 this is not really audio" * 100, name="fake.mp3")
    audio = AudioFile(title="Faux", file=fake)
    with pytest.raises(ValidationError) as error:
        audio.full_clean()
    assert "file" in error.value.message_dict
    assert AudioFile.objects.count() == 0


@pytest.mark.django_db
def test_editor_uploads_audio_in_the_admin(admin_client):
    data = (DEMO_AUDIO / "episode-2.mp3").read_bytes()
    response = admin_client.post(
        "/admin/snippets/podcasts/audiofile/add/",
        {
            "title": "Épisode 2",
            "file": SimpleUploadedFile("ep2.mp3", data, "audio/mpeg"),
        },
    )
    assert response.status_code == 302
    audio = AudioFile.objects.get()
    assert (audio.duration_seconds, audio.file_size, audio.mime_type) == (
        21,
        len(data),
        "audio/mpeg",
    )


@pytest.mark.django_db
def test_admin_refuses_a_file_that_is_not_audio(admin_client):
    response = admin_client.post(
        "/admin/snippets/podcasts/audiofile/add/",
        {
            "title": "Faux",
            "file": SimpleUploadedFile("faux.mp3", b"not audio" * 50, "audio/mpeg"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert AudioFile.objects.count() == 0
