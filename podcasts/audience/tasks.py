"""Background task of the audience counter (django-tasks, on the plugin's
backend: the database queue's worker in production)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

from editorial.conf import get_setting


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def drain_downloads():
    """Move the downloads counted on Redis into the database (rows and daily
    aggregates), then count the requests kept while Redis was down."""
    from .redis_counter import drain_pending

    return drain_pending()
