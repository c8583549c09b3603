"""Audio URLs answer HEAD and byte ranges, as Apple and seeking players require."""

import pytest

from tests.factories_podcasts import audio_file

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_media")]


@pytest.fixture
def audio():
    return audio_file("mp3")


def body(response):
    return b"".join(response.streaming_content)


def test_range_of_two_bytes(client, audio):
    response = client.get(audio.url, HTTP_RANGE="bytes=0-1")
    assert response.status_code == 206
    data = body(response)
    assert data == audio.file.open("rb").read(2)
    assert len(data) == 2
    assert response["Content-Range"] == f"bytes 0-1/{audio.file_size}"
    assert response["Content-Length"] == "2"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "audio/mpeg"


def test_open_ended_and_suffix_ranges(client, audio):
    size = audio.file_size
    tail = client.get(audio.url, HTTP_RANGE=f"bytes={size - 10}-")
    assert tail.status_code == 206
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert len(body(tail)) == 10
    suffix = client.get(audio.url, HTTP_RANGE="bytes=-5")
    assert suffix.status_code == 206
    assert len(body(suffix)) == 5


def test_whole_file_advertises_ranges(client, audio):
    response = client.get(audio.url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == audio.file_size
    assert len(body(response)) == audio.file_size


def test_head_gives_headers_without_body(client, audio):
    response = client.head(audio.url)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == audio.file_size
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == b""


def test_unsatisfiable_range_is_416(client, audio):
    response = client.get(audio.url, HTTP_RANGE=f"bytes={audio.file_size + 10}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{audio.file_size}"


def test_missing_files_and_escapes_are_404(client, audio):
    assert client.get("/media/podcasts/audio/none.mp3").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404
    assert client.get("/media/%2e%2e/etc/passwd").status_code == 404
