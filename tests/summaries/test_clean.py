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
