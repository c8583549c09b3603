"""Event registration from a reader's side: the form in the event block and
on its own page, capacity and waiting list, cancel links and promotion,
e-mails through a real SMTP server, bad input, spam and privacy."""

from email import policy
from email.parser import BytesParser

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from contacts.models import Consent, Contact, Interaction
from leads import events
from leads.models import Event, Registration
from tests.factories_leads import (
    EVENT_BLOCK_ID,
    SMTPServer,
    event_article,
    registration_data,
)


def decoded(message):
    """The message read with the standard library's modern policy: headers
    decoded and its text part found whatever Django's version wrote (6.x a
    modern message, 5.2 a compat32 one, single-part when nothing is attached)."""
    return BytesParser(policy=policy.default).parsebytes(message.as_bytes())


def body_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server


@pytest.fixture
def article(article_index):
    return event_article(article_index, capacity=2, questions=["Votre question ?"])


def register_url(page):
    return reverse("leads:event_registration", args=[page.pk, EVENT_BLOCK_ID])


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    """The e-mails are queued when the registration commits: each request
    runs those callbacks as a real commit would (the test's transaction
    never commits)."""
    from django.test import Client

    request = Client.request

    def committed(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committed)


def post(client, page, **data):
    return client.post(register_url(page), registration_data(**data))


