"""Leads' part of a contact's GDPR export (``contacts.gdpr.exporters``)."""


def registrations_of(contact):
    from leads.models import Registration

    rows = Registration.objects.filter(contact=contact).select_related("event")
    return "event_registrations", [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat() if r.event.starts_at else None,
            "status": r.status,
            "answers": r.answers,
            "attended": r.attended,
            "registered_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
