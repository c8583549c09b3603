"""Sign-up, confirmation, preferences and unsubscribe. Nothing of a sign-up
takes effect before its confirmation: the link carries the preferences
asked for. The form answers the same whether the address was subscribed or
not (an active subscriber is mailed a preferences link instead)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from contacts.capture import capture
from contacts.models import Consent
from newsletter import tokens
from newsletter.forms import CONSENT_TEXT
from newsletter.models import Subscription

CONSENT_PURPOSE = "newsletter"


def sign_up(request, *, email, frequency, topic_ids, source, page=None):
    """Record the request and queue the e-mail (confirmation, or the
    preferences link of an active subscriber)."""
    from newsletter.tasks import send_confirmation

    with transaction.atomic():
        contact = capture(
            request,
            email=email,
            kind="newsletter_signup",
            page=page,
            details={"frequency": frequency, "source": source},
        )
        subscription, _created = Subscription.objects.get_or_create(
            contact=contact,
            defaults={
                "frequency": frequency,
                "all_topics": not topic_ids,
                "language": (translation.get_language() or "fr")[:2],
                "source": source,
            },
        )
        already = subscription.status == Subscription.ACTIVE
        token = tokens.confirm_token(
            subscription,
            frequency=frequency,
            topic_ids=topic_ids,
            all_topics=not topic_ids,
        )
        confirm_url = request.build_absolute_uri(
            reverse("newsletter:confirm", args=[token])
        )
        base_url = request.build_absolute_uri("/").rstrip("/")
        transaction.on_commit(
            lambda: send_confirmation.enqueue(
                subscription.pk, confirm_url, base_url, already
            )
        )
    return subscription


def confirm(data, request=None):
    """Apply a confirmation link's data; the subscription, or None when it
    is gone (contact erased)."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .select_related("contact")
            .filter(pk=data["s"])
            .first()
        )
        if subscription is None:
            return None
        if data["f"] in dict(Subscription._meta.get_field("frequency").choices):
            subscription.frequency = data["f"]
        subscription.all_topics = bool(data.get("a")) or not data["t"]
        if subscription.status != Subscription.ACTIVE:
            subscription.status = Subscription.ACTIVE
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
            Consent.objects.create(
                contact=subscription.contact,
                purpose=CONSENT_PURPOSE,
                text=str(CONSENT_TEXT),
                version=_consent_version(),
                language=translation.get_language() or "",
                url=request.build_absolute_uri() if request else "",
            )
        subscription.save()
        from taggit.models import Tag

        subscription.topics.set(Tag.objects.filter(pk__in=data["t"]))
    return subscription


def _consent_version():
    from contacts.conf import get_setting

    return get_setting("PRESSROOM_CONSENT_VERSION")


def unsubscribe(subscription):
    """Stop every digest and withdraw the newsletter consent (idempotent)."""
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk).exclude(
            status=Subscription.UNSUBSCRIBED
        ).update(status=Subscription.UNSUBSCRIBED, unsubscribed_at=now)
        Consent.objects.filter(
            contact_id=subscription.contact_id,
            purpose=CONSENT_PURPOSE,
            withdrawn_at=None,
        ).update(withdrawn_at=now)
    subscription.refresh_from_db()


def update_preferences(subscription, *, frequency, topic_ids):
    from taggit.models import Tag

    with transaction.atomic():
        subscription.frequency = frequency
        subscription.all_topics = not topic_ids
        subscription.save(update_fields=["frequency", "all_topics"])
        subscription.topics.set(Tag.objects.filter(pk__in=topic_ids))
