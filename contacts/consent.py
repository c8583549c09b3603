"""Withdrawing consent: the signed link every e-mail to a contact carries
(``withdraw_url``), and the withdrawal itself (``withdraw``), recorded on the
contact's consent rows and handed off to the CRMs. Apps that write to
contacts (leads, the newsletter) put ``withdraw_url(contact, base_url)`` in
their e-mails."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contacts.models import Consent, Contact, Interaction

WITHDRAW_SALT = "contacts.consent.withdraw"


def withdraw_token(contact):
    """A signed token naming the contact (no address in it; it does not
    expire: the right to withdraw does not either)."""
    return signing.dumps({"c": contact.pk}, salt=WITHDRAW_SALT)


def withdraw_url(contact, base_url=""):
    """The absolute address (with ``base_url``) of the contact's withdrawal page."""
    path = reverse("contacts:withdraw", args=[withdraw_token(contact)])
    return base_url.rstrip("/") + path if base_url else path


def contact_for_token(token):
    """The contact a withdrawal link names, or None (tampered, or erased)."""
    try:
        data = signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("c") if isinstance(data, dict) else None
    if not isinstance(pk, int) or pk > 2**63 - 1:
        return None
    return Contact.objects.filter(pk=pk).first()


def withdraw(contact, *, by="contact", purpose=None, url=""):
    """Withdraw the contact's consents (of ``purpose``, else all): each
    active consent row gets its withdrawal time, an interaction records who
    did it (``"contact"`` through the link, ``"admin:<user id>"`` from the
    admin), and the CRMs are told (``consent_withdrawn``). Returns the
    number of consents withdrawn; 0 when none was active (nothing is sent)."""
    with transaction.atomic():
        active = Consent.objects.select_for_update().filter(
            contact=contact, withdrawn_at=None
        )
        if purpose:
            active = active.filter(purpose=purpose)
        purposes = sorted({consent.purpose for consent in active})
        count = active.update(withdrawn_at=timezone.now())
        if not count:
            return 0
        details = {"purposes": purposes, "by": by}
        Interaction.objects.create(
            contact=contact, kind="consent_withdrawn", url=url, details=details
        )
        from contacts.webhooks import queue_hand_off

        queue_hand_off(contact, "consent_withdrawn", details, url=url)
    return count
