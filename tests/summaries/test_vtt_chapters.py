"""A WebVTT chapters track given as the summary (clipper's own chapters.vtt) is read as chapters already
placed, like chapters.cue or .json; a WebVTT caption track is not."""
from pathlib import Path

import pytest

from clipper.chapterformats import render
from clipper.model import Chapter, ChapterList
from clipper.summaries import chapter_format, load_summary, parse_summary

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def official_vtt(lex_official, tmp_path):
    s = load_summary(lex_official)
    starts = [x.start for x in s.sections] + [18_900_000]
    cl = ChapterList(tuple(Chapter(a, b, x.heading) for x, a, b in zip(s.sections, starts, starts[1:])),
                     title="Dario Amodei: Anthropic CEO")
    path = tmp_path / "chapters.vtt"
    path.write_text(render(cl, "vtt"), encoding="utf-8")
    return s, path


def test_clippers_own_chapters_vtt_is_a_timed_summary(official_vtt):
    official, path = official_vtt
    s = load_summary(path)
    assert s.format == "vtt" and s.timed and len(s) == 40
    assert [(x.start, x.heading) for x in s.sections] == [(x.start, x.heading) for x in official.sections]
    assert all(not x.heading.startswith(("WEBVTT", "NOTE")) and "-->" not in x.heading for x in s.sections)


def test_a_chapters_track_with_an_unknown_last_end_still_counts():
    text = ("WEBVTT\n\n00:00:00.000 --> 00:03:14.000\nIntroduction\n\n00:03:14.000 --> 00:15:39.000\nScaling laws\n\n"
            "00:15:39.000 --> 00:15:39.001\nLimits of LLM scaling\n")
    s = parse_summary(text, path="chapters.vtt")
    assert [(x.start, x.heading) for x in s.sections] == [
        (0, "Introduction"), (194_000, "Scaling laws"), (939_000, "Limits of LLM scaling")]


@pytest.mark.parametrize("name", ["youtube_auto.vtt", "bom_crlf.vtt", "overlap.vtt"])
def test_caption_tracks_are_not_chapters(name):
    text = (DATA / "transcripts" / name).read_text(encoding="utf-8-sig")
    assert chapter_format(text, name) is None


def test_long_two_line_cues_are_captions_not_chapters():
    text = ("WEBVTT\n\n00:00:00.000 --> 00:00:40.000\nSo the scaling hypothesis says\nbigger is better.\n\n"
            "00:00:40.000 --> 00:01:20.000\nAnd that held for\nspeech recognition too.\n")
    assert chapter_format(text, "talk.vtt") is None
