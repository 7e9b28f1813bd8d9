from dataclasses import replace
from textwrap import dedent

import pytest

from clipper.chapterformats import parse_chapters, render
from clipper.chapterformats.youtube import TooFewChapters, youtube_fixups
from clipper.errors import ClipperError, InputError, ParseError
from clipper.model import Chapter, ChapterList


def cl(*starts_titles, duration=None):
    chs = []
    for i, (s, t) in enumerate(starts_titles):
        end = starts_titles[i + 1][0] if i + 1 < len(starts_titles) else (duration or s)
        chs.append(Chapter(s, end, t))
    return ChapterList(tuple(chs), duration=duration)


def test_writes_mss_under_an_hour_and_hmmss_from_an_hour(episode):
    assert render(episode, "youtube") == dedent(
        """\
        0:00 Intro & \u2039welcome\u203a
        1:05 Middle: a=b; #x \\ "y"
        1:01:40 End
        """
    )


def test_valid_list_is_left_alone(episode):
    episode = replace(episode, chapters=(replace(episode.chapters[0], title="Intro"), *episode.chapters[1:]))
    fixed, messages = youtube_fixups(episode)
    assert messages == [] and fixed == episode


def test_angle_brackets_youtube_refuses_become_single_guillemets_and_are_said(episode):
    fixed, messages = youtube_fixups(episode)
    assert [c.title for c in fixed][0] == "Intro & \u2039welcome\u203a"
    assert messages == ["'<' and '>' written as '\u2039' and '\u203a' in 1 chapter title ('Intro & <welcome>'): "
                        "YouTube refuses them in a description"]
    assert "<" not in render(episode, "youtube") and ">" not in render(episode, "youtube")
    assert youtube_fixups(fixed) == (fixed, [])


def test_a_block_longer_than_a_description_is_said_with_its_length(lex_official):
    from clipper.summaries import load_summary

    s = load_summary(lex_official)  # 40 real chapters, titles made long as an eager editor might
    chapters = cl(*[(x.start, f"{x.heading}: " + "what Dario Amodei says about it, at length " * 3)
                    for x in s.sections], duration=18_900_000)
    fixed, messages = youtube_fixups(chapters)
    n = len(render(chapters, "youtube").rstrip("\n"))
    assert n > 5_000
    assert messages == [f"the YouTube chapter list is {n:,} characters; a YouTube description holds at most 5,000 "
                        "(shorten the titles or merge chapters)"]
    assert youtube_fixups(cl(*[(x.start, x.heading) for x in s.sections], duration=18_900_000))[1] == []


def test_first_chapter_is_moved_to_zero_and_reported():
    fixed, messages = youtube_fixups(cl((12_000, "A"), (60_000, "B"), (120_000, "C"), duration=200_000))
    assert fixed[0].start == 0
    assert messages == ["first chapter 'A' moved from 0:12 to 0:00 (YouTube needs the first chapter at 0:00)"]


def test_short_chapter_merges_into_the_one_before():
    fixed, messages = youtube_fixups(
        cl((0, "A"), (60_000, "B"), (115_500, "Blip"), (120_000, "C"), duration=200_000)
    )
    assert [c.title for c in fixed] == ["A", "B", "C"]
    assert (fixed[1].start, fixed[1].end) == (60_000, 120_000)
    assert messages == ["chapter 'Blip' at 1:55 lasts 5 s (YouTube needs 10): merged into the chapter before it, 'B'"]


def test_length_is_counted_in_the_whole_seconds_youtube_shows():
    # 9.001 s apart in ms, but shown as 0:10 and 0:20: YouTube counts 10 s, so nothing changes
    fixed, messages = youtube_fixups(cl((0, "A"), (10_999, "B"), (20_000, "C"), (40_000, "D"), duration=60_000))
    assert messages == [] and [c.title for c in fixed] == ["A", "B", "C", "D"]


def test_short_first_chapter_gives_zero_to_the_next():
    fixed, messages = youtube_fixups(cl((0, "Cold open"), (4_000, "A"), (60_000, "B"), (120_000, "C"), duration=200_000))
    assert [(c.start, c.title) for c in fixed] == [(0, "A"), (60_000, "B"), (120_000, "C")]
    assert "'Cold open' at 0:00 lasts 4 s" in messages[0]


