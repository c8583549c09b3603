from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """This publication's site: home page, base templates, URLs, demo content."""

    name = "site_config"
    label = "site_config"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"
