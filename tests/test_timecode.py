import pytest
from hypothesis import given, strategies as st

from clipper import timecode


@pytest.mark.parametrize(
    "text,ms",
    [
        ("00:00:00", 0),
        ("01:02:03.456", 3_723_456),
        ("01:02:03,456", 3_723_456),
        ("5:14:23", 18_863_000),
        ("3:14", 194_000),
        ("12.5", 12_500),
        ("0:00:01.2", 1_200),
    ],
)
def test_parse(text, ms):
    assert timecode.parse(text) == ms


@pytest.mark.parametrize("bad", ["", "1:2:3:4", "00:61:00", "00:00:75", "abc", "-1"])
def test_parse_rejects(bad):
    with pytest.raises(ValueError):
        timecode.parse(bad)


def test_youtube_form():
    assert timecode.format_youtube(0) == "0:00"
    assert timecode.format_youtube(194_000) == "3:14"
    assert timecode.format_youtube(3_723_456) == "1:02:03"
    assert timecode.format_youtube(194_000, hours=True) == "0:03:14"


@given(st.integers(min_value=0, max_value=100 * 3_600_000))
def test_clock_round_trip(ms):
    assert timecode.parse(timecode.format_clock(ms)) == ms
    assert timecode.parse(timecode.format_clock(ms, sep=",")) == ms


@pytest.mark.parametrize("text", ["١:٠٠:٠٠", "1:٠٠:00", "３:14", "١٢.٥", "12.٥", "۱۲"])
def test_parse_takes_ascii_digits_only(text):
    """QA: `--duration ١:٠٠:٠٠` was one hour: \\d and int() take any Unicode digit."""
    with pytest.raises(ValueError, match="digits must be 0-9"):
        timecode.parse(text)


def test_parse_takes_ascii_whitespace_around():
    assert timecode.parse(" 1:00:00\t") == 3_600_000
