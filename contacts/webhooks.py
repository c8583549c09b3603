"""The CRM hand-off: each lead POSTed as JSON to every configured webhook.

Headers (README, Leads): ``X-Pressroom-Event`` (the kind of lead),
``X-Pressroom-Delivery`` (the delivery id, the same on retries),
``X-Pressroom-Timestamp`` (Unix seconds) and ``X-Pressroom-Signature``:
``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>." + body`` with the
endpoint's secret. Receivers recompute it and refuse old timestamps.
"""

import hashlib
import hmac
import json
import time

from django.db import transaction

from contacts.conf import get_setting
from contacts.models import WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "X-Pressroom-Signature"
TIMESTAMP_HEADER = "X-Pressroom-Timestamp"
EVENT_HEADER = "X-Pressroom-Event"
DELIVERY_HEADER = "X-Pressroom-Delivery"


def sign(secret, timestamp, body):
    """``sha256=<hex>`` of ``"<timestamp>." + body`` (bytes)."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, *, max_age=300, now=None):
    """What a receiver does: a fresh timestamp and a matching signature."""
    now = time.time() if now is None else now
    try:
        if abs(now - int(timestamp)) > max_age:
            return False
    except (TypeError, ValueError):
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def endpoints():
    """``(endpoint or None, url, secret)`` of every active webhook: those of
    the settings, then those editors added in the admin."""
    found = [
        (None, hook["url"], hook["secret"])
        for hook in get_setting("PRESSROOM_CRM_WEBHOOKS")
    ]
    found += [
        (endpoint, endpoint.url, endpoint.secret)
        for endpoint in WebhookEndpoint.objects.filter(active=True)
    ]
    return found


def secret_for(delivery):
    if delivery.endpoint_id:
        return delivery.endpoint.secret
    for hook in get_setting("PRESSROOM_CRM_WEBHOOKS"):
        if hook["url"] == delivery.url:
            return hook["secret"]
    return None


def payload_for(contact, event, details, url=""):
    return {
        "event": event,
        "contact": {
            "email": contact.email,
            "name": contact.name,
            "company": contact.company,
            "job_title": contact.job_title,
            "phone": contact.phone,
        },
        "details": details,
        "page_url": url,
    }


def queue_hand_off(contact, event, details, url=""):
    """A delivery per webhook, each sent by a task once the transaction
    commits (the worker must see the rows)."""
    from contacts.tasks import deliver_webhook

    payload = payload_for(contact, event, details, url)
    for endpoint, hook_url, _secret in endpoints():
        delivery = WebhookDelivery.objects.create(
            contact=contact,
            endpoint=endpoint,
            url=hook_url,
            event=event,
            payload=payload,
        )
        transaction.on_commit(lambda pk=delivery.pk: deliver_webhook.enqueue(pk))


def backoff(attempt):
    """Seconds before attempt ``attempt + 1``: doubling from the base."""
    return get_setting("PRESSROOM_CRM_WEBHOOK_BACKOFF") * 2 ** (attempt - 1)


def post(delivery):
    """One attempt; ``(status code or None, error text)``."""
    import urllib.error
    import urllib.request

    secret = secret_for(delivery)
    if secret is None:
        return None, "No secret configured for this URL any more"
    body = json.dumps(delivery.payload, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        delivery.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Pressroom-Webhook/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(
            request, timeout=get_setting("PRESSROOM_CRM_WEBHOOK_TIMEOUT")
        ) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]
