"""Audience reports: sums of the daily aggregates (``DailyEpisodeTotal`` for
curves and totals, ``DailyEpisodeDownloads`` for the breakdowns),
never of the download rows, so a report costs the same at a thousand or a
million downloads. The admin views, the CSV export and the API read these."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import DateField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from podcasts.models import (
    DailyEpisodeDownloads,
    DailyEpisodeTotal,
    DownloadSource,
    PodcastEpisodePage,
    PodcastShowPage,
)

PERIODS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
MAX_DAYS = 3 * 366
TOP = 10


class ReportParameters(forms.Form):
    """What a report covers; the admin view, the CSV and the API check their
    query parameters with it (a clear 400/422, never a 500)."""

    show = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    episode = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    period = forms.ChoiceField(
        required=False,
        choices=[
            ("day", _("Day")),
            ("week", _("Week")),
            ("month", _("Month")),
        ],
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - datetime.timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(
                _("A report covers at most %(days)s days.") % {"days": MAX_DAYS}
            )
        data["start"], data["end"] = start, end
        data["period"] = data.get("period") or "day"
        return data


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    period: str
    show: PodcastShowPage | None = None
    episode: PodcastEpisodePage | None = None
    total: int = 0
    series: list = field(default_factory=list)
    apps: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    device_classes: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    episodes: list = field(default_factory=list)

    def as_dict(self):
        return {
            "start": self.start,
            "end": self.end,
            "period": self.period,
            "show_id": self.show.pk if self.show else None,
            "episode_id": self.episode.pk if self.episode else None,
            "total": self.total,
            "series": [{"period": p, "downloads": n} for p, n in self.series],
            "apps": [{"name": k, "downloads": n} for k, n in self.apps],
            "platforms": [{"name": k, "downloads": n} for k, n in self.platforms],
            "device_classes": [
                {"name": k, "downloads": n} for k, n in self.device_classes
            ],
            "sources": [{"name": k, "downloads": n} for k, n in self.sources],
            "episodes": self.episodes,
        }


def _period_starts(start, end, period):
    """Every period's first day from ``start`` to ``end``, as Trunc* names them."""
    if period == "day":
        first = start
    elif period == "week":
        first = start - datetime.timedelta(days=start.weekday())
    else:
        first = start.replace(day=1)
    current = first
    while current <= end:
        yield current
        if period == "day":
            current += datetime.timedelta(days=1)
        elif period == "week":
            current += datetime.timedelta(days=7)
        else:
            current = (current.replace(day=28) + datetime.timedelta(days=4)).replace(
                day=1
            )


DIMENSIONS = ("app", "platform", "device_class", "source")


def _tops(rows):
    """The top apps, platforms, device classes and sources in one pass over
    the aggregates (their combinations are few; the rows are many)."""
    sums = {name: {} for name in DIMENSIONS}
    for row in rows.values(*DIMENSIONS).annotate(n=Sum("downloads")).order_by():
        for name in DIMENSIONS:
            sums[name][row[name]] = sums[name].get(row[name], 0) + row["n"]
    return {
        name: sorted(values.items(), key=lambda item: (-item[1], item[0]))[:TOP]
        for name, values in sums.items()
    }


def first_days(days):
    """Downloads in the first ``days`` days after each episode's release."""
    # "<= release + days - 1": a date compared with a date and time at midnight
    # reads the same on SQLite (text) and PostgreSQL.
    limit = ExpressionWrapper(
        F("episode__publication_date") + datetime.timedelta(days=days - 1),
        output_field=DateField(),
    )
    return Sum(
        "downloads",
        filter=Q(day__gte=F("episode__publication_date"), day__lte=limit),
    )


def build_report(start, end, period="day", show=None, episode=None):
    """The figures of a show (all its episodes) or of one episode."""
    report = Report(start=start, end=end, period=period, show=show, episode=episode)
    scope = DailyEpisodeDownloads.objects.all()
    totals = DailyEpisodeTotal.objects.all()
    if episode is not None:
        scope = scope.filter(episode_id=episode.pk)
        totals = totals.filter(episode_id=episode.pk)
    elif show is not None:
        scope = scope.filter(show_id=show.pk)
        totals = totals.filter(show_id=show.pk)
    rows = scope.filter(day__range=(start, end))

    by_period = dict(
        totals.filter(day__range=(start, end))
        .annotate(period=PERIODS[period]("day"))
        .values("period")
        .annotate(n=Sum("downloads"))
        .order_by()
        .values_list("period", "n")
    )
    by_period = {
        (p.date() if isinstance(p, datetime.datetime) else p): n
        for p, n in by_period.items()
    }
    report.series = [
        (p, by_period.get(p, 0)) for p in _period_starts(start, end, period)
    ]
    report.total = sum(by_period.values())
    tops = _tops(rows)
    report.apps = tops["app"]
    report.platforms = tops["platform"]
    report.device_classes = tops["device_class"]
    labels = dict(DownloadSource.choices)
    report.sources = [(str(labels.get(k, k)), n) for k, n in tops["source"]]

    per_episode = {
        row["episode_id"]: row
        for row in totals.order_by()
        .values("episode_id")
        .annotate(
            in_range=Sum("downloads", filter=Q(day__range=(start, end))),
            first_7_days=first_days(7),
            first_30_days=first_days(30),
        )
    }
    episodes = PodcastEpisodePage.objects.filter(pk__in=per_episode).only(
        "pk", "title", "publication_date"
    )
    report.episodes = sorted(
        (
            {
                "id": page.pk,
                "title": page.title,
                "release_date": page.publication_date,
                "downloads": per_episode[page.pk]["in_range"] or 0,
                "first_7_days": per_episode[page.pk]["first_7_days"] or 0,
                "first_30_days": per_episode[page.pk]["first_30_days"] or 0,
            }
            for page in episodes
        ),
        key=lambda item: (item["release_date"], item["id"]),
        reverse=True,
    )
    return report
