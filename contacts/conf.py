"""Settings of the contacts app, each with a default, read in this one place."""

from django.conf import settings

DEFAULTS = {
    # CRM webhooks besides those editors add in the admin:
    # [{"url": "https://crm.example/hook", "secret": "…"}].
    "PRESSROOM_CRM_WEBHOOKS": [],
    # Attempts of a webhook delivery before it is marked failed; the wait
    # doubles after each failure from PRESSROOM_CRM_WEBHOOK_BACKOFF seconds.
    "PRESSROOM_CRM_WEBHOOK_ATTEMPTS": 5,
    "PRESSROOM_CRM_WEBHOOK_BACKOFF": 30,
    # Seconds a webhook request may take.
    "PRESSROOM_CRM_WEBHOOK_TIMEOUT": 10,
    # Submissions of a form accepted per IP address and per e-mail address
    # in PRESSROOM_RATE_LIMIT_WINDOW seconds (the default cache counts them).
    "PRESSROOM_RATE_LIMIT_PER_IP": 20,
    "PRESSROOM_RATE_LIMIT_PER_ADDRESS": 5,
    "PRESSROOM_RATE_LIMIT_WINDOW": 600,
    # The version recorded with each consent; change it when the consent
    # text changes.
    "PRESSROOM_CONSENT_VERSION": "1",
    # django-tasks backend alias of the e-mails and webhooks.
    "PRESSROOM_TASKS_BACKEND": "default",
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
