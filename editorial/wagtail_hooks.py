from wagtail import hooks

from editorial.rich_text import PrefetchingPageLinkHandler, PublicDocumentLinkHandler


# Runs after Wagtail's own registration (order 0), so this handler replaces it.
@hooks.register("register_rich_text_features", order=100)
def register_prefetching_page_links(features):
    features.register_link_type(PrefetchingPageLinkHandler)
    features.register_link_type(PublicDocumentLinkHandler)


@hooks.register("register_admin_viewset")
def register_person_chooser():
    from editorial.choosers import person_chooser_viewset

    return person_chooser_viewset
