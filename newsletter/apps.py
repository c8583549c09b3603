from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """Newsletter subscriptions by topic with double opt-in, and the digest
    of new content sent in batches; contacts and consent come from
    ``contacts``, content from ``editorial``'s registry."""

    name = "newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contacts import gdpr
        from editorial.signup import signup_forms
        from newsletter import exports
        from newsletter.blocks import render_signup_form

        signup_forms.register(render_signup_form)

        if exports.subscription_of not in gdpr.exporters:
            gdpr.exporters.append(exports.subscription_of)
