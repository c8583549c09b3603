"""``manage.py rebuild_see_also``: recompute every page's see-also candidates."""

import time

from django.core.management.base import BaseCommand

from editorial.related import rebuild_all


class Command(BaseCommand):
    help = (
        "Recompute the precomputed see-also candidates of every content page "
        "(after a bulk import that sent no signal, or a first install)."
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        rows = rebuild_all()
        self.stdout.write(
            f"{rows} see-also candidates computed in "
            f"{time.perf_counter() - start:.1f} s."
        )
