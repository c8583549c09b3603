"""Background work of leads (django-tasks): e-mails and reminders. Tasks take
ids, never addresses, so the queue and its logs hold no contact data."""

import datetime

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

from django.utils import timezone

from leads.conf import get_setting


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def send_registration_email(registration_id, kind, base_url, language):
    from leads import mail
    from leads.models import Registration

    registration = (
        Registration.objects.select_related("event", "contact")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    cancelled = registration.status == Registration.CANCELLED
    if cancelled != (kind == "cancelled"):  # changed since it was queued
        return
    if kind == "updated" and registration.status != Registration.CONFIRMED:
        return
    mail.registration_email(registration, kind, base_url, language)
    if kind in ("confirmed", "promoted", "updated"):
        schedule_reminder(registration, base_url, language)


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def send_reminder(registration_id, base_url, language, starts_at=None):
    """The reminder the day before; sent once, to confirmed registrations,
    not when the event moved or started."""
    from leads import mail
    from leads.models import Registration

    registration = (
        Registration.objects.select_related("event", "contact")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.status != Registration.CONFIRMED:
        return
    if registration.reminded_at or not registration.event.starts_at:
        return
    if registration.event.starts_at <= timezone.now():
        return
    # Queued for another date of a moved event: the new date has its own.
    if starts_at and starts_at != registration.event.starts_at.isoformat():
        return
    updated = Registration.objects.filter(pk=registration.pk, reminded_at=None).update(
        reminded_at=timezone.now()
    )
    if updated:
        mail.registration_email(registration, "reminder", base_url, language)


def reminder_time(event):
    return event.starts_at - datetime.timedelta(
        hours=get_setting("PRESSROOM_EVENT_REMINDER_HOURS")
    )


def schedule_reminder(registration, base_url, language):
    """Queue the reminder for the day before (a backend that defers tasks:
    the database queue). Too late for it, or a backend that runs tasks at
    once: ``send_event_reminders`` sends the due ones."""
    event = registration.event
    if not event.starts_at:
        return
    when = reminder_time(event)
    backend = send_reminder.get_backend()
    if when > timezone.now() and backend.supports_defer:
        send_reminder.using(run_after=when).enqueue(
            registration.pk, base_url, language, event.starts_at.isoformat()
        )


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def send_download_email(contact_id, page_title, download_url, language, base_url=""):
    from contacts.models import Contact
    from leads import mail

    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is not None:
        mail.download_email(contact, page_title, download_url, language, base_url)
