"""The newsletter's sign-up form in a body: ``editorial.signup``'s
``NewsletterSignupBlock`` (re-exported here for a host's own StreamFields)
renders what this module registers."""

from django.template.loader import render_to_string

from editorial.signup import NewsletterSignupBlock

__all__ = ["NewsletterSignupBlock", "render_signup_form"]


def render_signup_form(request, page, heading, text, block_id):
    """The form of ``NewsletterSignupBlock`` (articles' and standard pages'
    bodies), registered in ``NewsletterConfig.ready()``."""
    return render_to_string(
        "newsletter/block.html",
        {
            "value": {"heading": heading, "text": text},
            "block_id": block_id,
            "request": request,
            "page": page,
        },
    )
