"""Newsletter subscriptions from a reader's side: double opt-in through a
real SMTP server, repeated sign-ups that reveal nothing, bad and hostile
input, signed links (expired, tampered), one-click unsubscribe (RFC 8058)
and the preferences page; the admin's listing, CSV, dashboard counts and
GDPR export and erasure behind the dedicated permission."""

import json
import re
from email import policy
from email.parser import BytesParser

from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from contacts.models import Consent, Contact, Interaction
from newsletter import tokens
from newsletter.models import Subscription
from tests.factories import ArticlePageFactory, tag
from tests.factories_leads import SMTPServer

SUBSCRIBE = "/newsletter/subscribe/"


def decoded(message):
    return BytesParser(policy=policy.default).parsebytes(message.as_bytes())


def body_text(message):
    return decoded(message).get_body(preferencelist=("plain",)).get_content()


def link(message, kind):
    found = re.search(rf"https?://\S+/newsletter/{kind}/[^/\s]+/", body_text(message))
    assert found, body_text(message)
    return found.group(0)


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch, django_capture_on_commit_callbacks):
    """E-mails are queued when the sign-up commits: each request runs those
    callbacks as a real commit would."""
    request = Client.request

    def committed(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committed)


@pytest.fixture
def topics(article_index):
    seo = tag(ArticlePageFactory(parent=article_index), "SEO")
    tag(ArticlePageFactory(parent=article_index), "Emailing", "SEO")
    from taggit.models import Tag

    assert seo
    return {t.name: t.pk for t in Tag.objects.all()}


def sign_up(client, email="anne@example.com", **data):
    return client.post(
        SUBSCRIBE + "?utm_source=linkedin",
        {"email": email, "frequency": "weekly", "source": "footer", **data},
    )


@pytest.mark.django_db
def test_double_opt_in_subscribes_only_once_confirmed(client, home, smtp, topics):
    response = sign_up(client, topic=[], topics=[topics["SEO"]], frequency="monthly")
    assert response.status_code == 200
    assert "confirmer" in response.content.decode() or "confirm" in (
        response.content.decode()
    )
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.PENDING
    assert subscription.source == "footer"
    assert not subscription.topics.exists()  # nothing applied before confirmation
    assert Interaction.objects.get().utm_source == "linkedin"
    assert not Consent.objects.exists()
    (message,) = smtp.messages
    assert message["To"] == "anne@example.com"
    assert message["List-Unsubscribe"].startswith("<http")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = link(message, "confirm")
    # A GET (mail scanners) only shows the button.
    assert client.get(confirm).status_code == 200
    assert Subscription.objects.get().status == Subscription.PENDING
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.ACTIVE
    assert subscription.frequency == "monthly" and not subscription.all_topics
    assert list(subscription.topics.values_list("name", flat=True)) == ["SEO"]
    consent = Consent.objects.get(purpose="newsletter")
    assert consent.withdrawn_at is None and "lettre" in consent.text


@pytest.mark.django_db
def test_repeated_sign_ups_reveal_nothing_and_change_nothing(client, home, smtp):
    first = sign_up(client)
    client.post(link(smtp.messages[0], "confirm"))
    again = sign_up(client, frequency="monthly")
    unknown = sign_up(client, email="new@example.com")
    assert first.content == again.content == unknown.content
    subscription = Subscription.objects.get(contact__email="anne@example.com")
    assert subscription.frequency == "weekly"  # an unconfirmed request changes nothing
    # The subscriber is mailed their preferences link, not a confirmation.
    text = body_text(smtp.messages[1])
    assert "/newsletter/preferences/" in text and "/confirm/" not in text
    assert Contact.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email",
    ["pas-une-adresse", "a@yopmail.com", "x@mail.mailinator.com", "a" * 300 + "@b.fr"],
)
def test_bad_addresses_get_a_clear_message(client, home, smtp, email):
    response = sign_up(client, email=email)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".form-error").get_text(strip=True)
    assert not Subscription.objects.exists() and smtp.messages == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"frequency": "daily"},
        {"topics": ["1 OR 1=1"]},
        {"topics": ["999999999999999999999999"]},
        {"source": "<script>"},
        {"email": "a@b.fr\r\nBcc: x@y.fr"},
    ],
)
def test_hostile_input_is_a_400(client, home, smtp, topics, data):
    response = sign_up(client, **data)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".form-error, .form-errors").get_text(strip=True)
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_honeypot_and_rate_limit(client, home, smtp, settings):
    assert sign_up(client, website="http://spam").status_code == 200
    assert not Subscription.objects.exists()
    settings.PRESSROOM_RATE_LIMIT_PER_ADDRESS = 2
    assert sign_up(client).status_code == 200
    assert sign_up(client).status_code == 200
    assert sign_up(client).status_code == 429
    assert len(smtp.messages) == 2


