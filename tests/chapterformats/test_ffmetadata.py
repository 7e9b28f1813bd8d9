from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.chapterformats.ffmetadata import escape
from clipper.errors import ParseError


def test_writes_chapters_in_milliseconds_with_escapes(episode):
    assert render(episode, "ffmetadata") == dedent(
        """\
        ;FFMETADATA1
        title=Ep 1: Tests

        [CHAPTER]
        TIMEBASE=1/1000
        START=0
        END=65000
        title=Intro & <welcome>

        [CHAPTER]
        TIMEBASE=1/1000
        START=65000
        END=3700500
        title=Middle: a\\=b\\; \\#x \\\\ "y"

        [CHAPTER]
        TIMEBASE=1/1000
        START=3700500
        END=3800000
        title=End
        """
    )


def test_escape_covers_the_documented_specials():
    assert escape("a=b;c#d\\e\nf") == "a\\=b\\;c\\#d\\\\e\\\nf"


def test_reads_other_timebases_comments_and_escaped_newlines():
    text = dedent(
        """\
        ;FFMETADATA1
        title=Show\\
        two lines
        ; a comment
        [STREAM]
        title=not the episode
        [CHAPTER]
        TIMEBASE=1/10
        START=0
        END=600
        title=One\\=1
        [CHAPTER]
        TIMEBASE=1/1000000
        START=60000000
        title=Two
        """
    )
    got = parse_chapters(text, path="m.txt")
    assert got.title == "Show two lines"  # the escaped newline is read; titles are one line, as every format shows them
    assert [(c.start, c.end, c.title) for c in got] == [(0, 60_000, "One=1"), (60_000, 60_000, "Two")]


def test_bad_start_names_the_chapter_line():
    with pytest.raises(ParseError) as e:
        parse_chapters(";FFMETADATA1\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=ten\n", format="ffmetadata", path="m")
    assert e.value.line == 3 and "START=ten" in e.value.text
