"""The e-mails of leads: confirmation, waiting list, promotion, cancellation
and reminder (with the event's .ics), and the download link. Each is
multipart, plain text and HTML (``leads/emails/*.txt`` / ``*.html``), in the
reader's language, and carries the cancel link (registrations) and the link
to withdraw consent (every e-mail)."""

import datetime
from urllib.parse import urlsplit

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from contacts.consent import withdraw_url
from leads.events import PAGE_EVENT_ID

# The kinds of registration e-mail, and the calendar METHOD of the .ics each
# carries (none for the waiting list: no seat yet).
CALENDAR_METHODS = {
    "confirmed": "PUBLISH",
    "promoted": "PUBLISH",
    "reminder": "PUBLISH",
    "updated": "PUBLISH",
    "cancelled": "CANCEL",
}


def event_uid(event):
    """The calendar UID of an event: the same in every e-mail, across changes
    and whatever address the reader used (its block id, stable across
    revisions, at the hostname of its page's site), so calendars keep one
    entry; it matches the article's "Add to calendar" served on that host."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=event.page_id).first()
    site = page.get_site() if page is not None else None
    host = site.hostname if site is not None else "pressroom"
    if event.block_id == PAGE_EVENT_ID:
        return f"page-{event.page_id}@{host}"
    return f"{event.block_id}@{host}"


def calendar_bytes(event, base_url="", url="", method="PUBLISH"):
    """The .ics of a registration's event (RFC 5545, ``icalendar``): the
    event's real end, its time zone (VTIMEZONE), a stable UID, SEQUENCE
    raised at each change and, with ``method="CANCEL"``, a cancellation."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Pressroom//Leads//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("sequence", event.sequence + (1 if method == "CANCEL" else 0))
    vevent.add("summary", event.title)
    tz = _zone(event.time_zone)
    if event.starts_at:
        if event.all_day:
            vevent.add("dtstart", timezone.localtime(event.starts_at, tz).date())
            end = event.ends_at or event.starts_at + datetime.timedelta(days=1)
            vevent.add("dtend", timezone.localtime(end, tz).date())
        else:
            vevent.add("dtstart", timezone.localtime(event.starts_at, tz))
            if event.ends_at:
                vevent.add("dtend", timezone.localtime(event.ends_at, tz))
    if event.place:
        vevent.add("location", event.place)
    if url:
        vevent.add("url", url)
    if method == "CANCEL":
        vevent.add("status", "CANCELLED")
    calendar.add_component(vevent)
    if event.starts_at and not event.all_day:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _zone(name):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _send(to, subject, template, context, attachments=()):
    """Send ``template``.txt as the text and ``template``.html as its HTML
    alternative."""
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[to]
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()


def _common(contact, base_url, subject):
    return {
        "contact": contact,
        "withdraw_url": withdraw_url(contact, base_url),
        "subject": subject,
        "language": translation.get_language(),
    }


def registration_email(registration, kind, base_url, language):
    """``kind``: confirmed, waitlisted, promoted, cancelled, reminder, updated."""
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
            "cancel_url": cancel_url if kind != "cancelled" else "",
            "event_zone": _zone(event.time_zone),
        }
        subject = render_to_string("leads/emails/registration_subject.txt", context)
        context.update(_common(registration.contact, base_url, subject))
        attachments = []
        method = CALENDAR_METHODS.get(kind)
        if method:
            attachments.append(
                (
                    "event.ics" if method == "PUBLISH" else "cancel.ics",
                    calendar_bytes(event, base_url, method=method),
                    "text/calendar",
                )
            )
        _send(
            registration.contact.email,
            subject,
            "leads/emails/registration",
            context,
            attachments,
        )


def download_email(contact, page_title, download_url, language, base_url=""):
    with translation.override(language):
        context = {"title": page_title, "url": download_url}
        subject = render_to_string("leads/emails/download_subject.txt", context)
        if not base_url:
            parts = urlsplit(download_url)
            base_url = f"{parts.scheme}://{parts.netloc}/"
        context.update(_common(contact, base_url, subject))
        _send(contact.email, subject, "leads/emails/download", context)
