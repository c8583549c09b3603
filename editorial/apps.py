from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Shared core of the Pressroom plugin.

    Content apps register their page types with ``editorial.registry`` from their
    own ``ready()``; this app never imports them.
    """

    name = "editorial"
    label = "editorial"
    verbose_name = _("Editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from editorial import (
            http_guards,
            listing_cache,
            media,
            page_cache_signals,
            related,
            wagtail_api,
        )

        checks.register(media.check_documents_are_served_privately)
        checks.register(http_guards.check_guards_installed)

        # Purges of the page cache when content changes.
        page_cache_signals.connect()
        # See-also candidates recomputed when pages change (a background task).
        related.connect()
        # Cached filter choices and counts of listings made stale on changes.
        listing_cache.connect()

        # Before Wagtail's API v3 builds its schemas (when the URLs load).
        wagtail_api.install()
