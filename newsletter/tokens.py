"""Signed links of the newsletter: the confirmation of a sign-up (expiring,
carrying the preferences asked for, applied only once confirmed) and the
subscriber's own link to preferences and one-click unsubscribe."""

from django.core import signing

from newsletter.conf import get_setting

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


def confirm_token(subscription, *, frequency, topic_ids, all_topics):
    return signing.dumps(
        {
            "s": subscription.pk,
            "f": frequency,
            "t": sorted(topic_ids),
            "a": bool(all_topics),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )


def read_confirm_token(token):
    """The data of a valid, unexpired confirmation link, else None."""
    try:
        data = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=get_setting("PRESSROOM_NEWSLETTER_CONFIRM_MAX_AGE"),
        )
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("s"), int)
        or not isinstance(data.get("t"), list)
        or not all(isinstance(t, int) for t in data["t"])
        or not isinstance(data.get("f"), str)
    ):
        return None
    return data


def manage_token(subscription_id, contact_id):
    """The subscriber's link to preferences and unsubscribe: valid as long as
    the subscription (its contact erased, the link dies)."""
    return signing.dumps([subscription_id, contact_id], salt=MANAGE_SALT)


def read_manage_token(token):
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, list)
        or len(data) != 2
        or not all(isinstance(v, int) for v in data)
    ):
        return None
    return tuple(data)


def subscription_for(token):
    from newsletter.models import Subscription

    found = read_manage_token(token)
    if found is None:
        return None
    return (
        Subscription.objects.select_related("contact")
        .filter(pk=found[0], contact_id=found[1])
        .first()
    )
