"""Pressroom settings, each with a default, read in this one place."""

from django.conf import settings

DEFAULTS = {
    # Size of the "See also" panel: editors' picks, then tag fill, then recency.
    "PRESSROOM_SEE_ALSO_COUNT": 4,
    # Number of items in the "Recent posts" component.
    "PRESSROOM_RECENT_COUNT": 3,
    # Items per page on tag pages, the search page and index listings.
    "PRESSROOM_PAGE_SIZE": 12,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
