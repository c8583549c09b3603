"""Leads' e-mails as a reader's mail client sees them (through a real SMTP
server): multipart HTML + text, readable with images off, in French and
English, with the withdraw-consent link; and their .ics read back with a
real parser (icalendar): the event's real end, its time zone, a stable UID,
SEQUENCE raised on change and METHOD:CANCEL on cancellation."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from leads.models import Event, Registration
from tests.factories import ArticlePageFactory
from tests.factories_articles import event_value
from tests.factories_leads import (
    EVENT_BLOCK_ID,
    SMTPServer,
    event_article,
    registration_data,
)
from tests.test_leads_registration import (  # noqa: F401 (autouse fixture)
    _run_on_commit,
    body_text,
    decoded,
    post,
    register_url,
)


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server


def start_day(page):
    return datetime.date.fromisoformat(page.body.raw_data[0]["value"]["start_date"])


@pytest.fixture
def article(article_index):
    return event_article(article_index, capacity=1)


def parts_of(message):
    return {part.get_content_type(): part for part in decoded(message).walk()}


def calendar_of(message):
    return Calendar.from_ical(parts_of(message)["text/calendar"].get_content())


def the_event(calendar):
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def test_the_confirmation_is_html_and_text_with_images_off(client, article, smtp):
    post(client, article, consent="on")
    (message,) = smtp.messages
    parts = parts_of(message)
    assert {"multipart/alternative", "text/plain", "text/html", "text/calendar"} <= (
        set(parts)
    )
    html = parts["text/html"].get_content()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.select_one('meta[name="viewport"]')
    assert "@media" in html  # narrows on a phone
    assert not soup.select("img")  # nothing lost with images off
    assert "inscription" in soup.h1.get_text().lower()
    links = [a["href"] for a in soup.select("a[href]")]
    assert any("/leads/cancel/" in href for href in links)
    assert any("/contacts/consent/" in href for href in links)
    text = parts["text/plain"].get_content()
    assert "/contacts/consent/" in text and "/leads/cancel/" in text
    assert "<" not in text.replace("<http", "")


def test_the_emails_follow_the_readers_language(client, article, smtp):
    client.post(
        register_url(article),
        registration_data(email="ann@example.com"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    message = decoded(smtp.messages[0])
    assert message["Subject"].strip().startswith("Registration confirmed")
    html = parts_of(smtp.messages[0])["text/html"].get_content()
    assert BeautifulSoup(html, "html.parser").html["lang"] == "en"
    assert "Withdraw your consent" in html
    assert "Withdraw your consent" in body_text(message)


def test_the_ics_ends_at_the_events_end_in_its_time_zone(client, article, smtp):
    post(client, article)
    vevent = the_event(calendar := calendar_of(smtp.messages[0]))
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert (start.hour, start.minute) == (18, 30)
    assert (end.hour, end.minute) == (20, 0)  # the block's end, not start + 1 h
    assert str(start.tzinfo) == str(end.tzinfo) == "Europe/Paris"
    assert vevent["dtstart"].params["TZID"] == "Europe/Paris"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert calendar["method"] == "PUBLISH"
    assert vevent["uid"] == f"{EVENT_BLOCK_ID}@{article.get_site().hostname}"
    assert vevent["sequence"] == 0


def test_an_all_day_event_spans_whole_days(client, article_index, smtp):
    start = datetime.date.today() + datetime.timedelta(days=10)
    value = event_value(
        start_date=start.isoformat(),
        end_date=(start + datetime.timedelta(days=1)).isoformat(),
        start_time=None,
        end_time=None,
        registration={"enabled": True, "capacity": None},
    )
    page = ArticlePageFactory(
        parent=article_index,
        body=json.dumps([{"type": "event", "id": EVENT_BLOCK_ID, "value": value}]),
    )
    post(client, page)
    vevent = the_event(calendar_of(smtp.messages[0]))
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert not isinstance(start, datetime.datetime)
    assert start == start_day(page)
    assert end - start == datetime.timedelta(days=2)  # two days, DTEND exclusive


def test_a_change_raises_the_sequence_and_a_cancellation_cancels(
    client, article, smtp, django_capture_on_commit_callbacks
):
    post(client, article)
    first = the_event(calendar_of(smtp.messages[0]))
    # The editor moves the event by an hour and publishes.
    body = json.loads(json.dumps(list(article.body.raw_data)))
    body[0]["value"]["start_time"] = "19:30:00"
    body[0]["value"]["end_time"] = "21:00:00"
    article.body = json.dumps(body)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    event = Event.objects.get()
    assert event.sequence == 1
    # The registered reader gets the changed event, replacing the entry.
    updated = decoded(smtp.messages[1])
    assert updated["Subject"].strip().startswith("Modifié")
    moved = the_event(calendar_of(smtp.messages[1]))
    assert moved["uid"] == first["uid"] and moved["sequence"] == 1
    assert (moved.decoded("dtstart").hour, moved.decoded("dtend").hour) == (19, 21)
    assert event.ends_at.astimezone(datetime.UTC).hour in (19, 20)  # 21:00 Paris
    registration = Registration.objects.get()
    path = next(
        line
        for line in body_text(decoded(smtp.messages[0])).splitlines()
        if "/leads/cancel/" in line
    ).split("testserver", 1)[1]
    client.post(path)
    cancelled = decoded(smtp.messages[-1])
    assert "annulée" in cancelled["Subject"]
    calendar = calendar_of(smtp.messages[-1])
    vevent = the_event(calendar)
    assert calendar["method"] == "CANCEL"
    assert vevent["status"] == "CANCELLED"
    assert vevent["uid"] == first["uid"]  # the same entry, removed
    assert vevent["sequence"] > event.sequence
    assert "/leads/cancel/" not in body_text(cancelled)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