@pytest.mark.django_db
def test_expired_and_tampered_links_give_a_clear_page(client, home, smtp, settings):
    sign_up(client)
    confirm = link(smtp.messages[0], "confirm")
    tampered = confirm[:-3] + "x/"
    response = client.post(tampered)
    assert response.status_code == 400
    assert "invalide" in response.content.decode() or "invalid" in (
        response.content.decode()
    )
    settings.PRESSROOM_NEWSLETTER_CONFIRM_MAX_AGE = -1
    assert client.post(confirm).status_code == 400
    assert Subscription.objects.get().status == Subscription.PENDING
    for bad in ("x", "a" * 500, signing.dumps([1], salt=tokens.MANAGE_SALT)):
        assert client.get(f"/newsletter/preferences/{bad}/").status_code == 400
        assert client.post(f"/newsletter/unsubscribe/{bad}/").status_code == 400


def active(email="anne@example.com", **fields):
    contact = Contact.objects.create(email=email)
    from django.utils import timezone

    return Subscription.objects.create(
        contact=contact, status="active", confirmed_at=timezone.now(), **fields
    )


@pytest.mark.django_db
def test_one_click_unsubscribe_rfc_8058(home):
    subscription = active()
    Consent.objects.create(
        contact=subscription.contact, purpose="newsletter", text="t", version="1"
    )
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    # The mail provider's POST: no cookie, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed" and subscription.unsubscribed_at
    assert Consent.objects.get().withdrawn_at is not None
    # Again: still fine (idempotent).
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 200


@pytest.mark.django_db
def test_unsubscribe_page_asks_before_acting(client, home):
    subscription = active()
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    page = client.get(f"/newsletter/unsubscribe/{token}/")
    assert page.status_code == 200
    assert BeautifulSoup(page.content, "html.parser").select_one("form button")
    subscription.refresh_from_db()
    assert subscription.status == "active"


@pytest.mark.django_db
def test_preferences_page_changes_topics_and_frequency(client, home, topics):
    subscription = active()
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    url = f"/newsletter/preferences/{token}/"
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert {i["value"] for i in soup.select("input[name=topics]")} == {
        str(pk) for pk in topics.values()
    }
    response = client.post(url, {"frequency": "monthly", "topics": [topics["SEO"]]})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == "monthly" and not subscription.all_topics
    assert list(subscription.topics.values_list("pk", flat=True)) == [topics["SEO"]]
    assert client.post(url, {"frequency": "hourly"}).status_code == 400
    # A token for another subscription's id with this contact: refused.
    other = active("other@example.com")
    forged = tokens.manage_token(other.pk, subscription.contact_id)
    assert client.get(f"/newsletter/preferences/{forged}/").status_code == 400


@pytest.mark.django_db
def test_both_languages(client, home, smtp):
    client.cookies["django_language"] = "en"
    page = client.get(SUBSCRIBE)
    assert "E-mail address" in page.content.decode()
    sign_up(client, email="en@example.com")
    client.cookies["django_language"] = "fr"
    page = client.get(SUBSCRIBE)
    assert "Adresse e-mail" in page.content.decode()
    sign_up(client, email="fr@example.com")
    subjects = {m["To"]: str(decoded(m)["Subject"]) for m in smtp.messages}
    assert "confirm your newsletter subscription" in subjects["en@example.com"]
    assert "confirmez" in subjects["fr@example.com"].lower()
    assert Subscription.objects.get(contact__email="en@example.com").language == "en"


