"""Start the digest of a frequency (from cron: weekly on Monday, monthly on
the 1st), or resume digests whose sending stopped."""

from django.core.management.base import BaseCommand, CommandError

from newsletter.models import FREQUENCY_CHOICES, Digest


class Command(BaseCommand):
    help = (
        "Queue the digest of --frequency (the oldest draft of that frequency, "
        "else a new one), or with --resume queue the next batch of every "
        "digest still sending."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=[f for f, _ in FREQUENCY_CHOICES])
        parser.add_argument("--resume", action="store_true")

    def handle(self, *args, frequency=None, resume=False, **options):
        from newsletter.tasks import send_digest_batch, start_digest

        if resume:
            for pk in Digest.objects.filter(status=Digest.SENDING).values_list(
                "pk", flat=True
            ):
                send_digest_batch.enqueue(pk)
                self.stdout.write(f"digest {pk}: resumed")
            return
        if not frequency:
            raise CommandError("Give --frequency weekly|monthly, or --resume.")
        digest = (
            Digest.objects.filter(frequency=frequency, status=Digest.DRAFT)
            .order_by("created_at")
            .first()
        ) or Digest.objects.create(frequency=frequency)
        start_digest.enqueue(digest.pk)
        self.stdout.write(f"digest {digest.pk}: queued")
