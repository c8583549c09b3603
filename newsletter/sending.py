"""Sending a digest in batches, resumable after a crash without sending
anyone the same digest twice.

Each batch takes the next active subscribers of the digest's frequency who
have no delivery row for it, writes their rows at once (``claimed``, or
``skipped`` when nothing new matches their topics), commits, then sends
through one SMTP connection and marks the sent ones every
PRESSROOM_NEWSLETTER_CHECKPOINT messages. A subscriber with a row is never
taken again: after a crash, the rows still ``claimed`` become
``interrupted`` (maybe sent) when the digest finishes, and sending resumes
with the others. A batch costs the same number of queries whatever its
size and the number of subscribers (``tests/test_newsletter_sending.py``).
"""

import datetime
import logging
import smtplib
import time

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from newsletter import digest as digest_items
from newsletter.conf import get_setting
from newsletter.mail import DigestRenderer
from newsletter.models import MONTHLY, Delivery, Digest, Subscription

logger = logging.getLogger(__name__)

PERIOD = {MONTHLY: datetime.timedelta(days=31)}
DEFAULT_PERIOD = datetime.timedelta(days=7)


def previous_until(frequency, exclude_pk=None):
    last = (
        Digest.objects.filter(
            frequency=frequency, status__in=[Digest.SENDING, Digest.SENT]
        )
        .exclude(pk=exclude_pk)
        .exclude(until=None)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )
    return last


def window(digest, now=None):
    """``(since, until)`` of a digest not started yet: since the last digest
    of its frequency (else one period back), until now."""
    now = now or timezone.now()
    since = previous_until(digest.frequency, exclude_pk=digest.pk)
    if since is None:
        since = now - PERIOD.get(digest.frequency, DEFAULT_PERIOD)
    return since, now


def start(digest):
    """Fix the digest's window and mark it sending (once: a digest already
    sending or sent is left as it is). True when it was started here."""
    with transaction.atomic():
        locked = Digest.objects.select_for_update().get(pk=digest.pk)
        if locked.status in (Digest.SENDING, Digest.SENT):
            return False
        since, until = window(locked)
        # An editor's own start (the first digest of a publication) is kept.
        locked.since, locked.until = locked.since or since, until
        locked.status = Digest.SENDING
        locked.started_at = timezone.now()
        locked.save(update_fields=["since", "until", "status", "started_at"])
    digest.refresh_from_db()
    return True


def pending_subscriptions(digest):
    already = Delivery.objects.filter(digest=digest, subscription=OuterRef("pk"))
    return (
        Subscription.objects.filter(
            status=Subscription.ACTIVE,
            frequency=digest.frequency,
            confirmed_at__lte=digest.until,
        )
        .filter(~Exists(already))
        .order_by("pk")
    )


def topics_of(subscriptions):
    through = Subscription.topics.through
    found = {}
    for subscription_id, tag_id in through.objects.filter(
        subscription_id__in=[s.pk for s in subscriptions]
    ).values_list("subscription_id", "tag_id"):
        found.setdefault(subscription_id, set()).add(tag_id)
    return found


class Pacer:
    """At most ``rate`` messages a second (0: no limit)."""

    def __init__(self, rate):
        self.interval = 1.0 / rate if rate else 0
        self.next = time.monotonic()

    def wait(self):
        if not self.interval:
            return
        now = time.monotonic()
        if now < self.next:
            time.sleep(self.next - now)
        self.next = max(now, self.next) + self.interval


def send_batch(digest, *, connection=None, items=None):
    """Send the next batch; the number of subscribers it took (0: none left)."""
    size = get_setting("PRESSROOM_NEWSLETTER_BATCH_SIZE")
    subscriptions = list(pending_subscriptions(digest).select_related("contact")[:size])
    if not subscriptions:
        return 0
    if items is None:
        items = digest_items.gather(
            digest.since, digest.until, campaign=digest_items.campaign_of(digest)
        )
    topics = topics_of(subscriptions)
    now = timezone.now()
    rows, selections = [], {}
    for subscription in subscriptions:
        chosen = digest_items.select(
            items,
            all_topics=subscription.all_topics,
            topic_ids=topics.get(subscription.pk, ()),
        )
        rows.append(
            Delivery(
                digest=digest,
                subscription=subscription,
                status=Delivery.CLAIMED if chosen else Delivery.SKIPPED,
                items=len(chosen),
                claimed_at=now,
            )
        )
        if chosen:
            selections[subscription.pk] = chosen
    # Committed before any message leaves: a crash from here on never
    # sends these subscribers this digest again.
    with transaction.atomic():
        Delivery.objects.bulk_create(rows)
    if selections:
        _send(digest, subscriptions, selections, connection)
    return len(subscriptions)


def _send(digest, subscriptions, selections, connection):
    site = digest_items.default_site()
    renderer = DigestRenderer(digest, digest_items.base_url(site), site)
    checkpoint = max(1, get_setting("PRESSROOM_NEWSLETTER_CHECKPOINT"))
    pacer = Pacer(get_setting("PRESSROOM_NEWSLETTER_SEND_RATE"))
    connection = connection or get_connection()
    sent, failed = [], {}
    with connection:
        for subscription in subscriptions:
            chosen = selections.get(subscription.pk)
            if not chosen:
                continue
            pacer.wait()
            try:
                _send_one(renderer, subscription, chosen, connection)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                failed.setdefault(type(error).__name__, []).append(subscription.pk)
            else:
                sent.append(subscription.pk)
            if len(sent) >= checkpoint:
                _record(digest, sent, failed)
                sent, failed = [], {}
    _record(digest, sent, failed)


def _send_one(renderer, subscription, items, connection):
    """Through the SMTP connection itself with the group's serialised
    message when the backend is Django's SMTP one (the bytes it would send),
    else as a Django message (other backends: console, files, tests)."""
    smtp = getattr(connection, "connection", None)
    raw = renderer.raw(subscription, items) if smtp is not None else None
    if raw is None:
        renderer.message(subscription, items, connection=connection).send()
        return
    sender, data = raw
    smtp.sendmail(sender, [subscription.contact.email], data)


def _record(digest, sent, failed):
    if sent:
        Delivery.objects.filter(digest=digest, subscription_id__in=sent).update(
            status=Delivery.SENT, sent_at=timezone.now()
        )
    for error, ids in failed.items():
        Delivery.objects.filter(digest=digest, subscription_id__in=ids).update(
            status=Delivery.FAILED, error=error
        )


def finish(digest):
    """No subscriber left: rows still claimed (a crash) become interrupted."""
    Delivery.objects.filter(digest=digest, status=Delivery.CLAIMED).update(
        status=Delivery.INTERRUPTED
    )
    Digest.objects.filter(pk=digest.pk).update(
        status=Digest.SENT, finished_at=timezone.now()
    )


def send_all(digest, *, connection=None):
    """Every batch in this process (the bench, a command); the tasks run one
    batch each instead."""
    start(digest)
    items = digest_items.gather(
        digest.since, digest.until, campaign=digest_items.campaign_of(digest)
    )
    while send_batch(digest, connection=connection, items=items):
        pass
    finish(digest)


def counts(digest):
    from django.db.models import Count

    return dict(
        digest.deliveries.values_list("status").annotate(n=Count("id")).order_by()
    )
