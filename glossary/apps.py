from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "glossary"
    label = "glossary"
    verbose_name = _("Glossary")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from editorial.listing_cache import bump_on
        from editorial.registry import content_types
        from editorial.rich_text import register_paragraph_filter
        from editorial.rich_text_features import register_rich_text_feature

        from .autolink import autolink_paragraph, invalidate
        from .models import GlossaryAlternativeForm, GlossaryEntryPage, GlossarySettings
        from .rich_text import FEATURE_NAME

        content_types.register(GlossaryEntryPage)
        # Imported glossary terms (wordpress_import) become entries.
        from editorial.importing import import_adapters

        from .importing import GlossaryEntryAdapter

        import_adapters.register(GlossaryEntryAdapter())
        # The term in every long-form field's editor, and automatic links to
        # the entries in every paragraph (editorial's contracts).
        register_rich_text_feature(FEATURE_NAME)
        register_paragraph_filter(autolink_paragraph)
        # Terms written through API v3 as the API reads them (front-end HTML):
        # the link becomes the stored entity, its hidden definition is dropped.
        from editorial.rich_text_input import (
            register_dropped_element_id_prefix,
            register_link_attribute,
        )

        from .rich_text import IDENTIFIER, definition_id

        register_link_attribute("data-glossary-id", IDENTIFIER)
        register_dropped_element_id_prefix(definition_id(""))

        # The settings are read once per content generation (autolink).
        bump_on(GlossarySettings)
        # The automatic-linking term list changes with any entry.
        uid = "pressroom_glossary_autolink"
        page_published.connect(invalidate, sender=GlossaryEntryPage, dispatch_uid=uid)
        page_unpublished.connect(invalidate, sender=GlossaryEntryPage, dispatch_uid=uid)
        post_delete.connect(invalidate, sender=GlossaryEntryPage, dispatch_uid=uid)
        post_page_move.connect(invalidate, sender=GlossaryEntryPage, dispatch_uid=uid)
        post_delete.connect(
            invalidate, sender=GlossaryAlternativeForm, dispatch_uid=uid
        )
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=PageViewRestriction, dispatch_uid=uid)
