from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Shared core of the Pressroom plugin.

    Content apps fill in its contracts from their own ``ready()`` (content
    types, playable content, rich-text features, paragraph filters); this app
    never imports or names them. It adapts Wagtail in one place
    (``editorial.wagtail_adaptations``).
    """

    name = "editorial"
    label = "editorial"
    verbose_name = _("Editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def import_models(self):
        super().import_models()
        from editorial import wagtail_adaptations

        # Every app's import_models() runs before any app's ready(), where
        # Wagtail's own apps load its API v3: so the adaptations take effect
        # whatever the order of INSTALLED_APPS (see the module).
        wagtail_adaptations.install()

    def ready(self):
        from django.core import checks

        from editorial import (
            context_processors,
            http_guards,
            media,
            page_events,
            wagtail_adaptations,
        )

        # Installed before any ready() (import_models above); again here,
        # idempotent, for a registry populated some other way.
        wagtail_adaptations.install()

        # People can be created through API v3 (editorial.api.writes).
        from editorial.models import Person
        from editorial.writable_models import writable_models

        writable_models.register(Person, "people")

        # French spacing in the paragraphs of French pages. It changes text
        # nodes only, so its order among other filters (the glossary's
        # automatic links) does not matter.
        from editorial.rich_text import register_paragraph_filter
        from editorial.typography import paragraph_filter

        register_paragraph_filter(paragraph_filter)

        checks.register(media.check_documents_are_served_privately)
        checks.register(http_guards.check_guards_installed)
        checks.register(context_processors.check_base_template_is_used)

        # One dispatcher for what readers may see change: see-also candidates
        # recomputed (a background task), then cached listing values and
        # fragments made stale, then the page cache purged.
        from editorial import listing_cache, page_cache_signals, related_events
        from editorial.models import Person, PersonLink

        page_events.connect(
            (related_events, listing_cache, page_cache_signals),
            broad_models=(Person, PersonLink),
        )
