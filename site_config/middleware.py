"""Security headers of this site."""

from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from csp.middleware import CSPMiddleware

from editorial.conf import get_setting
from site_config import csp


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy of the part of the site a
    request is for (see ``site_config.csp``), sent as
    ``Content-Security-Policy``, or ``Content-Security-Policy-Report-Only``
    when ``PRESSROOM_CSP_REPORT_ONLY`` is on. django-csp's view decorators
    still adjust it."""

    @cached_property
    def admin_prefixes(self):
        prefixes = []
        for name in ("wagtailadmin_home", "admin:index"):
            try:
                prefixes.append(reverse(name))
            except NoReverseMatch:
                continue
        return tuple(prefixes)

    @cached_property
    def api_prefixes(self):
        return tuple(get_setting("PRESSROOM_API_PATH_PREFIXES"))

    def policy_for(self, request, response):
        if getattr(request, "is_preview", False):
            return csp.preview_policy()
        path = request.path_info
        if path.startswith(self.api_prefixes):
            # The API's interactive documentation is the one HTML document
            # under the API.
            if response.get("Content-Type", "").startswith("text/html"):
                return csp.api_docs_policy()
            return csp.api_policy()
        if path.startswith(self.admin_prefixes):
            return csp.admin_policy()
        return csp.public_policy()

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        sent_as_report_only = getattr(settings, "PRESSROOM_CSP_REPORT_ONLY", False)
        if report_only == sent_as_report_only and parts.config is None:
            parts.config = self.policy_for(request, response)
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` (``PRESSROOM_PERMISSIONS_POLICY``): the browser
    features a publication never asks readers for are off, for its pages and
    for anything they embed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PRESSROOM_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class AdminWriteTransactionMiddleware:
    """Every POST to the admin runs in one database transaction: a publish
    that fails half-way (a database error, a hook refusing it) leaves no page
    or draft behind, and on SQLite (``BEGIN IMMEDIATE``) two writes of the
    same editor, an autosave and a Publish, run one after the other instead of
    interleaving."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self):
        try:
            return reverse("wagtailadmin_home")
        except NoReverseMatch:
            return None

    def __call__(self, request):
        if (
            request.method == "POST"
            and self.admin_prefix
            and request.path_info.startswith(self.admin_prefix)
        ):
            with transaction.atomic():
                response = self.get_response(request)
                # The view's exception became a 500 response inside: undo
                # what it wrote all the same.
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                return response
        return self.get_response(request)
