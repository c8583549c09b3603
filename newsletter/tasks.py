"""Background work of the newsletter (django-tasks): confirmation e-mails and
the digest's batches. Tasks take ids, never addresses."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

from newsletter.conf import get_setting


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def send_confirmation(subscription_id, confirm_url, base_url, already):
    from newsletter import mail
    from newsletter.models import Subscription

    subscription = (
        Subscription.objects.select_related("contact")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is not None:
        mail.confirmation_email(subscription, confirm_url, base_url, already=already)


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def start_digest(digest_id):
    """Start a digest (scheduled: queued to run at its time) and its first batch."""
    from newsletter import sending
    from newsletter.models import Digest

    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is None or digest.status == Digest.SENT:
        return
    sending.start(digest)
    send_digest_batch.enqueue(digest.pk)


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def send_digest_batch(digest_id):
    """One batch, then the next one queued; the last one finishes the digest.
    Queued again (``resume``) after a crash, it takes up where it stopped."""
    from newsletter import sending
    from newsletter.models import Digest

    digest = Digest.objects.filter(pk=digest_id, status=Digest.SENDING).first()
    if digest is None:
        return
    if sending.send_batch(digest):
        send_digest_batch.enqueue(digest.pk)
    else:
        sending.finish(digest)
