"""What a lead form does with a submission: find or create the contact,
record the interaction (page, UTM parameters) and the consent, and queue the
hand-off to the CRMs. Forms of other apps (leads, the newsletter) call it."""

from django.db import transaction
from django.utils import translation

from contacts.conf import get_setting
from contacts.models import Consent, Contact, Interaction

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
UTM_SESSION_KEY = "pressroom_utm"


def utm_of(request):
    """The UTM parameters of the visit: those of this request, else the ones
    the form carried (hidden fields copied from the landing address)."""
    found = {}
    for key in UTM_KEYS:
        value = request.GET.get(key) or request.POST.get(key) or ""
        found[key] = value[:200]
    return found


def capture(
    request,
    *,
    email,
    kind,
    details=None,
    page=None,
    consent_text="",
    consent_purpose="marketing",
    **contact_fields,
):
    """Record a submission; returns the contact. A consent is recorded only
    when ``consent_text`` (the exact text the reader ticked) is given."""
    with transaction.atomic():
        contact = Contact.objects.get_or_create_for(email, **contact_fields)
        url = page.get_full_url(request) if page is not None else ""
        Interaction.objects.create(
            contact=contact,
            kind=kind,
            page_id=getattr(page, "pk", None),
            url=url or "",
            details=details or {},
            **utm_of(request),
        )
        if consent_text:
            Consent.objects.create(
                contact=contact,
                purpose=consent_purpose,
                text=str(consent_text),
                version=get_setting("PRESSROOM_CONSENT_VERSION"),
                language=translation.get_language() or "",
                url=url or "",
            )
            from contacts.webhooks import queue_hand_off

            queue_hand_off(contact, kind, details or {}, url=url)
    return contact


def has_consent(contact, purpose="marketing"):
    return contact.consents.filter(purpose=purpose, withdrawn_at=None).exists()
