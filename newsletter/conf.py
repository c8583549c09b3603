"""Settings of the newsletter app, each with a default, read in this one place."""

from django.conf import settings

DEFAULTS = {
    # Seconds a sign-up's confirmation link stays valid.
    "PRESSROOM_NEWSLETTER_CONFIRM_MAX_AGE": 3 * 24 * 3600,
    # Subscribers handled by one task of a digest's sending.
    "PRESSROOM_NEWSLETTER_BATCH_SIZE": 200,
    # Deliveries recorded as sent every this many messages within a batch:
    # after a crash at most this many recipients are left "interrupted"
    # (maybe sent, never sent again).
    "PRESSROOM_NEWSLETTER_CHECKPOINT": 25,
    # Messages per second at most (0: as fast as the SMTP server takes them).
    "PRESSROOM_NEWSLETTER_SEND_RATE": 0,
    # Items at most in one subscriber's digest.
    "PRESSROOM_NEWSLETTER_DIGEST_ITEMS": 12,
    # Topics (the most used tags) offered on the sign-up and preferences forms.
    "PRESSROOM_NEWSLETTER_TOPICS": 12,
    # Domains of throw-away mailboxes refused at sign-up, besides the built-in list.
    "PRESSROOM_NEWSLETTER_DISPOSABLE_DOMAINS": [],
    # Sender of the newsletter's e-mails (default: DEFAULT_FROM_EMAIL).
    "PRESSROOM_NEWSLETTER_FROM_EMAIL": "",
    # Address of the site in e-mails when no request gives it (tasks): the
    # default Wagtail site's root URL when empty.
    "PRESSROOM_NEWSLETTER_BASE_URL": "",
    # django-tasks backend alias of the e-mails and of the sending.
    "PRESSROOM_TASKS_BACKEND": "default",
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])


def from_email():
    return get_setting("PRESSROOM_NEWSLETTER_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL
