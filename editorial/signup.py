"""The contract between pages and the newsletter sign-up form another app offers.

Articles and standard pages offer a "Newsletter sign-up" block in their body
(``NewsletterSignupBlock``) without knowing who keeps the subscribers: an app
registers the form from ``AppConfig.ready()`` with
``signup_forms.register(render)``, where

- ``render(request, page, heading, text, block_id) -> str`` gives the HTML
  shown in the block (the form posting to that app), or ``""``.

With no such app installed the block is not offered in the editor (bodies
built on ``editorial.blocks.BodyBlock`` leave it out of their menu and their
form) and a stored block renders nothing.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class SignupFormRegistry:
    """The one sign-up form of the site (the last registered wins)."""

    def __init__(self):
        self._render = None

    def register(self, render):
        if not callable(render):
            raise ImproperlyConfigured(
                "A newsletter sign-up form is registered as a callable "
                "render(request, page, heading, text, block_id) -> str."
            )
        self._render = render
        return render

    def unregister(self):
        self._render = None

    def is_offered(self):
        return self._render is not None

    def render(self, request, page, heading, text, block_id):
        if self._render is None or request is None:
            return ""
        return self._render(request, page, heading, text, block_id)


signup_forms = SignupFormRegistry()


class NewsletterSignupBlock(blocks.StructBlock):
    """The newsletter's sign-up form inside a body, with a heading and a
    sentence saying what readers get; offered when an app keeps subscribers."""

    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=120,
        default=_("Receive the newsletter"),
        help_text=_("The form's heading, e.g. 'Every Monday, the week's news'."),
    )
    text = blocks.TextBlock(
        label=_("text"),
        required=False,
        max_length=400,
        help_text=_("What readers get and how often."),
    )

    class Meta:
        icon = "mail"
        label = _("Newsletter sign-up")
        template = "editorial/blocks/newsletter_signup.html"

    @staticmethod
    def is_offered():
        return signup_forms.is_offered()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        context["form_html"] = signup_forms.render(
            parent_context.get("request"),
            parent_context.get("page"),
            value.get("heading") or "",
            value.get("text") or "",
            parent_context.get("block_id") or context.get("block_id") or "",
        )
        return context
