from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordPressImportConfig(AppConfig):
    """Imports a WordPress publication (WXR export) into Pressroom's page
    types through ``editorial.importing``'s adapters."""

    name = "wordpress_import"
    label = "wordpress_import"
    verbose_name = _("WordPress import")
    default_auto_field = "django.db.models.BigAutoField"
