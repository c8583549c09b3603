"""Contacts: one per address, GDPR export and erasure from the admin, the
dedicated permission, and the CRM hand-off (signed webhooks to a real HTTP
server, retries with back-off) run by the database queue's worker."""

import json

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

import pytest

from contacts import gdpr, webhooks
from contacts.capture import capture
from contacts.models import (
    Consent,
    Contact,
    Interaction,
    WebhookDelivery,
    WebhookEndpoint,
)
from leads.models import Registration
from tests.factories_leads import WebhookReceiver


def make_contact(email="Anne@Example.com ", consent="J'accepte."):
    request = RequestFactory().post("/x/?utm_source=li", {})
    return capture(
        request,
        email=email,
        kind="event_registration",
        consent_text=consent,
        name="Anne",
    )


@pytest.mark.django_db
def test_one_contact_per_normalised_address():
    a = make_contact("Anne@Example.com ")
    b = make_contact("anne@example.COM")
    assert a.pk == b.pk and a.email == "anne@example.com"
    assert Interaction.objects.filter(contact=a).count() == 2
    assert Interaction.objects.first().utm_source == "li"


def editor(django_user_model, *codenames):
    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    group = Group.objects.create(name="Marketing")
    perms = Permission.objects.filter(codename__in=["access_admin", *codenames])
    group.permissions.set(perms)
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_admin_listing_export_and_erasure_need_the_permission(
    client, django_user_model
):
    contact = make_contact()
    user = editor(django_user_model, "view_contact", "delete_contact")
    client.force_login(user)
    # Model permissions alone do not show contact data.
    assert client.get("/admin/contacts/contact/").status_code in (302, 403)
    # Wagtail's admin answers a refusal with a redirect to its dashboard.
    refused = client.get(f"/admin/contacts/{contact.pk}/export/")
    assert refused.status_code in (302, 403) and b"anne@" not in refused.content
    assert client.post(f"/admin/contacts/{contact.pk}/erase/").status_code in (302, 403)
    assert Contact.objects.exists()
    user.groups.first().permissions.add(
        Permission.objects.get(codename="view_contact_data")
    )
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    listing = client.get("/admin/contacts/contact/?q=anne")
    assert listing.status_code == 200 and b"anne@example.com" in listing.content
    csv = client.get("/admin/contacts/contact/?export=csv")
    assert csv.status_code == 200 and b"anne@example.com" in b"".join(
        csv.streaming_content
    )
    export = client.get(f"/admin/contacts/{contact.pk}/export/")
    data = json.loads(export.content)
    assert data["contact"]["email"] == "anne@example.com"
    assert data["consents"][0]["text"] == "J'accepte."
    assert data["interactions"][0]["utm"] == {"utm_source": "li"}
    assert "event_registrations" in data
    assert (
        client.get("/admin/contacts/999999999999999999999/export/").status_code == 404
    )
    # Erasure: confirm page, then everything goes.
    assert client.get(f"/admin/contacts/{contact.pk}/erase/").status_code == 200
    client.post(f"/admin/contacts/{contact.pk}/erase/")
    assert not Contact.objects.exists()
    assert not Interaction.objects.exists() and not Consent.objects.exists()


@pytest.mark.django_db
def test_erasure_takes_registrations_and_deliveries(article_index):
    from leads import events
    from tests.factories_leads import EVENT_BLOCK_ID, event_article

    page = event_article(article_index)
    event = events.sync_event(
        page, EVENT_BLOCK_ID, events.find_event_block(page, EVENT_BLOCK_ID)
    )
    WebhookEndpoint.objects.create(name="CRM", url="http://127.0.0.1:9/", secret="s")
    contact = make_contact()
    events.register(event, contact, {})
    assert WebhookDelivery.objects.count() == 1
    assert gdpr.export(contact)["event_registrations"][0]["status"] == "confirmed"
    gdpr.erase(contact)
    assert not Registration.objects.exists() and not WebhookDelivery.objects.exists()


def test_signature_is_hmac_sha256_over_timestamp_and_body():
    body = b'{"a": 1}'
    signature = webhooks.sign("secret", "1700000000", body)
    assert signature.startswith("sha256=")
    assert webhooks.verify("secret", "1700000000", body, signature, now=1700000010)
    assert not webhooks.verify("other", "1700000000", body, signature, now=1700000010)
    assert not webhooks.verify(
        "secret", "1700000000", b'{"a": 2}', signature, now=1700000010
    )
    assert not webhooks.verify("secret", "1700000000", body, signature, now=1700009999)


def run_worker():
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "pressroom",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.PRESSROOM_CRM_WEBHOOK_BACKOFF = 0  # retries due at once


# Committed data: the worker runs the tasks in its own transactions.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_webhook_retries_until_delivered_through_the_worker(database_queue, settings):
    from django_tasks_db.models import DBTaskResult

    with WebhookReceiver(statuses=(500, 503, 200)) as receiver:
        settings.PRESSROOM_CRM_WEBHOOKS = [{"url": receiver.url, "secret": "s3cret"}]
        with transaction.atomic():
            make_contact()
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        assert receiver.requests == []  # queued, not sent
        for _ in range(3):
            run_worker()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "delivered" and delivery.attempts == 3
        assert len(receiver.requests) == 3
        headers, body = receiver.requests[-1]
        assert webhooks.verify(
            "s3cret",
            headers["X-Pressroom-Timestamp"],
            body,
            headers["X-Pressroom-Signature"],
        )
        assert headers["X-Pressroom-Event"] == "event_registration"
        assert headers["X-Pressroom-Delivery"] == str(delivery.pk)
        assert json.loads(body)["contact"]["email"] == "anne@example.com"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_webhook_gives_up_after_its_attempts(database_queue, settings):
    settings.PRESSROOM_CRM_WEBHOOK_ATTEMPTS = 2
    with WebhookReceiver(statuses=(500,)) as receiver:
        WebhookEndpoint.objects.create(name="CRM", url=receiver.url, secret="x")
        with transaction.atomic():
            make_contact()
        for _ in range(3):
            run_worker()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "failed",
            2,
            500,
        )
        assert len(receiver.requests) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unreachable_webhook_is_logged_and_retried(database_queue, settings):
    from tests.factories_leads import free_port

    settings.PRESSROOM_CRM_WEBHOOK_ATTEMPTS = 2
    settings.PRESSROOM_CRM_WEBHOOKS = [
        {"url": f"http://127.0.0.1:{free_port()}/hook", "secret": "x"}
    ]
    with transaction.atomic():
        make_contact()
    run_worker()  # the retry, due at once, runs in the same batch
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert delivery.last_status_code is None and delivery.last_error


@pytest.mark.django_db
def test_no_hand_off_without_consent(settings):
    settings.PRESSROOM_CRM_WEBHOOKS = [{"url": "http://127.0.0.1:9/", "secret": "x"}]
    make_contact(consent="")
    assert not WebhookDelivery.objects.exists()
