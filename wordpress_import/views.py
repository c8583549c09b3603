"""The admin's WordPress import: upload an export, read its dry-run report,
start the import (a background task), follow its progress, keep its report."""

import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import UploadForm
from .models import ImportRun
from .report import Report
from .wxr import WXRError

PERMISSION = "wordpress_import.run_import"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _run(pk):
    # The id comes from the URL's <int:pk>; an unknown one is a 404.
    return get_object_or_404(ImportRun.objects.select_related("site"), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def index(request):
    _check(request)
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            # Imported here, not at start-up: every worker loads the admin's
            # URLs (and so this module), few ever run an import.
            from .importer import WordPressImporter

            upload = form.cleaned_data["file"]
            importer = WordPressImporter(upload, site=form.cleaned_data["site"])
            try:
                # Read through once (streaming, no writes): a file that is not
                # a WordPress export is refused here, with its one-line reason.
                importer.scan()
            except WXRError as error:
                form.add_error("file", str(error))
            finally:
                importer.close()
        if form.is_valid():
            run = ImportRun.objects.create(
                file=form.cleaned_data["file"],
                site=form.cleaned_data["site"],
                overwrite=form.cleaned_data["overwrite"],
                category_base=form.cleaned_data["category_base"],
                tag_base=form.cleaned_data["tag_base"],
                created_by=request.user,
            )
            _enqueue(run, dry_run=True)
            return redirect("wordpress_import:detail", pk=run.pk)
        status = 400
    else:
        form = UploadForm()
    return TemplateResponse(
        request,
        "wordpress_import/index.html",
        {"form": form, "runs": ImportRun.objects.select_related("site")[:20]},
        status=status,
    )


def detail(request, pk):
    _check(request)
    run = _run(pk)
    running = run.status in (
        ImportRun.Status.CHECKING,
        ImportRun.Status.QUEUED,
        ImportRun.Status.RUNNING,
    )
    return TemplateResponse(
        request,
        "wordpress_import/detail.html",
        {
            "run": run,
            "running": running,
            "dry_run": Report.from_dict(run.dry_run_report)
            if run.dry_run_report
            else None,
            "report": Report.from_dict(run.report) if run.report else None,
            "percent": int(100 * run.done / run.total) if run.total else 0,
        },
    )


@require_POST
def start(request, pk):
    _check(request)
    run = _run(pk)
    if run.status != ImportRun.Status.CHECKED:
        return HttpResponse(
            _("This import has already been started."),
            status=409,
            content_type="text/plain",
        )
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED, done=0)
    _enqueue(run, dry_run=False)
    return redirect("wordpress_import:detail", pk=run.pk)


def _enqueue(run, *, dry_run):
    from .tasks import run_wordpress_import

    # Queued once the run is stored: a worker reads it from the database.
    transaction.on_commit(lambda: run_wordpress_import.enqueue(run.pk, dry_run))


def report_json(request, pk):
    _check(request)
    run = _run(pk)
    data = run.report or run.dry_run_report
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="wordpress-import-{run.pk}.json"'
    )
    return response
