from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.errors import ParseError
from clipper.model import Chapter, ChapterList


def test_writes_a_chapters_track_with_escaped_titles(episode):
    assert render(episode, "vtt") == dedent(
        """\
        WEBVTT

        NOTE Ep 1: Tests

        1
        00:00:00.000 --> 00:01:05.000
        Intro &amp; &lt;welcome&gt;

        2
        00:01:05.000 --> 01:01:40.500
        Middle: a=b; #x \\ "y"

        3
        01:01:40.500 --> 01:03:20.000
        End
        """
    )


def test_cue_end_is_after_start_when_the_end_is_unknown():
    text = render(ChapterList((Chapter(0, 5_000, "A"), Chapter(5_000, 5_000, "B --> C"))), "vtt")
    assert "00:00:05.000 --> 00:00:05.001\nB --&gt; C\n" in text


def test_reads_cues_with_ids_settings_notes_and_tags():
    text = dedent(
        """\
        WEBVTT - chapters

        NOTE made by hand

        intro
        00:00.000 --> 01:00.000 align:start
        <b>Intro</b> &amp; hello

        01:00.000 --> 02:00.500
        Second
        """
    )
    got = parse_chapters(text, path="c.vtt")
    assert [(c.start, c.end, c.title) for c in got] == [(0, 60_000, "Intro & hello"), (60_000, 120_500, "Second")]


def test_cue_without_timing_is_an_error_at_its_line():
    with pytest.raises(ParseError) as e:
        parse_chapters("WEBVTT\n\n1\n00:00.000 -> 00:01.000\nA\n", format="vtt", path="c.vtt")
    assert (e.value.line, e.value.text) == (4, "00:00.000 -> 00:01.000")


def test_needs_the_webvtt_header():
    with pytest.raises(ParseError, match="WEBVTT"):
        parse_chapters("00:00.000 --> 00:01.000\nA\n", format="vtt")


def test_header_lines_after_webvtt_are_not_cues():
    text = ("WEBVTT - Episode 7 chapters\nKind: chapters\nLanguage: en\n\n"
            "00:00:00.000 --> 00:05:00.000\nIntro\n\n00:05:00.000 --> 00:12:30.000\nMain part\n")
    cl = parse_chapters(text, format="vtt", path="other.vtt")
    assert [(c.start, c.title) for c in cl] == [(0, "Intro"), (300_000, "Main part")]
