"""Detection: each kind of summary goes to its reader, by content alone."""
from pathlib import Path

import pytest

from clipper.errors import InputError, UnknownFormatError
from clipper.summaries import SUMMARY_FORMATS, load_summary, parse_summary
from clipper.textio import read_text

DATA = Path(__file__).resolve().parents[1] / "data" / "summaries"


def test_registry_holds_the_four_readers():
    assert set(SUMMARY_FORMATS.names(readable=True)) == {"page", "markdown", "headings", "chapterlist"}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("page_bom_crlf.txt", "page"),
        ("markdown_bom_crlf.md", "markdown"),
        ("headings_crlf.txt", "headings"),
        ("youtube_description.txt", "chapterlist"),
    ],
)
def test_hand_made_files_are_detected(name, expected):
    assert load_summary(DATA / name).format == expected


def test_real_files_are_detected(seed_summary, lex_official, shared):
    assert load_summary(seed_summary).format == "page"
    assert load_summary(lex_official).format == "chapterlist"
    assert load_summary(shared / "episodes/lex-452/chapters_youtube.tsv").format == "chapterlist"


def test_detection_ignores_a_misleading_extension(tmp_path, lex_official):
    p = tmp_path / "chapters.md"
    p.write_bytes(lex_official.read_bytes())
    assert load_summary(p).format == "chapterlist"


def test_seed_sections_written_as_markdown_read_back_the_same(seed_summary):
    # the same sections written as Markdown read the same headings and bodies
    page = load_summary(seed_summary)
    md = "# " + page.title + "\n\n" + "\n\n".join(f"## {s.heading}\n\n{s.body}" for s in page.sections)
    as_md = parse_summary(md)
    assert as_md.format == "markdown" and as_md.title == page.title
    assert [(s.heading, s.body) for s in as_md.sections] == [(s.heading, s.body) for s in page.sections]


def test_a_named_format_is_used_as_is(seed_summary):
    s = parse_summary(read_text(seed_summary), format="headings")
    assert s.format == "headings" and len(s) > 37


def test_unknown_format_and_undetectable_text_are_typed_errors():
    with pytest.raises(UnknownFormatError):
        parse_summary("x", format="nope")
    with pytest.raises(UnknownFormatError) as e:
        parse_summary("just one sentence of prose here.", path="x.txt")
    assert e.value.path == "x.txt"


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as e:
        load_summary(tmp_path / "nope.txt")
    assert "no such file" in str(e.value)


NUMBERED_SHORT = "1. Welcome\nWelcome to the show.\n\n2. Tomatoes\nTomatoes and sun.\n\n3. Bees\nBees honey.\n\n4. Compost\nWorms.\n"


@pytest.mark.parametrize("text", [
    NUMBERED_SHORT,
    NUMBERED_SHORT.replace("1. Welcome", "Gardening, episode 12\n\n1. Welcome"),  # a title line over the run
    "Welcome:\nWelcome to the show.\n\nTomatoes:\nTomatoes and sun.\n\nBees:\nBees honey.\n\n"
    "Compost:\nWorms.\n\nShare\n",  # a footer
])
def test_numbered_or_colon_headings_over_paragraphs_however_short_are_a_summary_page(text):
    s = parse_summary(text, path="s.txt")
    assert s.format == "page"
    assert [x.heading for x in s.sections] == ["Welcome", "Tomatoes", "Bees", "Compost"]
    assert s.sections[0].body == "Welcome to the show." and s.sections[3].body == "Worms."


@pytest.mark.parametrize("text", [
    "1. Welcome\nWelcome to the show.\n\n3. Tomatoes\nTomatoes and sun.\n\n2. Bees\nBees honey.\n\n5. Compost\nWorms.\n",
    "Host Person (00:00):\nWe talk about welcome today.\n\nGuest Person (00:07):\nWe talk about the show.\n\n"
    "Host Person (00:14):\nAnd the host.\n\nGuest Person (00:21):\nYes.\n",  # a transcript's speaker lines
    "and then he said:\nwe are running out of data\nso what is next:\nsynthetic data maybe\nhere is the thing:\n"
    "nobody knows\n",  # captions
])
def test_irregular_numbers_speaker_lines_and_captions_are_not_a_summary_page(text):
    from clipper.summaries.page import sniff

    assert sniff(text) == 0.0


