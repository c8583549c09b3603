"""Event registration: finding the event block, the state shown to readers,
registering (the last seat taken once), cancelling and promoting."""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.fields import StreamField
from wagtail.models import Page

from editorial.content import Visibility
from leads.conf import get_setting
from leads.models import Event, Registration

CANCEL_SALT = "leads.registration.cancel"
# The "block id" of an event that is a page of its own (``EventPage``).
PAGE_EVENT_ID = "page"


def find_event_block(page, block_id):
    """The value of the top-level block ``block_id`` of ``page`` that carries
    registration settings (the event block), or None."""
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        for child in getattr(page, field.name):
            if (
                child.id == block_id
                and "registration" in getattr(child.value, "keys", list)()
            ):
                return child.value
    return None


def find_event_value(page, block_id):
    """The event of ``page`` named ``block_id``: a block of its StreamFields,
    or the page itself for a page that is an event (``event_value()``)."""
    own = getattr(page, "event_value", None)
    if own is not None and block_id == PAGE_EVENT_ID:
        return own()
    return find_event_block(page, block_id)


def visible_event(request, page_id, block_id):
    """``(page, event value)`` of a page readers of this site may see, or
    ``(None, None)``."""
    if page_id > 2**31 - 1 or len(block_id) > 64:
        return None, None
    page = (
        Page.objects.filter(Visibility.for_request(request).q(), pk=page_id)
        .specific()
        .first()
    )
    if page is None:
        return None, None
    value = find_event_value(page, block_id)
    if value is None:
        return None, None
    return page, value


def _aware(value, tz):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, tz)
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()), tz)


def starts_at(value):
    return _aware(value.start, value.tz or timezone.get_current_timezone())


def closes_at(value):
    """When registration closes: the date set by the editor, else the start."""
    settings = value.get("registration") or {}
    return _aware(
        settings.get("closes_at"), timezone.get_current_timezone()
    ) or starts_at(value)


def counts(page, block_id):
    """``{"confirmed": n, "waitlisted": n}``: one query, whatever the number
    of registrations."""
    return Registration.objects.filter(
        event__page_id=page.pk, event__block_id=block_id
    ).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.WAITLISTED)),
    )


def state(page, block_id, value, now=None):
    """What the block says before the reader types: open, full (waiting
    list) or closed; with the seats left."""
    now = now or timezone.now()
    settings = value.get("registration") or {}
    close = closes_at(value)
    if not settings.get("enabled"):
        return {"status": "off"}
    if close is not None and now >= close:
        return {"status": "closed"}
    capacity = settings.get("capacity")
    if not capacity:
        return {"status": "open", "seats_left": None}
    taken = counts(page, block_id)["confirmed"]
    left = max(capacity - taken, 0)
    return {"status": "open" if left else "full", "seats_left": left}


def ends_at(value):
    """The end as an aware datetime: the event's end, exclusive for an
    all-day event (midnight after its last day); None when no end is set."""
    end = value.end
    if end is None:
        return None
    tz = value.tz or timezone.get_current_timezone()
    if value.all_day:
        return _aware(end + datetime.timedelta(days=1), tz)
    return _aware(end, tz)


def event_fields(value):
    """The columns of an ``Event`` row copied from the published value."""
    settings = value.get("registration") or {}
    return {
        "title": value.get("title") or "",
        "starts_at": starts_at(value),
        "ends_at": ends_at(value),
        "all_day": bool(value.all_day),
        "time_zone": value.get("time_zone") or "",
        "capacity": settings.get("capacity") or None,
        "place": value.get("place") or "",
    }


# A change to one of these makes calendars replace the entry (SEQUENCE + 1).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "all_day", "time_zone", "place")


