"""The report of an import: counts per kind and outcome, and every warning
with the WordPress id and title of its item."""

import json
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")


class Report:
    def __init__(self):
        self.counts = {}
        self.warnings = []
        self.not_imported = Counter()
        self.error = ""
        self.dry_run = False

    def count(self, kind, outcome):
        self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] += 1

    def warn(self, wp_id, title, kind, message):
        self.warnings.append(
            {"wp_id": wp_id, "title": title, "kind": kind, "message": message}
        )

    def total(self, outcome):
        return sum(row[outcome] for row in self.counts.values())

    def rows(self):
        """(kind, counts) pairs, A to Z (templates)."""
        return sorted(self.counts.items())

    def not_imported_rows(self):
        return sorted(self.not_imported.items())

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "error": self.error,
            "counts": self.counts,
            "not_imported": dict(self.not_imported),
            "warnings": self.warnings,
        }

    def to_json(self):
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data):
        report = cls()
        report.counts = data.get("counts", {})
        report.warnings = data.get("warnings", [])
        report.not_imported = Counter(data.get("not_imported", {}))
        report.error = data.get("error", "")
        report.dry_run = data.get("dry_run", False)
        return report

    def table(self):
        """The summary as a text table (the command's last lines)."""
        headers = [
            _("kind"),
            *[pgettext("import outcome", outcome) for outcome in OUTCOMES],
        ]
        rows = [
            [kind, *[str(counts[outcome]) for outcome in OUTCOMES]]
            for kind, counts in sorted(self.counts.items())
        ]
        widths = [
            max(len(str(row[column])) for row in [headers, *rows])
            for column in range(len(headers))
        ]
        lines = [
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            for row in [headers, *rows]
        ]
        if self.not_imported:
            lines.append(
                _("Not imported: %(items)s")
                % {
                    "items": ", ".join(
                        f"{kind} {count}"
                        for kind, count in sorted(self.not_imported.items())
                    )
                }
            )
        lines.append(_("%(count)d warnings") % {"count": len(self.warnings)})
        return "\n".join(lines)


def one_line(error):
    """An exception as one line of the report (its type is said by the caller)."""
    return " ".join(str(error).split())[:300]
