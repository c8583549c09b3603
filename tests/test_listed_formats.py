"""The listed items' dates and URLs (``editorial.content``) are what Django's
``date`` filter and Wagtail's ``pageurl`` give: the short date format split
once per list (``_day_formatter``), the URL settings read once
(``_url_settings``)."""

import datetime

from django.utils import dateformat, translation
from django.utils.formats import get_format

import pytest

from editorial.content import _day_formatter, _listed_url, _url_settings

DAYS = [
    datetime.date(2024, 9, 9),
    datetime.date(1999, 12, 31),
    datetime.date(2030, 2, 1),
]


@pytest.mark.parametrize(
    "format_string",
    ["d/m/Y", "m/d/Y", "j N Y", r"\l\e j F Y", "D, jS F y", "Y-m-d", "l L W z", ""],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_day_formatter_is_djangos(format_string, language):
    with translation.override(language):
        short = _day_formatter(format_string)
        for day in DAYS:
            assert short(day) == dateformat.format(day, format_string)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_short_date_format_of_each_language(language):
    with translation.override(language):
        format_string = get_format("SHORT_DATE_FORMAT")
        short = _day_formatter(format_string)
        assert [short(day) for day in DAYS] == [
            dateformat.format(day, format_string) for day in DAYS
        ]


def test_a_time_in_a_days_format_is_refused_as_django_does():
    short = _day_formatter("d/m/Y H:i")
    with pytest.raises(TypeError):
        short(DAYS[0])
    # A datetime takes it, as the filter would format it.
    moment = datetime.datetime(2024, 9, 9, 14, 30)
    assert short(moment) == dateformat.format(moment, "d/m/Y H:i")


def test_url_settings_read_once(settings):
    from collections import namedtuple

    root = namedtuple("Root", "site_id root_path root_url language_code")
    one = [root(1, "/home/", "http://a.test", None)]
    two = [*one, root(2, "/other/", "http://b.test", None)]
    assert _url_settings(one) == (True, True)
    settings.WAGTAIL_APPEND_SLASH = False
    assert _url_settings(two) == (False, False)
    for roots in (one, two):
        for append in (True, False):
            settings.WAGTAIL_APPEND_SLASH = append
            for path in ("/home/", "/home/a/b/", "/other/x/", "/elsewhere/"):
                assert _listed_url(path, None, roots, None) == _listed_url(
                    path, None, roots, None, _url_settings(roots)
                )
