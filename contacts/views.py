"""Readers' views of contacts: withdrawing consent through the signed link
of an e-mail."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from contacts import consent


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_consent(request, token):
    """GET shows what the contact agreed to (purposes and dates, never the
    address) and a button; POST withdraws. A link to an erased contact or a
    tampered one is refused."""
    contact = consent.contact_for_token(token)
    if contact is None:
        return TemplateResponse(
            request,
            "contacts/link_invalid.html",
            {"message": _("This link is invalid, or its contact no longer exists.")},
            status=400,
        )
    withdrawn = None
    if request.method == "POST":
        withdrawn = consent.withdraw(
            contact, by="contact", url=request.build_absolute_uri()
        )
    active = list(contact.consents.filter(withdrawn_at=None).order_by("-given_at"))
    return TemplateResponse(
        request,
        "contacts/withdraw.html",
        {"active": active, "withdrawn": withdrawn, "posted": withdrawn is not None},
    )
