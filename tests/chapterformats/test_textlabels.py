from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.errors import ParseError


def test_writes_audacity_labels_in_seconds(episode):
    assert render(episode, "audacity") == dedent(
        """\
        0.000000\t65.000000\tIntro & <welcome>
        65.000000\t3700.500000\tMiddle: a=b; #x \\ "y"
        3700.500000\t3800.000000\tEnd
        """
    )


def test_reads_audacity_labels_skipping_spectral_lines():
    got = parse_chapters("0.000000\t12.5\tA\n\\\t100.0\t2000.0\n12.500000\t30.000000\tB\n", format="audacity")
    assert [(c.start, c.end, c.title) for c in got] == [(0, 12_500, "A"), (12_500, 30_000, "B")]


def test_audacity_bad_line_is_named():
    with pytest.raises(ParseError) as e:
        parse_chapters("0.0\t1.0\tA\n1,5\t2.0\tB\n", format="audacity", path="l.txt")
    assert e.value.line == 2


def test_writes_mp4chaps(episode):
    assert render(episode, "mp4chaps") == dedent(
        """\
        00:00:00.000 Intro & <welcome>
        00:01:05.000 Middle: a=b; #x \\ "y"
        01:01:40.500 End
        """
    )


def test_reads_mp4chaps_and_names_bad_lines():
    got = parse_chapters("00:00:00.000 Intro\n00:10:00.5 Ten\n", path="c.chapters.txt")
    assert [(c.start, c.title) for c in got] == [(0, "Intro"), (600_500, "Ten")]
    with pytest.raises(ParseError) as e:
        parse_chapters("00:00:00.000 Intro\n10:00 Ten\n", format="mp4chaps")
    assert e.value.line == 2
