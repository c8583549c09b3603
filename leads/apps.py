from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    """Event registration (with waiting list, e-mails and reminders) and
    gated resources; contacts and consent come from ``contacts``."""

    name = "leads"
    label = "leads"
    verbose_name = _("Leads")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contacts import gdpr
        from editorial.registrations import registration_providers
        from leads import exports
        from leads.provider import provider

        registration_providers.register(provider)
        if exports.registrations_of not in gdpr.exporters:
            gdpr.exporters.append(exports.registrations_of)
