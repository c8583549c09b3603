from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel, Panel

from editorial.playable import playable_types
from editorial.registry import content_types


class ContentPageChooserPanel(PageChooserPanel):
    """A page chooser limited to the registered Pressroom content types.

    The types are read when the panel is bound, after every app's ``ready()``
    has filled the registry.
    """

    def get_form_options(self):
        self.page_type = content_types.labels() or None
        return super().get_form_options()


class PlayablePageChooserPanel(PageChooserPanel):
    """A page chooser limited to the playable types installed apps registered
    (``editorial.playable``), read when the panel is bound."""

    def get_form_options(self):
        self.page_type = playable_types.labels() or None
        return super().get_form_options()


class WordedInlinePanel(InlinePanel):
    """An inline panel whose add button says a whole phrase, ``add_label``
    ("Add a contributor"): Wagtail's button builds "Add %(label)s" around
    the panel's label, which French cannot say without the noun's gender
    ("Ajouter un(e) contributeur"). Without ``add_label`` it is Wagtail's."""

    def __init__(self, *args, add_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["add_label"] = self.add_label
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "editorial/panels/inline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["add_label"] = self.panel.add_label
            return context


class PlayableVersionsPanel(WordedInlinePanel):
    """The inline list of a page's playable versions, left out of the form
    altogether (no formset to submit) while no installed app provides
    playable content."""

    def get_form_options(self):
        if not playable_types.models():
            return {}
        return super().get_form_options()

    class BoundPanel(WordedInlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            if playable_types.models():
                super().__init__(**kwargs)
                return
            # InlinePanel's own set-up reads the formset left out above.
            Panel.BoundPanel.__init__(self, **kwargs)
            self.label = self.panel.label
            self.formset = None
            self.children = []

        def is_shown(self):
            return bool(playable_types.models()) and super().is_shown()


class ParagraphFilterOptionPanel(FieldPanel):
    """A page's option about the paragraph filters installed apps register
    (``editorial.rich_text.register_paragraph_filter``: the glossary's
    automatic links), in the form only while such a filter is installed.
    Left out, the field keeps its stored value (a hidden checkbox would
    untick it on every save)."""

    def get_form_options(self):
        from editorial.rich_text import paragraph_filters

        if not paragraph_filters():
            return {}
        return super().get_form_options()
