"""Spam defences of the lead forms: a honeypot field and rate limits kept in
the cache, which let submissions through when the cache is down (a lead lost
costs more than a little spam)."""

import hashlib
import logging

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from contacts.conf import get_setting

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people do not see (hidden by CSS, out of the tab order) and
    robots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self):
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD)))


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, value):
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"pressroom:ratelimit:{scope}:{digest}"


def allow(scope, value, limit, window=None):
    """Count one hit of ``value`` in ``scope``; False past ``limit`` hits in
    the window. True whenever the cache fails (fail open)."""
    if not value or not limit:
        return True
    window = window or get_setting("PRESSROOM_RATE_LIMIT_WINDOW")
    key = _key(scope, value)
    try:
        if cache.add(key, 1, timeout=window):
            return True
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        return True
    except Exception:  # noqa: BLE001 - any cache outage: let the reader through
        logger.warning("Rate limit cache unavailable; submission allowed")
        return True


def submission_allowed(request, email, scope="form"):
    """Per-IP and per-address limits of one form submission."""
    ip_ok = allow(
        f"{scope}:ip", client_ip(request), get_setting("PRESSROOM_RATE_LIMIT_PER_IP")
    )
    address_ok = allow(
        f"{scope}:email",
        (email or "").strip().lower(),
        get_setting("PRESSROOM_RATE_LIMIT_PER_ADDRESS"),
    )
    return ip_ok and address_ok
