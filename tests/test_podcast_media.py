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


@pytest.mark.parametrize(
    "header, first, last",
    [
        ("bytes=0-0", 0, 0),  # Safari's and iOS's probe
        ("bytes=7-7", 7, 7),
        ("bytes=-1", -1, -1),  # last byte (MP4 demuxers read the tail)
        ("bytes= 0-0", 0, 0),
    ],
)
def test_single_byte_ranges(client, audio, header, first, last):
    size = audio.file_size
    first, last = first % size, last % size
    response = client.get(audio.url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Length"] == "1"
    data = body(response)
    assert data == audio.file.open("rb").read()[first : last + 1]
    assert len(data) == 1


def test_head_of_a_single_byte_range(client, audio):
    response = client.head(audio.url, HTTP_RANGE="bytes=0-0")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-0/{audio.file_size}"
    assert response["Content-Length"] == "1"
    assert body(response) == b""


def test_open_suffix_and_clipped_ranges(client, audio):
    size = audio.file_size
    content = audio.file.open("rb").read()
    open_ended = client.get(audio.url, HTTP_RANGE="bytes=100-")
    assert open_ended.status_code == 206
    assert open_ended["Content-Range"] == f"bytes 100-{size - 1}/{size}"
    assert body(open_ended) == content[100:]
    suffix = client.get(audio.url, HTTP_RANGE="bytes=-500")
    assert suffix["Content-Range"] == f"bytes {size - 500}-{size - 1}/{size}"
    assert body(suffix) == content[-500:]
    # A last position past the end is clipped to the file (RFC 9110 14.1.2).
    clipped = client.get(audio.url, HTTP_RANGE=f"bytes=10-{size + 999}")
    assert clipped.status_code == 206
    assert clipped["Content-Range"] == f"bytes 10-{size - 1}/{size}"
    assert body(clipped) == content[10:]


@pytest.mark.parametrize(
    "header",
    [
        "bytes={size}-",  # starts at the end
        "bytes={size}-{size}",
        "bytes=500-499",  # last before first
        "bytes=-0",  # an empty suffix
    ],
)
def test_unsatisfiable_ranges_are_416(client, audio, header):
    size = audio.file_size
    response = client.get(audio.url, HTTP_RANGE=header.format(size=size))
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert body(response) == b""


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6",  # several ranges: the whole file is a valid answer
        "bytes=abc",
        "bytes=--5",
        "bytes=+1-2",
        "items=0-1",
        "bytes=1-2-3",
    ],
)
def test_ranges_we_do_not_serve_give_the_whole_file(client, audio, header):
    response = client.get(audio.url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert len(body(response)) == audio.file_size


def test_audio_may_be_loaded_by_players_on_other_sites(client, audio):
    answers = [
        client.get(audio.url),
        client.head(audio.url),
        client.get(audio.url, HTTP_RANGE="bytes=0-0"),
        client.get(audio.url, HTTP_RANGE=f"bytes={audio.file_size}-"),
    ]
    for response in answers:
        assert response["Access-Control-Allow-Origin"] == "*", response.status_code


def test_images_are_not_open_to_other_sites(client):
    import wagtail_factories

    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("fill-80x80")
    for url in (image.file.url, rendition.url):
        response = client.get(url)
        assert response.status_code == 200
        assert "Access-Control-Allow-Origin" not in response, url