PLAIN_SHORT = ("Episode 452\n\nIntroduction\nLex introduces Dario Amodei.\n\nScaling laws\nThey discuss why bigger "
               "models work.\n\nLimits of LLM scaling\nData, compute and ideas may run out.\n\nCompetition with OpenAI\n"
               "How Anthropic competes.\n")


def test_plain_headings_over_short_paragraphs_set_apart_by_blank_lines_are_a_summary_page():
    """QA: no number, colon or bold to tell the headings by, only the blank lines and the shape."""
    s = parse_summary(PLAIN_SHORT, path="s.txt")
    assert s.format == "page" and s.title == "Episode 452"
    assert [x.heading for x in s.sections] == ["Introduction", "Scaling laws", "Limits of LLM scaling",
                                               "Competition with OpenAI"]
    assert s.sections[2].body == "Data, compute and ideas may run out."


@pytest.mark.parametrize("text", [
    # a transcript that names each speaker on a line of its own: the same names again and again
    "Lex Fridman\nWhat is the ceiling of this?\n\nDario Amodei\nI do not think any of us knows.\n\n"
    "Lex Fridman\nHow complicated is the world?\n\nDario Amodei\nVery.\n",
    # blocks of speech without a title line
    "we are running out of data\nso what is next.\n\nsynthetic data maybe\nnobody knows.\n\nhere is the thing\nyes.\n",
])
def test_speaker_blocks_and_caption_blocks_are_not_a_summary_page(text):
    from clipper.summaries.page import sniff

    assert sniff(text) == 0.0


def test_caption_seed_is_not_a_summary_page(seed_human):
    from clipper.summaries.page import sniff

    assert sniff(read_text(seed_human)) == 0.0


# --- clipper's own chapter files given as the summary ----------------------------------------------

def _chapters():
    from clipper.model import Chapter, ChapterList
    return ChapterList((Chapter(0, 194_000, "Introduction"), Chapter(194_000, 750_000, "Scaling laws"),
                        Chapter(750_000, 1_489_000, "Limits of LLM scaling & compute")),
                       title="Episode 452", duration=1_800_000)


@pytest.mark.parametrize("fmt, name", [("cue", "chapters.cue"), ("json", "chapters.json"),
                                       ("psc", "chapters.psc.xml"), ("mkvxml", "chapters.mkv.xml"),
                                       ("ffmetadata", "chapters.ffmetadata"),
                                       ("audacity", "chapters.audacity.txt")])
def test_a_chapter_file_clipper_wrote_is_read_as_chapters_already_placed(fmt, name):
    from clipper.chapterformats import render
    text = render(_chapters(), fmt)
    s = parse_summary(text, path=name)
    assert s.format == fmt and s.timed
    assert [(x.heading, x.start) for x in s.sections] == [
        ("Introduction", 0), ("Scaling laws", 194_000), ("Limits of LLM scaling & compute", 750_000)]
    assert not any("TITLE" in x.heading or "0.000000" in x.heading for x in s.sections)
    # by content alone, too
    assert parse_summary(text, path="summary.txt").format == fmt


def test_chapter_file_sections_carry_the_line_of_their_title():
    from clipper.chapterformats import render
    text = render(_chapters(), "cue")
    s = parse_summary(text, path="chapters.cue")
    lines = text.split("\n")
    assert all(x.line and x.heading in lines[x.line - 1] for x in s.sections)


def test_youtube_lines_stay_a_chapterlist_and_a_markdown_summary_is_not_a_chapter_file():
    from clipper.chapterformats import render
    assert parse_summary(render(_chapters(), "youtube"), path="youtube.txt").format == "chapterlist"
    md = "# Episode\n\n## Introduction\n\nWe start.\n\n## Scaling laws\n\nBigger is better.\n"
    assert parse_summary(md, path="s.md").format == "markdown"


