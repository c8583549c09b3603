from wagtail.admin.panels import PageChooserPanel

from editorial.registry import content_types


class ContentPageChooserPanel(PageChooserPanel):
    """A page chooser limited to the registered Pressroom content types.

    The types are read when the panel is bound, after every app's ``ready()``
    has filled the registry.
    """

    def get_form_options(self):
        self.page_type = content_types.labels() or None
        return super().get_form_options()
