"""``manage.py import_wordpress EXPORT.xml``: import a WordPress export."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress_import.importer import WordPressImporter
from wordpress_import.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress eXtended RSS export (WXR 1.1/1.2): posts, pages, "
        "attachments, glossary entries and podcast episodes, with redirects "
        "from their old URLs. Run it again to update what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "export", help="The WXR file (Tools › Export in WordPress)."
        )
        parser.add_argument(
            "--uploads-dir",
            help="A copy of wp-content/uploads; attachments not found there are downloaded.",
        )
        parser.add_argument(
            "--site",
            help="Hostname (or id) of the Wagtail site to import into; default: the default site.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be imported; write nothing.",
        )
        parser.add_argument(
            "--limit", type=int, help="Import at most N items (posts, pages...)."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace items edited in Wagtail since the last import.",
        )
        parser.add_argument(
            "--category-base",
            default="",
            help="The WordPress site's category base (Settings › Permalinks), "
            "for the redirects of its category archives; default: read from the "
            "export, else 'category'.",
        )
        parser.add_argument(
            "--tag-base",
            default="",
            help="The WordPress site's tag base; default: read from the export, else 'tag'.",
        )
        parser.add_argument(
            "--report",
            help="Where to write the JSON report (default: EXPORT.report.json).",
        )

    def handle(self, *args, **options):
        from wagtail.models import Site

        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["limit"] is not None and options["limit"] < 0:
            raise CommandError("--limit must be 0 or more.")
        site = self._site(Site, options["site"])
        progress = (
            self._progress if sys.stderr.isatty() or options["verbosity"] > 1 else None
        )
        importer = WordPressImporter(
            path,
            site=site,
            uploads_dir=options["uploads_dir"],
            dry_run=options["dry_run"],
            limit=options["limit"],
            overwrite=options["overwrite"],
            category_base=self._base(options["category_base"], "--category-base"),
            tag_base=self._base(options["tag_base"], "--tag-base"),
            progress=progress,
        )
        try:
            report = importer.run()
        except WXRError as error:
            raise CommandError(str(error)) from error
        if progress:
            self.stderr.write("")
        report_path = Path(options["report"] or f"{path}.report.json")
        report_path.write_text(report.to_json(), encoding="utf-8")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        self.stdout.write(report.table())
        self.stdout.write(f"Report: {report_path}")

    @staticmethod
    def _base(value, option):
        from wordpress_import.importer.links import clean_base

        if value.strip("/ ") and not clean_base(value):
            raise CommandError(f"{option}: a path such as 'rubrique' is expected.")
        return clean_base(value)

    def _site(self, Site, value):
        if not value:
            site = Site.objects.filter(is_default_site=True).first()
        elif value.isdigit():
            site = Site.objects.filter(pk=int(value)).first()
        else:
            site = Site.objects.filter(hostname=value).first()
        if site is None:
            raise CommandError(f"No Wagtail site {value or '(default)'}.")
        return site

    def _progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
        )
        self.stderr.flush()
