"""Old WordPress addresses of the form ``/?p=123`` on the home page.

Wagtail's redirects are only looked up for answers that are 404s, and
``/?p=123`` is the home page, a 200. This middleware looks up the redirect
stored for such an address (``?p=``, ``?page_id=``, ``?attachment_id=``)
before the page is served; any other request passes through untouched.
"""

from django import http

WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id")


class WordPressQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path == "/"
            and request.method in ("GET", "HEAD")
            and any(request.GET.get(key, "").isdigit() for key in WORDPRESS_QUERY_KEYS)
        ):
            from wagtail.contrib.redirects.middleware import get_redirect
            from wagtail.contrib.redirects.models import Redirect

            path = Redirect.normalise_path(
                request.get_full_path(), decode_unicode=False
            )
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return http.HttpResponsePermanentRedirect(redirect.link)
                return http.HttpResponseRedirect(redirect.link)
        return self.get_response(request)
