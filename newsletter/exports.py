"""The newsletter's part of a contact's GDPR export."""


def subscription_of(contact):
    from newsletter.models import Subscription

    subscription = (
        Subscription.objects.filter(contact=contact).prefetch_related("topics").first()
    )
    if subscription is None:
        return "newsletter", None

    def iso(value):
        return value.isoformat() if value else None

    return "newsletter", {
        "status": subscription.status,
        "frequency": subscription.frequency,
        "all_topics": subscription.all_topics,
        "topics": [tag.name for tag in subscription.topics.all()],
        "language": subscription.language,
        "source": subscription.source,
        "created_at": iso(subscription.created_at),
        "confirmed_at": iso(subscription.confirmed_at),
        "unsubscribed_at": iso(subscription.unsubscribed_at),
        "digests_sent": [
            iso(sent_at)
            for sent_at in subscription.deliveries.filter(status="sent").values_list(
                "sent_at", flat=True
            )
        ],
    }
