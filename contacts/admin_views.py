"""GDPR access (JSON export) and erasure of a contact, from the admin."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.admin import messages

from contacts import consent, gdpr
from contacts.models import Contact
from contacts.permissions import can_view_contact_data


def _contact(request, contact_id, permission):
    if not can_view_contact_data(request.user) or not request.user.has_perm(permission):
        raise PermissionDenied
    if contact_id > 2**63 - 1:
        raise Http404
    return get_object_or_404(Contact, pk=contact_id)


def export_contact(request, contact_id):
    """Everything about one contact as a JSON download."""
    contact = _contact(request, contact_id, "contacts.view_contact")
    body = json.dumps(gdpr.export(contact), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contact-{contact.pk}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


def erase_contact(request, contact_id):
    """Confirm, then delete the contact and everything about it."""
    contact = _contact(request, contact_id, "contacts.delete_contact")
    if request.method == "POST":
        gdpr.erase(contact)
        messages.success(request, _("The contact and all their data were erased."))
        return redirect("contacts_contact_modeladmin_index")
    return TemplateResponse(
        request,
        "contacts/admin/erase.html",
        {"contact": contact, "page_title": _("Erase a contact")},
    )


def withdraw_consent(request, contact_id):
    """Record, on the contact's behalf (a request by mail or phone), the
    withdrawal of their consents; the CRMs are told as for the reader's link."""
    contact = _contact(request, contact_id, "contacts.change_contact")
    if request.method == "POST":
        count = consent.withdraw(contact, by=f"admin:{request.user.pk}")
        if count:
            messages.success(request, _("The contact's consent was withdrawn."))
        else:
            messages.warning(request, _("The contact had no consent to withdraw."))
        return redirect("contacts_contact_modeladmin_index")
    return TemplateResponse(
        request,
        "contacts/admin/withdraw.html",
        {
            "contact": contact,
            "active": contact.consents.filter(withdrawn_at=None),
            "page_title": _("Withdraw consent"),
        },
    )
