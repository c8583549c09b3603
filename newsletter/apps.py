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
        from newsletter import exports

        if exports.subscription_of not in gdpr.exporters:
            gdpr.exporters.append(exports.subscription_of)
