from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    """Contacts (one per e-mail address), their interactions and consents,
    GDPR access and erasure, and the hand-off to a CRM (signed webhooks)."""

    name = "contacts"
    label = "contacts"
    verbose_name = _("Contacts")
    default_auto_field = "django.db.models.BigAutoField"
