"""The e-mails of leads: confirmation (with the .ics), waiting list,
promotion, reminder and download link."""

import datetime

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation


def calendar_bytes(event, url=""):
    """The .ics of a registration's event (RFC 5545, ``icalendar``)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Pressroom//Leads//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.page_id}-{event.block_id}@pressroom")
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", event.title)
    if event.starts_at:
        vevent.add("dtstart", event.starts_at)
        vevent.add("dtend", event.starts_at + datetime.timedelta(hours=1))
    if event.place:
        vevent.add("location", event.place)
    if url:
        vevent.add("url", url)
    calendar.add_component(vevent)
    return calendar.to_ical()


def _send(to, subject, template, context, attachments=()):
    body = render_to_string(template, context)
    message = EmailMessage(subject=subject.strip(), body=body, to=[to])
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def registration_email(registration, kind, base_url, language):
    """``kind``: confirmed, waitlisted, promoted, reminder."""
    from leads.events import cancel_token

    event = registration.event
    cancel_url = base_url.rstrip("/") + reverse(
        "leads:cancel", args=[cancel_token(registration)]
    )
    with translation.override(language):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "cancel_url": cancel_url,
        }
        subject = render_to_string("leads/emails/registration_subject.txt", context)
        attachments = []
        if kind in ("confirmed", "promoted", "reminder"):
            attachments.append(("event.ics", calendar_bytes(event), "text/calendar"))
        _send(
            registration.contact.email,
            subject,
            "leads/emails/registration.txt",
            context,
            attachments,
        )


def download_email(contact, page_title, download_url, language):
    with translation.override(language):
        context = {"contact": contact, "title": page_title, "url": download_url}
        subject = render_to_string("leads/emails/download_subject.txt", context)
        _send(contact.email, subject, "leads/emails/download.txt", context)
