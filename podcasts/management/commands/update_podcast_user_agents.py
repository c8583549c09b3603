"""Replace the OPAWG user-agent lists the download counter classifies with."""

import json
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from podcasts.audience import useragents

DEFAULT_SOURCE = "https://raw.githubusercontent.com/opawg/user-agents-v2/master/build/"
MAX_BYTES = 5_000_000


class Command(BaseCommand):
    help = (
        "Update the podcast apps and bots lists (opawg/user-agents-v2) from its "
        "build folder at a URL or on disk: apps, bots, libraries, browsers and "
        "devices .json (runtime or source files). Every file is checked before "
        "any is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=DEFAULT_SOURCE,
            help="a URL or a folder holding <list>.runtime.json or <list>.json "
            f"files (default: {DEFAULT_SOURCE})",
        )
        parser.add_argument(
            "--to",
            help="folder to write to (default: PRESSROOM_PODCAST_AUDIENCE_"
            "USER_AGENTS_DIR, else the copy shipped with the app)",
        )

    def handle(self, source, to=None, **options):
        target = Path(to) if to else useragents.user_agents_dir()
        lists = {}
        for name in useragents.LIST_NAMES:
            data = self._read(source, name)
            try:
                compiled = useragents.compile_entries(data)
            except ValueError as error:
                raise CommandError(f"{name}: {error}") from error
            lists[name] = (data, len(compiled))
        target.mkdir(parents=True, exist_ok=True)
        for name, (data, count) in lists.items():
            (target / f"{name}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            self.stdout.write(f"{name}: {count} patterns")
        useragents.clear_cache()
        self.stdout.write(self.style.SUCCESS(f"Written to {target}."))

    def _read(self, source, name):
        errors = []
        for file_name in (f"{name}.runtime.json", f"{name}.json"):
            try:
                raw = self._fetch(source, file_name)
            except (OSError, ValueError) as error:
                errors.append(f"{file_name}: {error}")
                continue
            try:
                return json.loads(raw)
            except ValueError as error:
                raise CommandError(f"{file_name} is not JSON: {error}") from error
        raise CommandError(f"Cannot read the {name} list: " + "; ".join(errors))

    def _fetch(self, source, file_name):
        if source.startswith(("http://", "https://")):
            url = source.rstrip("/") + "/" + file_name
            with urllib.request.urlopen(url, timeout=30) as response:
                raw = response.read(MAX_BYTES + 1)
        else:
            raw = (Path(source) / file_name).read_bytes()
        if len(raw) > MAX_BYTES:
            raise ValueError("file too large")
        return raw