def test_short_last_chapter_is_measured_against_the_episode_end():
    fixed, messages = youtube_fixups(cl((0, "A"), (60_000, "B"), (120_000, "C"), (195_000, "Outro"), duration=200_000))
    assert [c.title for c in fixed] == ["A", "B", "C"]
    assert fixed[-1].end == 200_000


def test_unsorted_input_is_sorted_and_reported():
    chs = (Chapter(60_000, 60_000, "B"), Chapter(0, 0, "A"), Chapter(120_000, 120_000, "C"))
    fixed, messages = youtube_fixups(ChapterList(chs))
    assert [c.title for c in fixed] == ["A", "B", "C"]
    assert messages[0] == "chapters were not in time order; sorted them"


def test_fewer_than_three_chapters_is_a_clear_error():
    with pytest.raises(ClipperError, match="at least 3 chapters.*only 2 left"):
        youtube_fixups(cl((0, "A"), (5_000, "B"), (60_000, "C"), duration=100_000))
    with pytest.raises(ClipperError, match="only 2 left"):
        render(cl((0, "A"), (60_000, "B"), duration=100_000), "youtube")


def test_too_few_chapters_is_an_input_error_naming_the_summary_when_told():
    with pytest.raises(TooFewChapters) as e:
        youtube_fixups(cl((0, "A"), (60_000, "B"), duration=100_000), source="ep/summary.md")
    assert isinstance(e.value, InputError)
    assert str(e.value) == "ep/summary.md: YouTube needs at least 3 chapters of at least 10 s; only 2 left after fixing"


def test_writer_applies_the_fixups():
    text = render(cl((3_000, "A"), (60_000, "B"), (61_000, "b"), (120_000, "C"), duration=200_000), "youtube")
    assert text == "0:00 A\n1:01 b\n2:00 C\n"  # B lasted 1 s: merged into A


def test_reads_description_lines_with_separators():
    text = "0:00 Intro\n1:05 - Middle part\n1:01:40 | End\n"
    got = parse_chapters(text, format="youtube")
    assert [(c.start, c.title) for c in got] == [(0, "Intro"), (65_000, "Middle part"), (3_700_000, "End")]
    assert [c.end for c in got] == [65_000, 3_700_000, 3_700_000]


def test_strict_reader_names_the_bad_line():
    with pytest.raises(ParseError) as e:
        parse_chapters("0:00 Intro\nSubscribe!\n1:00 Next\n", format="youtube", path="d.txt")
    assert (e.value.path, e.value.line, e.value.text) == ("d.txt", 2, "Subscribe!")


def test_lenient_reader_skips_other_lines_and_says_so():
    got = parse_chapters("Great episode!\n\n0:00 Intro\n1:00 Next\n", format="youtube", path="d.txt", lenient=True)
    assert [c.title for c in got] == ["Intro", "Next"]
    assert got.warnings == ("d.txt: skipped 1 line(s) that are not chapter lines",)


def test_out_of_order_times_are_an_error_at_the_line():
    with pytest.raises(ParseError) as e:
        parse_chapters("0:00 A\n2:00 B\n1:00 C\n", format="youtube")
    assert e.value.line == 3


def test_official_lex_chapters_survive_fixups(lex_official):
    """The 40 official chapter times of a 5-hour episode already follow YouTube's rules."""
    rows = [ln.split("\t") for ln in lex_official.read_text().splitlines() if ln.strip()]
    rows = [r for r in rows if r[0][:1].isdigit()]
    from clipper import timecode

    starts = [(timecode.parse(r[0]), r[1].strip()) for r in rows]
    fixed, messages = youtube_fixups(cl(*starts))
    assert messages == [] and len(fixed) == len(starts) == 40
    text = render(fixed, "youtube")
    assert text.splitlines()[0].startswith("0:00 ")
    assert any(line.startswith("5:") for line in text.splitlines())  # h:mm:ss past five hours
    assert parse_chapters(text, format="youtube").chapters == tuple(
        replace(c, start=c.start // 1000 * 1000, end=max(c.end // 1000 * 1000, c.start // 1000 * 1000)) for c in fixed
    )


def test_reads_the_official_tab_separated_chapter_list(lex_official):
    from clipper.chapterformats import load_chapters

    got = load_chapters(lex_official)
    assert len(got) == 40 and got[1].start == 194_000 and got[1].title == "Scaling laws"
    assert got[-1].start == 5 * 3_600_000 + 11 * 60_000 + 50_000
