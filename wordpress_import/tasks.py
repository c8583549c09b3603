"""The import started from the admin, as a background task (django-tasks on
``PRESSROOM_TASKS_BACKEND``): at once in development and tests, through the
database queue and its worker in production."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

from editorial.conf import get_setting


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def run_wordpress_import(run_id, dry_run=False):
    """Import the export of ``ImportRun`` ``run_id`` (or only report what
    the import would do), saving its progress and, at the end, its report."""
    from .models import ImportRun
    from .runs import execute

    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None:
        execute(run, dry_run=dry_run)
