"""Admin wiring: the rich-text "Glossary term" feature, its chooser, the listing."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.rich_text.converters.editor_html import LinkTypeRule
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail_modeladmin.options import modeladmin_register

from editorial.dashboard import PageListPanel

from .admin import GlossaryEntryAdmin, entry_is_used
from .chooser import glossary_entry_chooser_viewset
from .rich_text import (
    ENTITY_TYPE,
    FEATURE_NAME,
    IDENTIFIER,
    ContentstateGlossaryTermConversionRule,
    GlossaryTermDbAttributes,
    GlossaryTermLinkHandler,
)


@hooks.register("register_icons")
def register_glossary_icon(icons):
    return [*icons, "glossary/icons/glossary-term.svg"]


@hooks.register("register_admin_viewset")
def register_glossary_chooser():
    return glossary_entry_chooser_viewset


@hooks.register("register_rich_text_features")
def register_glossary_term(features):
    features.register_link_type(GlossaryTermLinkHandler)
    features.register_editor_plugin(
        "draftail",
        FEATURE_NAME,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "glossary-term",
                "description": _("Glossary term"),
                "chooserUrls": {
                    "glossaryChooser": reverse_lazy("glossary_entry_chooser:choose")
                },
            },
            js=[
                "wagtailadmin/js/chooser-modal.js",
                "glossary/js/glossary-term-draftail.js",
            ],
            css={"all": ["glossary/css/glossary-term-draftail.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate", FEATURE_NAME, ContentstateGlossaryTermConversionRule
    )
    # Wagtail's API v3 sanitises rich-text input with the "editorhtml" rules:
    # without one, a term written through the API would be unwrapped.
    features.register_converter_rule(
        "editorhtml", FEATURE_NAME, [LinkTypeRule(IDENTIFIER, GlossaryTermDbAttributes)]
    )


modeladmin_register(GlossaryEntryAdmin)


def unused_entries(request):
    from .models import GlossaryEntryPage

    return GlossaryEntryPage.objects.filter(~entry_is_used()).order_by(
        "-latest_revision_created_at", "-pk"
    )


@hooks.register("construct_homepage_panels")
def add_unused_entries_panel(request, panels):
    panels.append(
        PageListPanel(
            "pressroom_unused_glossary_entries",
            _("Glossary entries never used"),
            unused_entries,
            order=140,
            empty_text=_("Every entry is linked from some page."),
        )
    )
