"""GDPR access and erasure of a contact. Other apps holding data about
contacts (leads' registrations, the newsletter's subscriptions) add their
part of the export with ``exporters.append(func)``, ``func(contact) ->
(key, data)``; their rows go with the contact (foreign keys that cascade)."""

from django.db import transaction
from django.utils import timezone

exporters = []


def _iso(value):
    return value.isoformat() if value else None


def export(contact):
    """Everything stored about ``contact``, as JSON-ready data."""
    data = {
        "exported_at": _iso(timezone.now()),
        "contact": {
            "email": contact.email,
            "name": contact.name,
            "company": contact.company,
            "job_title": contact.job_title,
            "phone": contact.phone,
            "created_at": _iso(contact.created_at),
        },
        "interactions": [
            {
                "kind": i.kind,
                "occurred_at": _iso(i.occurred_at),
                "page_id": i.page_id,
                "url": i.url,
                "utm": {
                    key: getattr(i, key)
                    for key in (
                        "utm_source",
                        "utm_medium",
                        "utm_campaign",
                        "utm_term",
                        "utm_content",
                    )
                    if getattr(i, key)
                },
                "details": i.details,
            }
            for i in contact.interactions.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "text": c.text,
                "version": c.version,
                "language": c.language,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
                "url": c.url,
            }
            for c in contact.consents.all()
        ],
        "crm_deliveries": [
            {
                "url": d.url,
                "event": d.event,
                "status": d.status,
                "created_at": _iso(d.created_at),
            }
            for d in contact.webhook_deliveries.all()
        ],
    }
    for exporter in exporters:
        key, part = exporter(contact)
        data[key] = part
    return data


def erase(contact):
    """Delete the contact and everything that cascades from it (interactions,
    consents, webhook deliveries, other apps' rows)."""
    with transaction.atomic():
        contact.delete()