def sync_event(page, block_id, value):
    """The event row of the block, created or updated from the published
    value; its calendar sequence goes up when what calendars show changed."""
    fields = event_fields(value)
    event, created = Event.objects.get_or_create(
        page_id=page.pk, block_id=block_id, defaults=fields
    )
    changed = [k for k, v in fields.items() if getattr(event, k) != v]
    event.calendar_changed = False
    if not created and changed:
        if any(name in CALENDAR_FIELDS for name in changed):
            fields["sequence"] = event.sequence + 1
            event.calendar_changed = True
        Event.objects.filter(pk=event.pk).update(**fields)
        for name, field_value in fields.items():
            setattr(event, name, field_value)
    return event


def sync_page_events(page):
    """Bring the rows of ``page``'s events up to date with what was just
    published (``page_published``): only pages that took registrations have
    rows, so other publications cost one query."""
    rows = list(Event.objects.filter(page_id=page.pk))
    if not rows:
        return
    specific = page.specific
    for row in rows:
        value = find_event_value(specific, row.block_id)
        if value is not None:
            event = sync_event(specific, row.block_id, value)
            if event.calendar_changed:
                notify_change(specific, event)


def notify_change(page, event):
    """Send the confirmed readers the changed event (its .ics with the new
    SEQUENCE replaces the entry in their calendars), once the publication
    commits; in the site's language (registrations do not keep the reader's)."""
    from django.conf import settings as django_settings

    from leads.tasks import send_registration_email

    site = page.get_site()
    base_url = site.root_url if site else ""
    if not base_url:
        return
    ids = list(
        Registration.objects.filter(
            event=event, status=Registration.CONFIRMED
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(
            lambda pk=pk: send_registration_email.enqueue(
                pk, "updated", base_url, django_settings.LANGUAGE_CODE
            )
        )


def register(event, contact, answers):
    """The contact's registration for ``event``: confirmed while seats are
    left, else on the waiting list. The event row is locked (``SELECT … FOR
    UPDATE`` on PostgreSQL; SQLite writes one at a time) while the seats are
    counted, so two readers never take the last seat both. A second submit
    returns the existing registration. ``(registration, created)``."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        existing = Registration.objects.filter(event=locked, contact=contact).first()
        if existing is not None and existing.status != Registration.CANCELLED:
            return existing, False
        taken = Registration.objects.filter(
            event=locked, status=Registration.CONFIRMED
        ).count()
        status = (
            Registration.CONFIRMED
            if not locked.capacity or taken < locked.capacity
            else Registration.WAITLISTED
        )
        if existing is not None:  # registering again after cancelling
            existing.status, existing.answers = status, answers
            existing.cancelled_at = None
            existing.created_at = timezone.now()
            existing.save()
            return existing, True
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked, contact=contact, status=status, answers=answers
                )
        except IntegrityError:  # the same reader's other submit won
            return Registration.objects.get(event=locked, contact=contact), False
    return registration, True


def cancel(registration):
    """Cancel; a freed seat goes to the first on the waiting list, whose
    registration is returned (or None)."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status == Registration.CANCELLED:
            return None
        freed = registration.status == Registration.CONFIRMED
        registration.status = Registration.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if not freed:
            return None
        taken = Registration.objects.filter(
            event=event, status=Registration.CONFIRMED
        ).count()
        if event.capacity and taken >= event.capacity:
            return None
        promoted = (
            Registration.objects.filter(event=event, status=Registration.WAITLISTED)
            .order_by("created_at", "pk")
            .first()
        )
        if promoted is None:
            return None
        promoted.status = Registration.CONFIRMED
        promoted.promoted_at = timezone.now()
        promoted.save(update_fields=["status", "promoted_at"])
    return promoted


def cancel_token(registration):
    return signing.dumps({"r": registration.pk}, salt=CANCEL_SALT)


def registration_for_token(token):
    """The registration a cancel link names, or None (tampered or expired)."""
    max_age = get_setting("PRESSROOM_CANCEL_LINK_MAX_AGE_DAYS") * 86400
    try:
        data = signing.loads(token, salt=CANCEL_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    pk = data.get("r") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event", "contact").filter(pk=pk).first()
