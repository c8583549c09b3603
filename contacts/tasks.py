"""Background work of the contacts app (django-tasks): CRM webhooks."""

import datetime

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport
    from django_tasks import task

from django.utils import timezone

from contacts.conf import get_setting


@task(backend=get_setting("PRESSROOM_TASKS_BACKEND"))
def deliver_webhook(delivery_id):
    """One attempt at a delivery; a failure queues the next attempt after a
    doubling wait until PRESSROOM_CRM_WEBHOOK_ATTEMPTS is reached."""
    from contacts import webhooks
    from contacts.models import WebhookDelivery

    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=WebhookDelivery.PENDING)
        .first()
    )
    if delivery is None:  # delivered, failed for good, or erased
        return
    status, error = webhooks.post(delivery)
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = error
    if status is not None and 200 <= status < 300:
        delivery.status = WebhookDelivery.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= get_setting("PRESSROOM_CRM_WEBHOOK_ATTEMPTS"):
        delivery.status = WebhookDelivery.FAILED
        delivery.next_attempt_at = None
    else:
        wait = datetime.timedelta(seconds=webhooks.backoff(delivery.attempts))
        delivery.next_attempt_at = timezone.now() + wait
    delivery.save()
    if delivery.status == WebhookDelivery.PENDING:
        task_ = deliver_webhook
        if task_.get_backend().supports_defer:
            task_ = task_.using(run_after=delivery.next_attempt_at)
        task_.enqueue(delivery.pk)
