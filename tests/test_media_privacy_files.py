"""Document files reach readers only through Wagtail's document view, which
checks collection privacy: the public media path never serves them, whether
the document is private or not. Images and audio stay on the media path."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
import wagtail_factories

from editorial.media import check_documents_are_served_privately, document_folder
from tests.factories_podcasts import transcript_document

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_media")]

TRANSCRIPT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n"


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def members_only(db):
    collection = Collection.get_first_root_node().add_child(name="Members")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def private_document(members_only):
    # Under a sub-collection: the restriction of an ancestor covers it too.
    nested = members_only.add_child(name="Minutes")
    document = transcript_document(name="board-minutes.vtt")
    document.collection = nested
    document.save()
    return document


@pytest.fixture
def public_document(db):
    return transcript_document(name="public-notes.vtt")


def media_url(document):
    return settings.MEDIA_URL + document.file.name


def test_private_document_file_is_not_on_the_media_path(client, private_document):
    assert private_document.file.name.startswith("documents/")
    response = client.get(media_url(private_document))
    assert response.status_code == 404
    assert b"Bonjour" not in body(response)
    assert client.head(media_url(private_document)).status_code == 404
    ranged = client.get(media_url(private_document), HTTP_RANGE="bytes=0-10")
    assert ranged.status_code == 404


def test_private_document_view_asks_for_login(client, private_document):
    url = private_document.url
    assert url == f"/documents/{private_document.pk}/{private_document.filename}"
    response = client.get(url)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [url]
    reader = get_user_model().objects.create_user("lecteur", password="x")
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == TRANSCRIPT


def test_public_document_is_served_by_the_document_view_only(client, public_document):
    # One rule for every document: the media path cannot tell whether a
    # collection will turn private later, the document view checks each time.
    assert client.get(media_url(public_document)).status_code == 404
    assert public_document.url.startswith("/documents/")
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert body(response) == TRANSCRIPT
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "prefix",
    [
        "images/../documents/",
        "./documents/",
        "/documents/",
        "documents//",
        "documents/./",
        "%64ocuments/",
        "documents%2f",
    ],
)
def test_the_document_folder_cannot_be_reached_by_another_spelling(
    client, private_document, public_document, prefix
):
    for document in (private_document, public_document):
        name = document.file.name.removeprefix("documents/")
        response = client.get(settings.MEDIA_URL + prefix + name)
        assert response.status_code == 404, prefix
        assert b"Bonjour" not in body(response)


def test_images_and_audio_are_still_served_from_media(client, members_only):
    # Wagtail publishes images wherever a page shows them (renditions carry
    # no privacy); only documents have a view that checks collections.
    image = wagtail_factories.ImageFactory(collection=members_only)
    original = client.get(image.file.url)
    assert original.status_code == 200
    rendition = image.get_rendition("fill-80x80")
    assert client.get(rendition.url).status_code == 200


@pytest.mark.parametrize(
    "upload_to, folder",
    [("documents", "documents"), ("files/docs/%Y/%m/", "files/docs")],
)
def test_document_folder_is_the_fixed_part_of_upload_to(monkeypatch, upload_to, folder):
    field = get_document_model()._meta.get_field("file")
    monkeypatch.setattr(field, "upload_to", upload_to)
    assert document_folder() == Path(folder)


@pytest.mark.parametrize(
    "upload_to", ["%Y/docs", lambda instance, name: name, "", "/srv/docs"]
)
def test_a_document_folder_that_cannot_be_known_is_a_configuration_error(
    monkeypatch, upload_to
):
    field = get_document_model()._meta.get_field("file")
    monkeypatch.setattr(field, "upload_to", upload_to)
    with pytest.raises(ImproperlyConfigured):
        document_folder()


def test_system_check_refuses_direct_links_to_document_files(settings):
    assert check_documents_are_served_privately() == []
    settings.WAGTAILDOCS_SERVE_METHOD = "direct"
    assert [error.id for error in check_documents_are_served_privately()] == [
        "pressroom.E101"
    ]


def test_system_check_reports_an_unknown_document_folder(monkeypatch):
    field = get_document_model()._meta.get_field("file")
    monkeypatch.setattr(field, "upload_to", lambda instance, name: name)
    assert [error.id for error in check_documents_are_served_privately()] == [
        "pressroom.E102"
    ]
    assert "pressroom.E102" in {error.id for error in run_checks()}


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_api_download_url_of_a_document_leads_to_its_file(
    client, public_document, version
):
    data = client.get(f"/api/{version}/documents/{public_document.pk}/").json()
    path = urlsplit(data["meta"]["download_url"]).path
    assert path == public_document.url
    response = client.get(path)
    assert response.status_code == 200
    assert body(response) == TRANSCRIPT


@pytest.mark.parametrize("path", ["a" * 300 + ".mp3", "x/" * 3000])
def test_names_no_file_can_have_are_404(client, public_document, path):
    assert client.get(settings.MEDIA_URL + path).status_code == 404


@pytest.mark.parametrize("path", ["a%00b.mp3", "documents/x%00.vtt"])
def test_names_with_a_nul_byte_are_refused_before_the_media_view(
    client, public_document, path
):
    # editorial.http_guards answers before any file name reaches the disk.
    assert client.get(settings.MEDIA_URL + path).status_code == 400
