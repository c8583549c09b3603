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
        from editorial.resources import gated_resource_types
        from leads.models import ResourcePage

        gated_resource_types.register(ResourcePage)
        from wagtail.signals import page_published

        page_published.connect(
            _sync_events, dispatch_uid="leads.sync_events_on_publish"
        )
        if exports.registrations_of not in gdpr.exporters:
            gdpr.exporters.append(exports.registrations_of)


def _sync_events(sender, instance, created=False, **kwargs):
    """A published change to an event (title, times, place, capacity) reaches
    its row at once: the calendar sequence of the next e-mails goes up. A
    page created just now (``editorial.bulk`` says so) has no event rows."""
    if created:
        return
    from leads.events import sync_page_events

    sync_page_events(instance)
