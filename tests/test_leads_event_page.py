"""An event with a page of its own (``EventPage``), for events that are not
in an article: the page shows the event and its registration form, readers
register, get the .ics (its real end and time zone), and the page's own
calendar download carries the same UID; the query count does not grow with
registrations."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from contacts.models import Contact
from leads import events
from leads.models import Event, EventPage, Registration
from tests.factories_leads import SMTPServer, registration_data
from tests.test_leads_registration import (  # noqa: F401 (autouse fixture)
    _run_on_commit,
    decoded,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server


def make_event_page(parent, **fields):
    day = (timezone.now() + datetime.timedelta(days=12)).date()
    values = {
        "title": "Webinaire : l'ABM en pratique",
        "slug": "webinaire-abm",
        "starts_at": datetime.datetime.combine(day, datetime.time(11), tzinfo=PARIS),
        "ends_at": datetime.datetime.combine(day, datetime.time(12, 15), tzinfo=PARIS),
        "time_zone": "Europe/Paris",
        "online": True,
        "capacity": 1,
        "questions": "Votre question ?\n\n",
    }
    values.update(fields)
    page = EventPage(**values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def event_page(home):
    return make_event_page(home)


def register_path(page):
    return f"/leads/events/{page.pk}/page/"


def test_the_page_shows_the_event_and_its_form(client, event_page):
    response = client.get(event_page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == event_page.title
    assert "11:00" in soup.select_one(".block-event__when").get_text()
    form = soup.select_one(".block-event__registration form")
    assert form["action"] == register_path(event_page)
    assert form.select_one("input[name=question_0]")
    assert "1 place" in soup.select_one(".lead-form__state").get_text()


def test_registering_from_the_page_then_waiting_list(client, event_page, smtp):
    response = client.post(register_path(event_page), registration_data())
    assert response.status_code == 200
    client.post(register_path(event_page), registration_data(email="b@example.com"))
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]
    parts = {part.get_content_type(): part for part in decoded(smtp.messages[0]).walk()}
    (vevent,) = Calendar.from_ical(parts["text/calendar"].get_content()).walk("VEVENT")
    assert vevent.decoded("dtend") == event_page.ends_at
    assert vevent["dtend"].params["TZID"] == "Europe/Paris"
    assert vevent["uid"] == f"page-{event_page.pk}@{event_page.get_site().hostname}"
    # The page says it is full before the reader types.
    soup = BeautifulSoup(client.get(event_page.url).content, "html.parser")
    assert "complet" in soup.select_one(".lead-form__state").get_text()


def test_the_pages_calendar_download(client, event_page):
    response = client.get(f"/leads/events/{event_page.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == event_page.starts_at
    assert vevent["uid"] == f"page-{event_page.pk}@{event_page.get_site().hostname}"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert client.get("/leads/events/999999/calendar.ics").status_code == 404


def test_an_unpublished_event_page_takes_nothing(client, event_page):
    event_page.unpublish()
    assert client.post(register_path(event_page), registration_data()).status_code == (
        404
    )
    assert client.get(f"/leads/events/{event_page.pk}/calendar.ics").status_code == 404
    assert not Contact.objects.exists()


def test_a_moved_event_raises_the_calendar_sequence(client, event_page):
    client.post(register_path(event_page), registration_data())
    assert Event.objects.get().sequence == 0
    event_page.ends_at += datetime.timedelta(minutes=30)
    event_page.save_revision().publish()
    event = Event.objects.get()
    assert event.sequence == 1
    assert event.ends_at == event_page.ends_at
    # A change calendars do not show (capacity) keeps the sequence.
    event_page.capacity = 10
    event_page.save_revision().publish()
    assert Event.objects.get().sequence == 1


def test_editors_get_clear_errors(home):
    page = EventPage(
        title="x",
        starts_at=timezone.now(),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
        time_zone="Mars/Olympus",
        online=False,
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert {"ends_at", "place", "time_zone"} <= set(error.value.message_dict)


def test_queries_do_not_grow_with_registrations(client, event_page):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event_page.url).status_code == 200
        return len(queries)

    client.get(event_page.url)
    before = count()
    event = events.sync_event(
        event_page, events.PAGE_EVENT_ID, event_page.event_value()
    )
    for index in range(20):
        Registration.objects.create(
            event=event,
            contact=Contact.objects.create(email=f"r{index}@example.com"),
            status="confirmed",
        )
    assert count() == before


def test_both_apis_read_the_event_page_without_contact_data(client, event_page):
    client.post(register_path(event_page), registration_data())
    for version in ("v2", "v3"):
        response = client.get(f"/api/{version}/pages/{event_page.pk}/")
        assert response.status_code == 200
        assert response.json()["title"] == event_page.title
        assert "anne@example.com" not in response.content.decode()


def test_editors_can_add_event_and_resource_pages_under_the_home(home):
    from leads.models import ResourcePage
    from site_config.models import HomePage

    allowed = HomePage.allowed_subpage_models()
    assert EventPage in allowed and ResourcePage in allowed


def test_an_editor_creates_an_event_page_in_the_admin(client, home, admin_user):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    client.force_login(admin_user)
    url = f"/admin/pages/add/leads/eventpage/{home.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Table ronde",
            "slug": "table-ronde",
            "starts_at": "2027-01-20 18:00",
            "ends_at": "2027-01-20 17:00",
            "time_zone": "Europe/Paris",
            "place": "",
            "description": rich_text("<p>Trois intervenants.</p>"),
            "registration_open": "on",
            "capacity": "30",
            "ask_company": "on",
            "questions": "",
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert not EventPage.objects.filter(slug="table-ronde").exists()
    data.update({"ends_at": "2027-01-20 20:00", "place": "Nantes"})
    response = client.post(url, data)
    assert response.status_code == 302
    page = EventPage.objects.get(slug="table-ronde")
    assert page.live and page.capacity == 30
    assert page.starts_at.astimezone(PARIS).hour == 18
