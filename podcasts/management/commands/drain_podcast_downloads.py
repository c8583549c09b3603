"""Move the downloads counted on Redis into the database now (the
``drain_downloads`` task does it in the queue; this is for cron or by hand)."""

from django.core.management.base import BaseCommand

from podcasts.audience.redis_counter import drain_pending


class Command(BaseCommand):
    help = (
        "Move the podcast downloads counted on Redis, and the requests kept "
        "while Redis was down, into the database."
    )

    def handle(self, *args, **options):
        moved = drain_pending()
        self.stdout.write(f"{moved} podcast downloads moved into the database.")
