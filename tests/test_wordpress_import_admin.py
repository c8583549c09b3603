"""The admin's WordPress import: upload, dry-run report, import as a
background task, progress and report; refused without the permission."""

import json

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

import pytest

from articles.models import ArticlePage
from tests.wordpress_helpers import FIXTURES
from wordpress_import.models import ImportRun


def upload(name="codeat_glossary.xml", content=None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="text/xml")


@pytest.fixture
def importer_client(client, django_user_model, home):
    user = django_user_model.objects.create_superuser("importer", "i@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model, home):
    """An editor of the admin without the import permission."""
    user = django_user_model.objects.create_user("editor", "e@example.com", "pw")
    group = Group.objects.create(name="Editors without import")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def refused(response):
    # Wagtail's admin answers a PermissionDenied with a redirect to its
    # dashboard and a "no permission" message.
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_refused_without_permission(editor_client):
    run = ImportRun.objects.create(
        file=upload(), site=Site.objects.get(is_default_site=True)
    )
    for url in (
        reverse("wordpress_import:index"),
        reverse("wordpress_import:detail", args=[run.pk]),
        reverse("wordpress_import:report", args=[run.pk]),
    ):
        assert refused(editor_client.get(url))
    assert refused(editor_client.post(reverse("wordpress_import:start", args=[run.pk])))
    response = editor_client.post(
        reverse("wordpress_import:index"),
        {"file": upload(), "site": Site.objects.get(is_default_site=True).pk},
    )
    assert refused(response)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKING
    assert ImportRun.objects.count() == 1
    assert "wordpress-import" not in editor_client.get("/admin/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required"),
        ({"file": upload(content=b"not xml at all")}, "Not a well-formed XML file"),
        ({"file": SimpleUploadedFile("export.exe", b"MZ")}, "File extension"),
        (
            {"file": upload("publication.xml"), "category_base": "../"},
            "such as “rubrique”",
        ),
        (
            {
                "file": upload(
                    content=(FIXTURES / "bad/billion_laughs.xml").read_bytes()
                )
            },
            "Refused",
        ),
        (
            {"file": upload(content=(FIXTURES / "bad/not_wxr.xml").read_bytes())},
            "Not a WordPress export",
        ),
    ],
)
def test_bad_uploads_get_a_400_with_the_reason(importer_client, data, message):
    data = {**data, "site": Site.objects.get(is_default_site=True).pk}
    with translation.override("en"):
        response = importer_client.post(
            reverse("wordpress_import:index"), data, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_bad_ids_and_states(importer_client):
    assert (
        importer_client.get(reverse("wordpress_import:detail", args=[999])).status_code
        == 404
    )
    assert (
        importer_client.post(reverse("wordpress_import:start", args=[999])).status_code
        == 404
    )
    assert importer_client.get("/admin/wordpress-import/abc/").status_code == 404
    run = ImportRun.objects.create(
        file=upload(), site=Site.objects.get(is_default_site=True), status="done"
    )
    response = importer_client.post(reverse("wordpress_import:start", args=[run.pk]))
    assert response.status_code == 409
    assert (
        importer_client.get(
            reverse("wordpress_import:start", args=[run.pk])
        ).status_code
        == 405
    )


@pytest.mark.django_db
def test_upload_dry_run_then_import(
    importer_client, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    pages = Page.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = importer_client.post(
            reverse("wordpress_import:index"),
            {
                "file": upload("publication.xml"),
                "site": site.pk,
                "category_base": "/rubrique/",
                "tag_base": "",
            },
        )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.category_base, run.tag_base) == ("rubrique", "")
    assert run.status == ImportRun.Status.CHECKED
    assert run.dry_run_report["counts"]["post"]["created"] == 5
    # The dry run wrote nothing.
    assert Page.objects.count() == pages
    page = importer_client.get(response["Location"]).content.decode()
    assert "Photo perdue" in page  # its warning
    assert reverse("wordpress_import:start", args=[run.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = importer_client.post(
            reverse("wordpress_import:start", args=[run.pk])
        )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.done == run.total == 11  # 4 attachments, 5 posts, 2 pages
    assert run.report["counts"]["post"]["created"] == 5
    assert ArticlePage.objects.count() == 5
    assert Redirect.objects.filter(old_path="/rubrique/ecosysteme").exists()
    assert Redirect.objects.filter(old_path="/tag/formation").exists()
    detail = importer_client.get(reverse("wordpress_import:detail", args=[run.pk]))
    assert detail.status_code == 200
    report = importer_client.get(reverse("wordpress_import:report", args=[run.pk]))
    assert json.loads(report.content)["counts"]["post"]["created"] == 5
    listing = importer_client.get(reverse("wordpress_import:index")).content.decode()
    assert reverse("wordpress_import:detail", args=[run.pk]) in listing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_production_queue_and_worker(importer_client, settings):
    """In production the dry run and the import wait in the database queue
    until db_worker runs them; the page shows where they are."""
    from django.core.management import call_command

    from django_tasks_db.models import DBTaskResult

    from wordpress_import.tasks import run_wordpress_import

    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    assert type(run_wordpress_import.get_backend()).__name__ == "DatabaseBackend"

    def worker():
        call_command(
            "db_worker",
            "--batch",
            "--backend",
            "pressroom",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )

    site = Site.objects.get(is_default_site=True)
    response = importer_client.post(
        reverse("wordpress_import:index"),
        {"file": upload("codeat_glossary.xml"), "site": site.pk},
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKING
    page = importer_client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page
    worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
    assert run.dry_run_report["counts"]["glossary"]["created"] == 1

    importer_client.post(reverse("wordpress_import:start", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.QUEUED
    worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.done == run.total == 1
    assert run.report["counts"]["glossary"]["created"] == 1
    # The dry run and the import (the see-also refresh the import queued
    # ran as well).
    ours = DBTaskResult.objects.filter(task_path__endswith="run_wordpress_import")
    assert list(ours.values_list("status", flat=True)) == ["SUCCESSFUL"] * 2
