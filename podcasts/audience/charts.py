"""Bar charts drawn as SVG on the server: no script, no CDN, readable without
JavaScript (each bar has its figure in a <title>, the chart a text label)."""

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, AXIS = 720, 200, 20


def bar_chart(series, label, period="day"):
    """``series``: ``[(date, value)]``; ``label``: the chart's accessible name."""
    if not series:
        return ""
    peak = max(value for _, value in series) or 1
    slot = WIDTH / len(series)
    bar = max(slot * 0.8, 1)
    date_style = "YEAR_MONTH_FORMAT" if period == "month" else "SHORT_DATE_FORMAT"
    bars = []
    for index, (day, value) in enumerate(series):
        height = (HEIGHT - AXIS) * value / peak
        bars.append(
            (
                f"{index * slot + (slot - bar) / 2:.1f}",
                f"{HEIGHT - AXIS - height:.1f}",
                f"{bar:.1f}",
                f"{height:.1f}",
                f"{date_format(day, date_style)}: {number_format(value, force_grouping=True)}",
            )
        )
    # A handful of dates under the axis: the first, the last and a few between.
    step = max(len(series) // 6, 1)
    # The first date starts at the axis' origin: centred under its bar, it
    # was cut at the chart's left edge ("11/2026" for "01/11/2026").
    ticks = [
        (
            f"{index * slot + slot / 2:.1f}" if index else "0",
            "middle" if index else "start",
            date_format(day, date_style),
        )
        for index, (day, _) in enumerate(series)
        if index % step == 0
    ]
    return format_html(
        '<svg class="audience-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-width="1"/>'
        "{}{}</svg>",
        label,
        WIDTH,
        HEIGHT,
        HEIGHT - AXIS,
        WIDTH,
        HEIGHT - AXIS,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#007d7e">'
            "<title>{}</title></rect>",
            bars,
        ),
        format_html_join(
            "",
            '<text x="{}" y="' + str(HEIGHT - 5) + '" font-size="10" '
            'text-anchor="{}" fill="currentColor">{}</text>',
            ticks,
        ),
    )


def share_bar(value, total):
    """A small horizontal bar for a row of a "top" table."""
    width = 100 * value / total if total else 0
    return mark_safe(  # numbers only
        '<svg width="100" height="10" aria-hidden="true" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{width:.1f}" height="10" fill="#007d7e"/></svg>'
    )