@pytest.mark.django_db
def test_footer_and_newsletter_page_carry_the_form(client, home):
    from newsletter.models import NewsletterPage

    page = NewsletterPage(
        title="La lettre", slug="lettre", intro="<p>Chaque lundi.</p>"
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    forms = soup.select(f"form[action='{SUBSCRIBE}']")
    assert len(forms) == 2  # the page's and the footer's
    footer = soup.select_one("footer form")
    assert footer.select_one("input[name=source]")["value"] == "footer"
    assert not soup.select("input[name=csrfmiddlewaretoken]")  # cacheable
    assert "Chaque lundi." in soup.get_text()


def editor(django_user_model, *codenames):
    user = django_user_model.objects.create_user(
        "ed", password="pw", is_staff=True, email="ed@example.com"
    )
    group = Group.objects.create(name="Marketing")
    group.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_admin_listing_csv_and_dashboard_need_the_permission(
    client, django_user_model, home, topics
):
    subscription = active(source="footer", all_topics=False)
    subscription.topics.set([topics["SEO"]])
    active("bob@example.com", frequency="monthly")
    user = editor(django_user_model, "view_subscription", "change_subscription")
    client.force_login(user)
    assert client.get("/admin/newsletter/subscription/").status_code in (302, 403)
    assert b"anne@" not in client.get("/admin/").content
    user.groups.first().permissions.add(
        Permission.objects.get(codename="view_subscribers")
    )
    client.force_login(django_user_model.objects.get(pk=user.pk))
    listing = client.get("/admin/newsletter/subscription/?q=anne")
    assert listing.status_code == 200
    assert b"anne@example.com" in listing.content
    assert b"bob@example.com" not in listing.content
    filtered = client.get("/admin/newsletter/subscription/?frequency__exact=monthly")
    assert b"bob@example.com" in filtered.content
    assert b"anne@example.com" not in filtered.content
    assert (
        client.get("/admin/newsletter/subscription/?contact__email__startswith=a")
    ).status_code == 400
    csv = client.get("/admin/newsletter/subscription/?export=csv")
    body = b"".join(csv.streaming_content).decode()
    assert "anne@example.com" in body and "SEO" in body and "footer" in body
    dashboard = client.get("/admin/")
    soup = BeautifulSoup(dashboard.content, "html.parser")
    panel = soup.select_one("#newsletter-subscribers-content, #newsletter-subscribers")
    counts = {
        row.th.get_text(strip=True): [td.get_text() for td in row.select("td")]
        for row in panel.select("tbody tr")
    }
    assert counts["Actif"] == ["1", "1"]


@pytest.mark.django_db
def test_gdpr_export_and_erasure_take_the_subscription(client, django_user_model):
    subscription = active()
    user = django_user_model.objects.create_superuser("admin", "a@x.fr", "pw")
    client.force_login(user)
    data = json.loads(
        client.get(f"/admin/contacts/{subscription.contact_id}/export/").content
    )
    assert data["newsletter"]["status"] == "active"
    client.post(f"/admin/contacts/{subscription.contact_id}/erase/")
    assert not Subscription.objects.exists()
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    assert client.get(f"/newsletter/preferences/{token}/").status_code == 400


@pytest.mark.django_db
def test_the_sign_up_block_renders_the_form(rf, home, topics):
    from newsletter.blocks import NewsletterSignupBlock

    block = NewsletterSignupBlock()
    value = block.to_python({"heading": "Chaque lundi", "text": "L'essentiel."})
    html = block.render(value, context={"request": rf.get("/"), "block_id": "b1"})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("h2#newsletter-b1").get_text() == "Chaque lundi"
    form = soup.select_one(f"form[action='{SUBSCRIBE}']")
    assert form.select_one("input[name=source]")["value"] == "block"
    assert len(form.select("input[name=topics]")) == len(topics)


def html_part(message):
    part = decoded(message).get_body(preferencelist=("html",))
    assert part is not None and part.get_content_type() == "text/html"
    return BeautifulSoup(part.get_content(), "html.parser")


@pytest.mark.django_db
def test_confirmation_e_mails_have_an_html_part_in_both_languages(client, home, smtp):
    client.cookies["django_language"] = "en"
    sign_up(client, email="en@example.com")
    client.cookies["django_language"] = "fr"
    sign_up(client, email="fr@example.com")
    client.post(link(smtp.messages[1], "confirm"))
    sign_up(client, email="fr@example.com")  # already subscribed
    english, french, already = smtp.messages
    for message, language in ((english, "en"), (french, "fr"), (already, "fr")):
        soup = html_part(message)
        assert soup.html["lang"] == language
        assert not soup.select("img")  # reads the same with images off
        assert soup.select_one("main h1").get_text() == " ".join(
            str(decoded(message)["Subject"]).split()
        )
        # Inline styles only: no class is needed to read it.
        assert soup.select_one("main a")["style"]
        unsubscribe = message["List-Unsubscribe"].strip("<>")
        assert unsubscribe in [a["href"] for a in soup.select("a")]
    buttons = {
        m["To"] + (" again" if m is already else ""): html_part(m).select_one("main a")
        for m in smtp.messages
    }
    assert buttons["en@example.com"]["href"] == link(english, "confirm")
    assert buttons["en@example.com"].get_text() == "Confirm my subscription"
    assert buttons["fr@example.com"]["href"] == link(french, "confirm")
    assert "Confirmer" in buttons["fr@example.com"].get_text()
    assert buttons["fr@example.com again"]["href"] == link(already, "preferences")
    assert "préférences" in buttons["fr@example.com again"].get_text().lower()
