"""The endpoints a headless front end calls with a preview token.

``site_config.api`` mounts ``router`` at ``/api/v3/preview/`` and
``PagePreviewAPIViewSet`` at ``/api/v2/page_preview/``. Both answer
``?content_type=<app_label.model>&token=<token>`` (what the admin's Preview
appends to the client URL) with the editor's draft, serialized exactly like
the live page in ``/api/v3/pages/{id}/`` and ``/api/v2/pages/{id}/``. Without
a valid, unexpired token of that page type they answer 404 and show nothing.
A page not created yet has the id 0, as in the package's own example.
"""

import re
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import get_page_models

from ninja import Field, Query, Router
from ninja.decorators import decorate_view
from rest_framework.response import Response

from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.v2 import ClearRefusalsMixin
from editorial.preview import HeadlessPreviewMixin

# The page types that can be previewed, by the name the admin's Preview
# gives the front end ("articles.articlepage"). Read when the URLs load,
# after every app is ready.
PREVIEW_MODELS = {
    model.get_content_type_str(): model
    for model in get_page_models()
    if issubclass(model, HeadlessPreviewMixin)
}
_CONTENT_TYPES = tuple(sorted(PREVIEW_MODELS))
PreviewContentType = Literal[_CONTENT_TYPES] if _CONTENT_TYPES else str

# What a signed token is made of ("id=12:1tC2xY:Vb3…", or
# "parent_id=3;page_type=articles.ArticlePage:…" for a page not created yet);
# anything else (a NUL byte, a space) is refused before any lookup.
TOKEN_PATTERN = r"^[\w=;.:-]+$"
TOKEN_RE = re.compile(r"[\w=;.:-]+")
TOKEN_MAX_LENGTH = 255  # PagePreview.token's max_length
Token = Annotated[str, Field(pattern=TOKEN_PATTERN, max_length=TOKEN_MAX_LENGTH)]


NOT_FOUND_MESSAGE = gettext_lazy(
    "No preview matches this token: it is unknown, expired or made for "
    "another page type. Press Preview in the admin again."
)


def page_for_token(model, token):
    """The draft behind a token, or Http404."""
    page = model.get_page_from_preview_token(token)
    if page is None:
        raise Http404(str(NOT_FOUND_MESSAGE))
    if page.pk is None:
        # Not created yet: ids are integers in both APIs (pk is page_ptr_id
        # on a page type, id the base page's).
        page.id = page.pk = 0
    return page


# -- API v3 ------------------------------------------------------------------

router = Router(tags=["preview"], auth=[BearerTokenAuth(), AllowAnonymous()])


@router.get(
    "/",
    response={200: PageDetailSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="pressroom_preview",
    summary="The draft a preview token was made for",
    description=(
        "Called by the headless front end the admin's Preview opens, with the "
        "content_type and token it received. Answers the draft in the shape "
        "of /api/v3/pages/{id}/; 404 without a valid, unexpired token."
    ),
    operation_id="pressroom_preview",
)
# A draft is never kept by a shared cache or the browser.
@decorate_view(never_cache)
def preview(
    request: HttpRequest,
    content_type: PreviewContentType,
    token: Token,
    rich_text_format: RichTextOutputFormat | None = Query(None),  # noqa: B008
):
    return page_for_token(PREVIEW_MODELS[content_type], token)


# -- API v2 ------------------------------------------------------------------


class PagePreviewAPIViewSet(ClearRefusalsMixin, PagesAPIViewSet):
    """``/api/v2/page_preview/?content_type=…&token=…``: the draft, serialized
    like ``/api/v2/pages/{id}/`` (``?fields=`` included)."""

    known_query_parameters = frozenset(
        ["content_type", "token", "fields", "rich_text_format", "format"]
    )

    @classmethod
    def get_urlpatterns(cls):
        # Only the listing URL: the pages endpoint's detail and find views
        # mean nothing without a token.
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]

    def listing_view(self, request):
        # The detail serializer, so the draft has the live page's shape.
        self.action = "detail_view"
        unknown = set(request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                _("Unknown query parameters: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            )
        serializer = self.get_serializer(self.get_object())
        response = Response(serializer.data)
        add_never_cache_headers(response)
        return response

    def get_object(self):
        if not hasattr(self, "_preview_page"):
            self._preview_page = page_for_token(*self._parse_query())
        return self._preview_page

    def _parse_query(self):
        content_type = self.request.GET.get("content_type", "")
        token = self.request.GET.get("token", "")
        if not content_type or not token:
            raise BadRequestError(_("Both content_type and token are required."))
        model = PREVIEW_MODELS.get(content_type)
        if model is None:
            raise BadRequestError(
                _("Unknown content_type; expected one of: %(types)s.")
                % {"types": ", ".join(_CONTENT_TYPES)}
            )
        if len(token) > TOKEN_MAX_LENGTH or not TOKEN_RE.fullmatch(token):
            raise BadRequestError(_("This is not a preview token."))
        return model, token
