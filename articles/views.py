"""The calendar file (.ics) of an event announced in an article."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import ArticlePage
from editorial import cache_tags
from editorial.api.schemas import MAX_ID
from editorial.content import Visibility


def find_event(page, block_id):
    for child in page.body:
        if child.block_type == "event" and child.id == block_id:
            return child.value
    return None


def build_calendar(event, *, uid, url=""):
    """An RFC 5545 calendar holding the event (``icalendar`` escapes and folds)."""
    # Imported on use: ~80 modules every worker would otherwise hold for the
    # rare calendar download.
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Pressroom//Articles//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", timezone.now())
    vevent.add("summary", event.get("title") or "")
    start, end = event.start, event.end
    vevent.add("dtstart", start)
    if event.all_day:
        # DTEND of an all-day event is the day after its last day (exclusive).
        vevent.add("dtend", (end or start) + datetime.timedelta(days=1))
    elif end is not None:
        vevent.add("dtend", end)
    description = event.get("description")
    text = strip_tags(description.source).strip() if description else ""
    if event.get("registration_url"):
        text = f"{text}\n\n{event['registration_url']}".strip()
    if text:
        vevent.add("description", text)
    location = event.get("place") or ""
    if event.get("online"):
        location = location or gettext("Online")
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    calendar.add_component(vevent)
    if not event.all_day:
        calendar.add_missing_timezones()
    return calendar


def event_ics(request, page_id, block_id):
    """``text/calendar`` download of one event block of a visible article."""
    if page_id > MAX_ID:
        raise Http404  # SQLite cannot even compare an id past 64 bits
    page = get_object_or_404(
        Visibility.for_request(request).pages(ArticlePage), pk=page_id
    )
    cache_tags.add_pages([page])
    event = find_event(page, block_id)
    if event is None:
        raise Http404(_("No such event in this article."))
    calendar = build_calendar(
        event,
        uid=f"{block_id}@{request.get_host()}",
        url=page.get_full_url(request),
    )
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    filename = slugify(event.get("title") or "event")[:60] or "event"
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
