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

from editorial import listing_cache
from editorial.conf import get_setting


# The task is of the class its backend names (Django 6 asks the backend), so
# it is bound to Pressroom's backend alias from the start.
@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def refresh_related(page_ids):
    """Recompute the see-also candidates around ``page_ids`` (``editorial.related``)."""
    from editorial.related import refresh

    refresh(page_ids)
    _purge_panels_around(page_ids)
    # Cached see-also panels (editorial.fragment_cache) rendered before the
    # refresh are not served again.
    listing_cache.bump()


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def rebuild_related():
    """Recompute every page's see-also candidates (a change touching a large
    section: cheaper than refreshing its pages one by one)."""
    from editorial import cache_tags
    from editorial.page_cache_signals import schedule_purge
    from editorial.related import rebuild_all

    rebuild_all()
    schedule_purge({cache_tags.ALL})
    listing_cache.bump()


def _purge_panels_around(page_ids):
    """Panels rendered between a change and its refresh (the queue runs
    later in production) were cached with the old candidates: purge the
    responses that show a see-also filled from the changed pages' tags."""
    from taggit.models import Tag

    from editorial import cache_tags
    from editorial.page_cache_signals import schedule_purge
    from editorial.related import tags_of

    tag_ids = set().union(*tags_of(page_ids).values())
    slugs = Tag.objects.filter(pk__in=tag_ids).values_list("slug", flat=True)
    schedule_purge({cache_tags.tag_tag(slug) for slug in slugs})