def test_the_event_block_shows_the_form_and_the_seats_left(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    form = soup.select_one(".block-event form")
    assert form["action"] == register_url(article)
    assert soup.select_one("input[name=csrfmiddlewaretoken]")
    assert {field["name"] for field in form.select("input")} >= {
        "name",
        "email",
        "company",
        "job_title",
        "question_0",
        "consent",
        "website",
    }
    assert not form.select_one("input[name=consent]").has_attr("checked")
    assert "2 places restantes" in soup.select_one(".lead-form__state").get_text()


def test_registering_confirms_then_waitlists_and_sends_emails(client, article, smtp):
    response = post(client, article, email="Anne@Example.com ", question_0="Le ROI ?")
    assert response.status_code == 200
    assert "Vous êtes inscrit" in response.content.decode()
    post(client, article, email="bob@example.com")
    post(client, article, email="carl@example.com")
    statuses = dict(Registration.objects.values_list("contact__email", "status"))
    assert statuses == {
        "anne@example.com": "confirmed",
        "bob@example.com": "confirmed",
        "carl@example.com": "waitlisted",
    }
    assert Registration.objects.get(contact__email="anne@example.com").answers == {
        "Votre question ?": "Le ROI ?"
    }
    # The block now says it is full before the reader types.
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert "complet" in soup.select_one(".lead-form__state").get_text()
    # Three e-mails through the SMTP server; the confirmed carry the .ics.
    assert [m["To"] for m in smtp.messages] == [
        "anne@example.com",
        "bob@example.com",
        "carl@example.com",
    ]
    first = smtp.messages[0]
    parts = {part.get_content_type(): part for part in first.walk()}
    assert "text/calendar" in parts
    assert b"BEGIN:VEVENT" in parts["text/calendar"].get_payload(decode=True)
    waiting = decoded(smtp.messages[2])
    assert "liste d" in waiting["Subject"] or "attente" in body_text(waiting)


def test_a_double_submit_makes_one_registration(client, article, smtp):
    post(client, article)
    post(client, article, email="ANNE@example.com")
    assert Registration.objects.count() == 1
    assert Contact.objects.count() == 1
    assert len(smtp.messages) == 1


def test_cancelling_promotes_the_first_on_the_waiting_list(client, article, smtp):
    for email in ("a@example.com", "b@example.com", "c@example.com", "d@example.com"):
        post(client, article, email=email)
    first = Registration.objects.get(contact__email="a@example.com")
    body = body_text(decoded(smtp.messages[0]))
    cancel_url = next(line for line in body.splitlines() if "/leads/cancel/" in line)
    path = cancel_url.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert "annulée" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert (
        Registration.objects.get(contact__email="c@example.com").status == "confirmed"
    )
    assert (
        Registration.objects.get(contact__email="d@example.com").status == "waitlisted"
    )
    assert smtp.messages[-1]["To"] == "c@example.com"
    # Cancelling twice changes nothing more.
    client.post(path)
    assert (
        Registration.objects.get(contact__email="d@example.com").status == "waitlisted"
    )


def test_a_tampered_or_expired_cancel_link_is_refused(client, article, settings):
    post(client, article)
    registration = Registration.objects.get()
    token = events.cancel_token(registration)
    response = client.get(reverse("leads:cancel", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "invalide" in response.content.decode()
    settings.PRESSROOM_CANCEL_LINK_MAX_AGE_DAYS = -1
    assert client.post(reverse("leads:cancel", args=[token])).status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_bad_input_keeps_what_was_typed_with_field_errors(client, article):
    response = post(client, article, email="not-an-address", company="Acme SA")
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=company]")["value"] == "Acme SA"
    assert soup.select_one("#id_email-error")
    assert Registration.objects.count() == 0
    with_english = client.post(
        register_url(article), {"email": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert with_english.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/leads/events/999999/nope/",
        "/leads/events/99999999999999999999/x/",
        f"/leads/events/1/{'x' * 80}/",
    ],
)
def test_unknown_events_are_404(client, article, url):
    assert client.get(url).status_code == 404


def test_closed_registration_says_so_and_refuses(client, article_index):
    page = event_article(article_index, closes_at="2000-01-01T00:00:00")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert "clos" in soup.select_one(".lead-form__state").get_text()
    assert not soup.select_one(".block-event form")
    assert post(client, page).status_code == 409
    assert Registration.objects.count() == 0


def test_the_honeypot_keeps_nothing(client, article):
    response = post(client, article, website="http://spam.example")
    assert response.status_code == 200
    assert Contact.objects.count() == 0


def test_rate_limit_per_address(client, article, settings):
    settings.PRESSROOM_RATE_LIMIT_PER_ADDRESS = 2
    assert post(client, article).status_code == 200
    assert post(client, article).status_code == 200
    assert post(client, article).status_code == 429


def test_rate_limit_fails_open_when_the_cache_is_down(client, article, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    settings.PRESSROOM_PAGE_CACHE = False
    settings.PRESSROOM_RATE_LIMIT_PER_ADDRESS = 1
    from contacts.spam import allow

    assert allow("test", "x", 1) and allow("test", "x", 1)


def test_consent_records_the_exact_text_and_interaction_the_utm(client, article):
    client.post(
        register_url(article) + "?utm_source=newsletter&utm_campaign=oct",
        registration_data(consent="on"),
    )
    consent = Consent.objects.get()
    assert consent.purpose == "marketing"
    assert consent.text.startswith("J’accepte")
    assert consent.version == "1"
    interaction = Interaction.objects.get()
    assert interaction.kind == "event_registration"
    assert interaction.page_id == article.pk
    assert (interaction.utm_source, interaction.utm_campaign) == ("newsletter", "oct")
    # Without the box ticked, no consent.
    post(client, article, email="b@example.com")
    assert Consent.objects.count() == 1


def test_no_contact_data_in_pages_or_api(client, article):
    post(client, article, email="secret.person@example.com", name="Secret Person")
    page = client.get(article.url).content.decode()
    api = client.get(f"/api/v2/pages/{article.pk}/").content.decode()
    api3 = client.get(f"/api/v3/pages/{article.pk}/").content.decode()
    for text in (page, api, api3):
        assert "secret.person" not in text and "Secret Person" not in text
    assert "secret" not in str(Contact.objects.get())


def _block_queries(client, page, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(page.url).status_code == 200
    return len(captured)


def test_query_budget_does_not_grow_with_registrations(
    client, article_index, django_assert_max_num_queries, page_cache_off
):
    page = event_article(article_index, capacity=500)
    client.get(page.url)
    event = events.sync_event(
        page, EVENT_BLOCK_ID, events.find_event_block(page, EVENT_BLOCK_ID)
    )
    few = _block_queries(client, page, django_assert_max_num_queries, 60)
    contacts = Contact.objects.bulk_create(
        [Contact(email=f"r{i}@example.com") for i in range(200)]
    )
    Registration.objects.bulk_create(
        [Registration(event=event, contact=c, status="confirmed") for c in contacts]
    )
    many = _block_queries(client, page, django_assert_max_num_queries, few)
    assert many == few
    assert Event.objects.count() == 1


def test_editors_see_counts_filter_export_and_mark_attendance(
    client, article, admin_user
):
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        post(client, article, email=email)
    client.force_login(admin_user)
    events_listing = client.get("/admin/leads/event/")
    assert events_listing.status_code == 200
    row = BeautifulSoup(events_listing.content, "html.parser").select_one("tbody tr")
    cells = [td.get_text(strip=True) for td in row.select("td")]
    assert "2" in cells and "1" in cells  # confirmed, waiting
    listing = client.get("/admin/leads/registration/?status__exact=waitlisted")
    assert (
        b"c@example.com" in listing.content and b"a@example.com" not in listing.content
    )
    assert client.get("/admin/leads/registration/?q=b%40example").status_code == 200
    csv = b"".join(
        client.get("/admin/leads/registration/?export=csv").streaming_content
    )
    assert csv.count(b"@example.com") == 3
    registration = Registration.objects.get(contact__email="a@example.com")
    response = client.post(
        f"/admin/leads/registration/edit/{registration.pk}/", {"attended": "on"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended
    # A filter no listing declares is refused, not run as a lookup.
    assert (
        client.get(
            "/admin/leads/registration/?contact__email__startswith=a"
        ).status_code
        == 400
    )


def test_each_reader_gets_a_form_token_of_their_own(article, settings):
    """The article body is kept between renders (fragment cache), but not
    one holding a form: a second reader's token must match their cookie."""
    from django.test import Client

    settings.PRESSROOM_FRAGMENT_CACHE = True
    for email in ("first@example.com", "second@example.com"):
        reader = Client(enforce_csrf_checks=True)
        soup = BeautifulSoup(reader.get(article.url).content, "html.parser")
        token = soup.select_one(".block-event input[name=csrfmiddlewaretoken]")
        response = reader.post(
            register_url(article),
            {**registration_data(email=email), "csrfmiddlewaretoken": token["value"]},
        )
        assert response.status_code == 200, email
    assert Registration.objects.count() == 2
