"""Withdrawing consent: the signed link of every e-mail leads to a page where
the contact withdraws (the consent rows get their withdrawal, the CRM is told
through the real worker and a real HTTP server), an editor with the contact
permission records it from the admin, and others are refused."""

import json

from django.db import transaction

import pytest

from contacts import consent, webhooks
from contacts.capture import has_consent
from contacts.models import Consent, Interaction, WebhookDelivery
from tests.factories_leads import WebhookReceiver
from tests.test_contacts import editor, make_contact, run_worker


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        **settings.TASKS,
        "pressroom": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


@pytest.mark.django_db
def test_the_link_shows_the_consent_and_withdraws_it(client):
    contact = make_contact()
    url = consent.withdraw_url(contact)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "accepte." in html and "anne@example.com" not in html
    assert "noindex" in html
    response = client.post(url)
    assert response.status_code == 200
    assert "retiré" in response.content.decode()
    row = Consent.objects.get()
    assert row.withdrawn_at is not None and not has_consent(contact)
    withdrawal = Interaction.objects.get(kind="consent_withdrawn")
    assert withdrawal.details == {"purposes": ["marketing"], "by": "contact"}
    # Again: nothing more is recorded.
    client.post(url)
    assert Interaction.objects.filter(kind="consent_withdrawn").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["x", "sig", "erased"])
def test_a_tampered_link_or_an_erased_contact_is_refused(client, tamper):
    contact = make_contact()
    url = consent.withdraw_url(contact)
    if tamper == "x":
        url = url.replace("/consent/", "/consent/x")
    elif tamper == "sig":
        url = url[:-3] + "aa/"
    else:
        contact.delete()
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
    assert not Interaction.objects.filter(kind="consent_withdrawn").exists()


@pytest.mark.django_db
def test_only_get_and_post(client):
    url = consent.withdraw_url(make_contact())
    assert client.put(url).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_crm_is_told_through_the_worker(client, database_queue, settings):
    with WebhookReceiver(statuses=(200,)) as receiver:
        settings.PRESSROOM_CRM_WEBHOOKS = [{"url": receiver.url, "secret": "s3"}]
        with transaction.atomic():
            contact = make_contact()
        client.post(consent.withdraw_url(contact))
        run_worker()
        events = [headers["X-Pressroom-Event"] for headers, _ in receiver.requests]
        assert sorted(events) == ["consent_withdrawn", "event_registration"]
        headers, body = next(
            (h, b)
            for h, b in receiver.requests
            if h["X-Pressroom-Event"] == "consent_withdrawn"
        )
        assert webhooks.verify(
            "s3",
            headers["X-Pressroom-Timestamp"],
            body,
            headers["X-Pressroom-Signature"],
        )
        payload = json.loads(body)
        assert payload["contact"]["email"] == "anne@example.com"
        assert payload["details"] == {"purposes": ["marketing"], "by": "contact"}
        assert WebhookDelivery.objects.filter(
            event="consent_withdrawn", status="delivered"
        ).exists()


@pytest.mark.django_db
def test_the_admin_records_a_withdrawal_with_the_permission(client, django_user_model):
    contact = make_contact()
    url = f"/admin/contacts/{contact.pk}/withdraw-consent/"
    user = editor(django_user_model, "change_contact")
    client.force_login(user)
    # The model permission alone is not enough: contact data needs its own.
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert Consent.objects.get().withdrawn_at is None
    from django.contrib.auth.models import Permission

    user.groups.first().permissions.add(
        Permission.objects.get(codename="view_contact_data")
    )
    page = client.get(url)
    assert page.status_code == 200 and "marketing" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert Consent.objects.get().withdrawn_at is not None
    withdrawal = Interaction.objects.get(kind="consent_withdrawn")
    assert withdrawal.details["by"] == f"admin:{user.pk}"
    assert client.get(f"/admin/contacts/{2**64}/withdraw-consent/").status_code == 404


@pytest.mark.django_db
def test_every_leads_email_carries_the_link(mailoutbox):
    from leads import mail

    contact = make_contact()
    mail.download_email(
        contact, "Livre blanc", "https://example.com/leads/download/t/", "fr"
    )
    (message,) = mailoutbox
    link = "https://example.com" + consent.withdraw_url(contact)
    assert link in message.body
    assert link in message.alternatives[0][0]
