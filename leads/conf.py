"""Settings of the leads app, each with a default, read in this one place."""

from django.conf import settings

DEFAULTS = {
    # Seconds a gated resource's download link stays valid.
    "PRESSROOM_DOWNLOAD_LINK_MAX_AGE": 7 * 24 * 3600,
    # Days a reader who filled in a resource form is not asked again
    # (signed cookie); 0: always asked.
    "PRESSROOM_READER_MEMORY_DAYS": 90,
    # Days a registration's cancel link stays valid (it stops anyway once
    # the event has started).
    "PRESSROOM_CANCEL_LINK_MAX_AGE_DAYS": 366,
    # Hours before an event its reminder is sent.
    "PRESSROOM_EVENT_REMINDER_HOURS": 24,
    # django-tasks backend alias of the e-mails and reminders.
    "PRESSROOM_TASKS_BACKEND": "default",
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
