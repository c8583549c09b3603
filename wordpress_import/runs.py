"""Running an ``ImportRun`` (the admin's imports): a dry run at upload, the
import in a background task, progress saved as it goes."""

from .importer import WordPressImporter
from .models import ImportRun
from .wxr import WXRError


def execute(run, *, dry_run):
    def progress(done, total):
        ImportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    if not dry_run:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    run.file.open("rb")
    importer = WordPressImporter(
        run.file,
        site=run.site,
        dry_run=dry_run,
        overwrite=run.overwrite,
        category_base=run.category_base,
        tag_base=run.tag_base,
        user=run.created_by,
        progress=progress,
    )
    try:
        report = importer.run()
    except WXRError as error:
        run.file.close()
        run.status = ImportRun.Status.FAILED
        field = "dry_run_report" if dry_run else "report"
        setattr(run, field, {"error": str(error)})
        run.save(update_fields=["status", field])
        return run
    run.file.close()
    run.refresh_from_db(fields=["done", "total"])
    if dry_run:
        run.dry_run_report = report.as_dict()
        run.status = ImportRun.Status.CHECKED
        run.save(update_fields=["dry_run_report", "status"])
    else:
        run.report = report.as_dict()
        run.status = ImportRun.Status.DONE
        run.save(update_fields=["report", "status"])
    return run
