"""Admin views of the audience figures (Reports → Podcast audience), behind
the ``podcasts.view_audience`` permission."""

import csv
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from podcasts.models import PodcastEpisodePage, PodcastShowPage

from .charts import bar_chart, share_bar
from .reports import ReportParameters, build_report

PERMISSION = "podcasts.view_audience"


def user_may_view(user):
    return user.is_active and user.has_perm(PERMISSION)


def scope_of(data):
    """The show and episode a report's parameters name (404 when unknown)."""
    show = episode = None
    if data.get("episode"):
        episode = PodcastEpisodePage.objects.filter(pk=data["episode"]).first()
        if episode is None:
            raise Http404(_("No such episode."))
    if data.get("show"):
        show = PodcastShowPage.objects.filter(pk=data["show"]).first()
        if show is None:
            raise Http404(_("No such show."))
    return show, episode


# OPAWG's device names and categories are English identifiers (kept so in
# the API); the report shows them in the editor's language.
DEVICE_NAMES = {
    "Amazon Smart Speaker": gettext_lazy("Amazon smart speaker"),
    "Android Phone": gettext_lazy("Android phone"),
    "Android Tablet": gettext_lazy("Android tablet"),
    "Apple Computer": gettext_lazy("Apple computer"),
    "Google Chromebook": gettext_lazy("Google Chromebook"),
    "Other Computer": gettext_lazy("Other computer"),
    "Other Mobile Device": gettext_lazy("Other mobile device"),
    "Other Smart Speaker": gettext_lazy("Other smart speaker"),
    "Other Smart TV": gettext_lazy("Other smart TV"),
    "Other Tablet": gettext_lazy("Other tablet"),
    "Other Watch": gettext_lazy("Other watch"),
    "Smart Car": gettext_lazy("Connected car"),
    "Windows Computer": gettext_lazy("Windows computer"),
}
DEVICE_CLASSES = {
    "auto": gettext_lazy("Car"),
    "computer": gettext_lazy("Computer"),
    "mobile": gettext_lazy("Mobile"),
    "smart_speaker": gettext_lazy("Smart speaker"),
    "smart_tv": gettext_lazy("Smart TV"),
    "tablet": gettext_lazy("Tablet"),
    "watch": gettext_lazy("Watch"),
}


def _rows_with_bars(rows, total, labels=None):
    labels = labels or {}
    return [
        (labels.get(name, name) or _("Unknown"), n, share_bar(n, total))
        for name, n in rows
    ]


def audience(request):
    """Downloads over time of every show, a show or an episode; top apps,
    platforms and sources; each episode's first 7 and 30 days. ``?format=csv``
    is the sponsor report of the same period."""
    if not user_may_view(request.user):
        raise PermissionDenied
    unknown = set(request.GET) - {"show", "episode", "start", "end", "period", "format"}
    form = ReportParameters(request.GET)
    output = request.GET.get("format", "html")
    status = HTTPStatus.OK
    if unknown or output not in ("html", "csv") or not form.is_valid():
        status = HTTPStatus.BAD_REQUEST
        if unknown:
            form.add_error(
                None,
                _("Unknown query parameters: %(names)s.")
                % {"names": ", ".join(sorted(unknown))},
            )
        if output not in ("html", "csv"):
            form.add_error(None, _("The format is html or csv."))
        if output == "csv":
            return HttpResponse(
                " ".join(str(e) for e in form.errors.get("__all__", []))
                or _("Invalid query parameters."),
                status=status,
                content_type="text/plain; charset=utf-8",
            )
        report = None
    else:
        show, episode = scope_of(form.cleaned_data)
        report = build_report(
            form.cleaned_data["start"],
            form.cleaned_data["end"],
            form.cleaned_data["period"],
            show=show,
            episode=episode,
        )
        if output == "csv":
            return sponsor_csv(report)
    context = {
        "form": form,
        "report": report,
        "shows": PodcastShowPage.objects.order_by("title").only("pk", "title"),
        "header_title": _("Podcast audience"),
    }
    if report is not None:
        context.update(
            chart=bar_chart(report.series, _("Downloads per period"), report.period),
            apps=_rows_with_bars(report.apps, report.total),
            platforms=_rows_with_bars(report.platforms, report.total, DEVICE_NAMES),
            device_classes=_rows_with_bars(
                report.device_classes, report.total, DEVICE_CLASSES
            ),
            sources=_rows_with_bars(report.sources, report.total),
            csv_query=request.GET.copy(),
        )
        context["csv_query"]["format"] = "csv"
    return render(request, "podcasts/audience/report.html", context, status=status)


def sponsor_csv(report):
    """One row per episode: downloads in the period, in its first 7 and 30
    days; then the downloads of each period (day, week or month)."""
    name = f"podcast-audience-{report.start}-{report.end}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Episode"),
            _("Release date"),
            _("Downloads from %(start)s to %(end)s")
            % {"start": report.start, "end": report.end},
            _("First 7 days"),
            _("First 30 days"),
        ]
    )
    for item in report.episodes:
        writer.writerow(
            [
                item["title"],
                item["release_date"],
                item["downloads"],
                item["first_7_days"],
                item["first_30_days"],
            ]
        )
    writer.writerow([])
    writer.writerow([_("Period"), _("Downloads")])
    for period, downloads in report.series:
        writer.writerow([period, downloads])
    writer.writerow([_("Total"), report.total])
    return response
