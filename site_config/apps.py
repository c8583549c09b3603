from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """This publication's site: home page, base templates, URLs, demo content."""

    name = "site_config"
    label = "site_config"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.importing import import_adapters

        from .importing import StandardPageAdapter

        # Imported WordPress pages (wordpress_import) become standard pages.
        import_adapters.register(StandardPageAdapter())
