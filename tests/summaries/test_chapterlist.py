from pathlib import Path
from textwrap import dedent

import pytest

from clipper.errors import InputError, ParseError
from clipper.summaries import load_summary
from clipper.summaries.chapterlist import parse_timed_lines, read, sniff
from clipper.textio import read_text

DATA = Path(__file__).resolve().parents[1] / "data" / "summaries"


def test_official_tsv(lex_official):
    s = load_summary(lex_official)
    assert s.format == "chapterlist" and s.timed and len(s) == 40
    assert (s.sections[0].start, s.sections[0].heading, s.sections[0].line) == (0, "Introduction", 1)
    assert (s.sections[1].start, s.sections[1].heading) == (194_000, "Scaling laws")
    assert (s.sections[-1].start, s.sections[-1].heading) == (18_710_000, "Beauty of neural networks")
    assert [x.heading for x in s.sections].count("Post-training") == 2


def test_youtube_tsv_has_the_same_times_and_two_longer_titles(lex_official, shared):
    official = load_summary(lex_official)
    youtube = load_summary(shared / "episodes/lex-452/chapters_youtube.tsv")
    assert [x.start for x in youtube.sections] == [x.start for x in official.sections]
    changed = [(a.heading, b.heading) for a, b in zip(official.sections, youtube.sections) if a.heading != b.heading]
    assert changed == [("Amanda Askell", "Amanda Askell - Philosophy"),
                       ("Chris Olah", "Chris Olah - Mechanistic Interpretability")]


def test_youtube_description_block_with_prose_around_it():
    s = load_summary(DATA / "youtube_description.txt")
    assert s.format == "chapterlist"
    assert [(x.start, x.heading, x.line) for x in s.sections] == [
        (0, "Introduction", 6),
        (194_000, "Scaling laws", 7),
        (740_000, "Limits of LLM scaling", 8),
        (3_937_000, "ASL-3 and ASL-4", 9),
        (6_434_000, "Post-training & RLHF", 10),
        (18_710_000, "Beauty of neural networks", 11),
    ]


def test_parse_timed_lines_is_pure_and_reusable():
    assert parse_timed_lines("0:00 Intro\nnot a chapter\n1:02:03 - Late\n") == [(0, "Intro", 1), (3_723_000, "Late", 3)]


def test_times_must_increase():
    with pytest.raises(ParseError) as e:
        parse_timed_lines("0:00 A\n5:00 B\n4:00 C\n", path="d.txt")
    assert (e.value.path, e.value.line, e.value.text) == ("d.txt", 3, "4:00 C")
    assert parse_timed_lines("0:00 A\n5:00 B\n4:00 C\n6:00 D\n", lenient=True) == [
        (0, "A", 1), (300_000, "B", 2), (360_000, "D", 4)]


def test_bad_time_is_a_parse_error_with_its_line():
    with pytest.raises(ParseError) as e:
        parse_timed_lines("0:00 A\n1:75 B\n", path="d.txt")
    assert e.value.line == 2 and "1:75" in str(e.value)


def test_no_timed_lines_is_an_input_error():
    with pytest.raises(InputError) as e:
        read("Intro\nMiddle\n", path="c.txt")
    assert (e.value.path, e.value.line) == ("c.txt", 1)


def test_sniff_wants_a_list_not_a_transcript(lex_page):
    assert sniff("0:00 Intro\n3:14 Scaling laws\n") == 0.9
    assert sniff(read_text(lex_page)) == 0.0
    assert sniff(dedent("""\
        00:00:01 Ann: Hello there, this is a long sentence of speech that runs on and on for a while yet.
        00:00:09 Bob: And here is the reply, also long enough to be speech rather than a title of a chapter.
        """)) == 0.0


def test_inline_markdown_is_stripped_from_titles():
    s = read("0:00 **Introduction**\n3:14 - *Scaling* laws\n12:20 [Limits of LLM scaling](https://youtu.be/ugvHCXCOmm4?t=740)\n")
    assert [(x.start, x.heading) for x in s.sections] == [
        (0, "Introduction"), (194_000, "Scaling laws"), (740_000, "Limits of LLM scaling")]


def test_stamped_speech_with_speaker_labels_is_not_a_chapter_list():
    speech = dedent("""\
        [00:00:01] Lex: Hello there, and welcome to the podcast.
        [00:00:04] Dario: Thanks for having me.
        [00:00:08] Lex: Let us start with scaling laws.
        [00:00:11] Dario: Sure. The idea is simple enough.
        """)
    assert sniff(speech) == 0.0
    # a colon in a chapter title is not a speaker label
    assert sniff("0:00 Introduction\n3:14 Claude: the models\n12:20 ASL-3: what changes\n") == 0.9


def test_text_in_angle_brackets_is_kept_and_only_html_tags_go():
    text = "0:00 When a<b and c>d\n0:40 The <Vector> type\n1:20 x <3 y\n2:00 List<String> in Java\n" \
           "2:40 <b>Bold</b> and <a href=\"https://x.org/\">linked</a>\n"
    assert [title for _, title, _ in parse_timed_lines(text)] == [
        "When a<b and c>d", "The <Vector> type", "x <3 y", "List<String> in Java", "Bold and linked"]
