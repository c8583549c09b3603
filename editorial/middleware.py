"""Middleware of the Pressroom plugin."""

from editorial.conf import get_setting
from editorial.rich_text import api_rendering


class APIRenderingMiddleware:
    """Rich text rendered while answering the headless API
    (``PRESSROOM_API_PATH_PREFIXES``) gets front-end links: absolute URLs, the
    linked page's id and type, a glossary term's entry id and definition."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(get_setting("PRESSROOM_API_PATH_PREFIXES"))

    def __call__(self, request):
        if request.path_info.startswith(self.prefixes):
            with api_rendering():
                return self.get_response(request)
        return self.get_response(request)
