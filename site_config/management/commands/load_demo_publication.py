"""Load the Pressroom demo publication: a small French B2B marketing magazine.

What it builds: ``site_config/demo/builder.py``; its words: ``content.py``;
its illustrations and audio: ``drawing.py``. Safe to run again: the second
run creates nothing.

    manage.py load_demo_publication [--no-user] [--articles N]
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.bulk import deferred_indexing
from site_config.demo.audience import generate_demo_downloads
from site_config.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Load the demo publication (home page, articles, glossary, podcast, tags, "
        "see-also picks) and a local demo editor account. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-user",
            action="store_true",
            help="Do not create the demo editor account.",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N synthetic articles (for benchmarks). Default: 0.",
        )

    def handle(self, *args, no_user=False, articles=0, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or a positive number.")
        builder = DemoBuilder(self.stdout, self.style)
        # Each page indexed once at the end (search and references), not at
        # each of the three saves that create and publish it.
        with transaction.atomic(), deferred_indexing():
            builder.build(with_user=not no_user, synthetic_articles=articles)
            generate_demo_downloads(self.stdout)
        builder.report(with_user=not no_user)