# --- headings that state their start: pinned sections ------------------------------------------------


@pytest.mark.parametrize("heading, want", [
    ("12:20 Limits of LLM scaling", (740_000, "Limits of LLM scaling")),
    ("Limits of LLM scaling (12:20)", (740_000, "Limits of LLM scaling")),
    ("[1:02:03] AGI timeline", (3_723_000, "AGI timeline")),
    ("2:45:21 – Programming advice", (9_921_000, "Programming advice")),
    ("Limits of LLM scaling - 12:20", (740_000, "Limits of LLM scaling")),
    ("Scaling laws", (None, "Scaling laws")),
    ("9:00 AM standup", (None, "9:00 AM standup")),
    ("Chapter 3: 10 rules", (None, "Chapter 3: 10 rules")),
    ("12:75 not a time", (None, "12:75 not a time")),
])
def test_a_heading_may_state_its_start(heading, want):
    from clipper.summaries._lines import pinned

    assert pinned(heading) == want


def test_pins_in_markdown_page_and_headings_summaries():
    md = parse_summary("# Ep\n\n## Intro\n\nHello.\n\n## Limits (12:20)\n\nData runs out.\n\n## Compute\n\nChips.\n",
                       path="s.md")
    page = parse_summary(PLAIN_SHORT.replace("Limits of LLM scaling\n", "12:20 Limits of LLM scaling\n"), path="s.txt")
    heads = parse_summary("Introduction\nScaling laws\n12:20 Limits of LLM scaling\nCompetition\nClaude\n", path="h.txt")
    assert (md.format, page.format, heads.format) == ("markdown", "page", "headings")
    for s in (md, page, heads):
        assert not s.timed  # the others are still to be found
        assert [x.start for x in s.sections if x.start is not None] == [740_000]
        assert all(":" not in x.heading or x.heading == "Welcome:" for x in s.sections)
    assert heads.sections[2].heading == "Limits of LLM scaling" and heads.sections[2].line == 3
    # most lines timed: a chapter list, as before
    assert parse_summary("0:00 Intro\n3:14 Scaling\nLimits\n20:45 Competition\n", path="c.txt").format == "chapterlist"


def test_a_list_with_as_many_pins_as_titles_without_is_still_headings_with_pins(lex_official):
    """QA: every other line pinned (20 of 40) was read as a chapter list of the 20 pinned lines, the others
    dropped without a word. Titles without a time among the timed ones make it headings with pins; a YouTube
    description (a block of timed lines, prose around it) stays a chapter list."""
    from clipper.textio import read_text

    official = [ln.split("\t") for ln in read_text(lex_official).splitlines() if ln.strip()]
    lines = [f"{t} {title}" if k % 2 == 0 else title for k, (t, title) in enumerate(official)]
    s = parse_summary("\n".join(lines) + "\n", path="mix.txt")
    assert s.format == "headings" and len(s.sections) == 40
    assert sum(1 for x in s.sections if x.start is not None) == 20
    description = ("Thanks for watching!\n\n0:00 Intro\n3:14 Scaling laws\n12:20 Limits\n\nSponsors: Acme.\n"
                   "Follow us on X.\n")
    assert parse_summary(description, path="d.txt").format == "chapterlist"


@pytest.mark.parametrize("text", [
    "Introduction (00:00:00)\nScaling laws (00:03:14)\nLimits of LLM scaling (00:12:20)\n",
    "0:00 Introduction\nScaling laws\n12:20 Limits of LLM scaling\nCompetition with OpenAI\nClaude\n",
])
def test_titles_with_stamps_are_not_a_stamped_transcript(text):
    """QA: inspect called these a transcript (titles shown as speakers, or 'no stamped paragraphs found')."""
    from clipper.cli.inspect import decide_kind

    assert decide_kind(text) == "summary"
