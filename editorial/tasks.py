"""Background tasks of the Pressroom plugin (django-tasks).

Django 6 ships the tasks framework as ``django.tasks``; on Django 5.2 the
``django-tasks`` backport provides the same API (and django-tasks-db, the
database backend and its ``db_worker`` command, follows the same choice).
Tasks run on the backend named by ``PRESSROOM_TASKS_BACKEND``: immediately in
development and tests, through the database queue in production.
"""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task


@task()
def refresh_related(page_ids):
    """Recompute the see-also candidates around ``page_ids`` (``editorial.related``)."""
    from editorial.related import refresh

    refresh(page_ids)
