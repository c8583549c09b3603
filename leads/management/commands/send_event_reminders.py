"""Send the reminders that are due (events starting within
PRESSROOM_EVENT_REMINDER_HOURS): for backends that cannot defer a task
(ImmediateBackend), run it from cron; the database queue needs no cron, as
each reminder is queued for its time when the registration is confirmed."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from leads.conf import get_setting
from leads.models import Registration
from leads.tasks import send_reminder


class Command(BaseCommand):
    help = "Queue the reminder e-mails of events starting soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's root URL for the cancel links, e.g. https://www.example.com/",
        )
        parser.add_argument("--language", default="fr")

    def handle(self, *args, base_url, language, **options):
        now = timezone.now()
        horizon = now + datetime.timedelta(
            hours=get_setting("PRESSROOM_EVENT_REMINDER_HOURS")
        )
        due = Registration.objects.filter(
            status=Registration.CONFIRMED,
            reminded_at=None,
            event__starts_at__gt=now,
            event__starts_at__lte=horizon,
        ).values_list("pk", flat=True)
        count = 0
        for pk in due:
            send_reminder.enqueue(pk, base_url, language)
            count += 1
        self.stdout.write(f"{count} reminder(s) queued.")
