"""An image too large to decode safely (121 megapixels: 10 s to list, 764 MB
in a worker) is refused at upload with a message, wherever editors create
images: the admin's add view, its multiple upload, the chooser's upload and
Wagtail's API v3. Nothing is saved."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import APIToken, Collection

import pytest
from PIL import Image as PILImage

pytestmark = [
    pytest.mark.django_db,
    # Pillow warns on opening anything over 89 megapixels; the refusal is ours.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

SIDE = 11_000  # 121 megapixels


@pytest.fixture(scope="module")
def huge_png():
    # One bit per pixel: 121 megapixels of blank compress to a few kilobytes.
    buffer = io.BytesIO()
    PILImage.new("1", (SIDE, SIDE)).save(buffer, "PNG")
    return buffer.getvalue()


def small_png(padding=0):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), "teal").save(buffer, "PNG")
    # Bytes after the end of a PNG are ignored by decoders: a big file, small image.
    return buffer.getvalue() + b"\0" * padding


def upload(data, name="huge.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("editrice", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def assert_pixel_refusal(message):
    assert str(SIDE * SIDE) in message
    assert str(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS) in message


def test_the_limit_is_below_the_refused_image():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < SIDE * SIDE


def test_admin_add_view_refuses_a_huge_image(client, editor, huge_png):
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Panorama",
            "file": upload(huge_png),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert_pixel_refusal(" ".join(response.context["form"].errors["file"]))
    assert_pixel_refusal(response.content.decode())
    assert not Image.objects.exists()


def test_admin_multiple_upload_refuses_a_huge_image(client, editor, huge_png):
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": upload(huge_png)},
    )
    data = response.json()
    assert data["success"] is False
    assert_pixel_refusal(data["error_message"])
    assert not Image.objects.exists()


def test_chooser_upload_refuses_a_huge_image(client, editor, huge_png):
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Panorama",
            "image-chooser-upload-file": upload(huge_png),
        },
    )
    assert response.status_code == 200
    assert_pixel_refusal(response.content.decode())
    assert not Image.objects.exists()


def test_api_v3_refuses_a_huge_image(client, editor, huge_png):
    _, token = APIToken.create_token(user=editor, name="import")
    client.logout()
    response = client.post(
        "/api/v3/images/",
        {"title": "Panorama", "file": upload(huge_png)},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert_pixel_refusal(response.content.decode())
    assert not Image.objects.exists()


def test_a_file_over_the_upload_size_is_refused(client, editor):
    data = small_png(padding=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    response = client.post(
        "/admin/images/multiple/add/", {"files[]": upload(data, name="padded.png")}
    )
    assert response.json()["success"] is False
    assert not Image.objects.exists()


def test_an_ordinary_image_is_accepted(client, editor):
    response = client.post(
        "/admin/images/multiple/add/", {"files[]": upload(small_png(), "photo.png")}
    )
    assert response.json()["success"] is True
    assert Image.objects.get().width == 640
