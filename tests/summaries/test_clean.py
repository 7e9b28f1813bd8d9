"""Control characters in a summary (ESC, DEL, C1) are taken out when it is read, in one place, so no
chapter format, report or ``clipper inspect`` carries them (a raw ESC in a title drives the terminal)."""
import json

from clipper.chapterformats import render
from clipper.model import Chapter, ChapterList
from clipper.summaries import clean_text, parse_summary

MARKDOWN = (
    "# Episode \x1b[1mone\x1b[0m\n\n"
    "## Scaling \x1b[31mlaws\x1b[0m\x7f\n\n"
    "Amodei explains\x85the scaling hypothesis.\x1b]0;pwned\x07 Larger models\x00 do better.\n\n"
    "## Safety\tlevels\x9b2J\n\n"
    "Responsible Scaling Policy\r\nand ASL levels\x0bexplained.\n\n"
    "## Meaning of life\n\n"
    "Lex asks what it all means.\n"
)


def test_headings_titles_and_bodies_lose_control_characters():
    s = parse_summary(MARKDOWN, path="ctrl.md")
    assert s.title == "Episode one"
    assert [x.heading for x in s.sections] == ["Scaling laws", "Safety levels", "Meaning of life"]
    # a NEL or vertical tab is a line break, and the markdown reader joins a paragraph's lines
    assert s.sections[0].body == "Amodei explains the scaling hypothesis. Larger models do better."
    assert s.sections[1].body == "Responsible Scaling Policy and ASL levels explained."


def test_no_control_character_reaches_json_or_ffmetadata():
    s = parse_summary(MARKDOWN, path="ctrl.md")
    cl = ChapterList(tuple(Chapter(i * 60_000, (i + 1) * 60_000, sec.heading, notes=sec.body)
                           for i, sec in enumerate(s.sections)), title=s.title)
    for fmt in ("json", "ffmetadata"):
        text = render(cl, fmt)
        assert not any(ord(c) < 32 and c not in "\n" or 0x7f <= ord(c) <= 0x9f for c in text), fmt
    assert [c["title"] for c in json.loads(render(cl, "json"))["chapters"]] == [
        "Scaling laws", "Safety levels", "Meaning of life"]


def test_a_chapter_file_given_as_summary_is_cleaned_too():
    cue = ('TITLE "Ep"\nFILE "ep.mp3" MP3\n  TRACK 01 AUDIO\n    TITLE "Intro\x1b[2J"\n    INDEX 01 00:00:00\n'
           '  TRACK 02 AUDIO\n    TITLE "Scal\x7fing"\n    INDEX 01 01:00:00\n')
    s = parse_summary(cue, path="chapters.cue")
    assert [x.heading for x in s.sections] == ["Intro", "Scaling"]


def test_clean_text_keeps_printable_unicode_and_tabs_in_bodies():
    assert clean_text("🚀 émoji الذكاء\tx") == "🚀 émoji الذكاء\tx"
    assert clean_text("a\tb\nc", one_line=True) == "a b c"


def test_charset_designation_goes_whole_and_a_lone_8bit_csi_eats_no_text():
    text = ("# Episode\n\n## Café\x1b(B Talk\n\nThe café chat.\n\n## Scaling \x9bLaws\n\nBigger is better.\n\n"
            "## Limits of\x9b LLM\n\nData runs out.\n\n## Colour \x9b31mred\x9b0m\n\nA real 8-bit CSI.\n")
    s = parse_summary(text, path="ctl.md")
    assert [x.heading for x in s.sections] == ["Café Talk", "Scaling Laws", "Limits of LLM", "Colour red"]


def test_escape_sequences_per_ecma48():
    assert clean_text("\x1b(0q\x1b(B Talk") == "q Talk"  # ESC ( 0 and ESC ( B: intermediate + final, whole
    assert clean_text("a\x1b[38;5;196mb\x1b[0m") == "ab"  # CSI
    assert clean_text("a\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\") == "alink"  # OSC ... ST
    assert clean_text("a\x1bZb") == "ab"  # ESC and one final byte is a whole two-byte escape (ESC Z, ESC 7, ESC c)
    assert clean_text("a\x9b b\x9bc") == "a bc"
    assert clean_text("x\x9b;m") == "x;m"  # no digit: not a CSI, the U+009B alone goes
    assert clean_text("line one\x1b]0;title\nline two") == "line one\nline two"  # an unended OSC stops at the line


def test_control_strings_and_two_byte_escapes_go_whole_and_windows_quotes_stay_quotes():
    """QA: an 8-bit OSC link, DCS and SOS strings and ESC 7/8/c left their insides in the heading; a Windows-1252
    apostrophe (U+0092 in decoded text) was dropped."""
    clean = lambda t: clean_text(t, one_line=True)  # noqa: E731
    assert clean("Competition \x9d8;;http://x\x9c with OpenAI") == "Competition with OpenAI"
    assert clean("A \x1bP1;2qdata\x1b\\ B") == "A B" and clean("X \x1bXsos string\x1b\\ Y") == "X Y"
    assert clean("\x1b7dynamics\x1b8 here\x1bc") == "dynamics here"
    assert clean("An OSC \x1b]8;;http://e.com\x1b\\link\x1b]8;;\x1b\\ here.") == "An OSC link here."
    assert clean("Don\x92t panic \x96 \x93really\x94") == "Don\u2019t panic \u2013 \u201creally\u201d"
    assert clean("Third\x9b heading\x85here") == "Third heading here"  # a lone CSI alone; NEL a break
    s = parse_summary("## It\x9bs a deal\n\nBody one.\n\n## Don\x92t panic\n\nBody \x9bBig words.\n", path="c1.md")
    assert [x.heading for x in s.sections] == ["Its a deal", "Don\u2019t panic"]
    assert s.sections[1].body == "Body Big words."


def test_typography_in_headings_is_kept_and_windows_1252_characters_given_back():
    clean = lambda t: clean_text(t, one_line=True)  # noqa: E731
    assert clean("第1章\u3000はじめに") == "第1章\u3000はじめに"  # an ideographic space is the heading's own
    assert clean("Part\u00a01 \u2014 \u201cthe start\u201d") == "Part\u00a01 \u2014 \u201cthe start\u201d"
    assert clean("Budget \x80 5m\x99, \x84quoted\x93 and \x85 on") == "Budget \u20ac 5m\u2122, \u201equoted\u201c and on"
