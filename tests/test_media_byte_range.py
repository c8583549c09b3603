"""The byte positions a Range header asks for, as the media view reads it
(RFC 9110 section 14: inclusive positions, suffixes, clipping, one range)."""

import pytest

from site_config.media import byte_range


@pytest.mark.parametrize(
    "header, expected",
    [
        ("bytes=0-0", (0, 0)),
        ("bytes=-1", (999, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=990-", (990, 999)),
        ("bytes=10-5000", (10, 999)),
        (" bytes = 1-2 ", (1, 2)),
        ("Bytes=1-2", (1, 2)),
    ],
)
def test_byte_range_positions(header, expected):
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=-0", "bytes=7-6"])
def test_byte_range_outside_the_file(header):
    first, last = byte_range(header, 1000)
    assert first > last


@pytest.mark.parametrize(
    "header", ["bytes=-", "bytes=1 2-3", "bytes=0-1,2-3", "bytes=٣-4", "lines=1-2"]
)
def test_byte_range_we_ignore(header):
    with pytest.raises(ValueError):
        byte_range(header, 1000)
