from pathlib import Path
from textwrap import dedent

import pytest

from clipper.errors import InputError
from clipper.textio import read_text
from clipper.transcripts import TRANSCRIPT_FORMATS, load_transcript
from clipper.transcripts.plaintext import read, sniff

DATA = Path(__file__).resolve().parents[1] / "data" / "plaintext"


def test_seed_001_gives_one_segment_per_speaker_turn(seed_human):
    lines = read_text(seed_human).split("\n")
    t = load_transcript(seed_human, format="plaintext")
    assert t.format == "plaintext" and not t.timed and t.duration is None
    assert len(t) == sum(1 for ln in lines if ln.startswith("- ")) == 528
    assert all(s.start is None and s.end is None and s.speaker is None for s in t)
    assert all(lines[s.line - 1].startswith("- ") for s in t)
    assert all(s.turn for s in t)  # each dash is a new (unnamed) speaker, which chapter finding uses
    first = t.segments[0]
    assert first.line == 1
    assert first.text.startswith("If you extrapolate the curves that we've had so far, right? If you say, well,")
    assert first.text.endswith("That's actually what I worry about more, the abuse of power.")
    assert "  " not in first.text and "\n" not in first.text
    # every word of the file is kept, none added
    assert t.word_count == sum(len(ln.split()) for ln in lines) - 528


def test_seed_000_drops_the_page_chrome_and_keeps_every_caption_line(seed_auto):
    lines = read_text(seed_auto).split("\n")
    t = load_transcript(seed_auto, format="plaintext")
    assert len(t) == len(lines) - 11  # 6 chrome lines on top, 5 below
    assert (t.segments[0].text, t.segments[0].line) == ("if you extrapolate the curves that we've", 7)
    assert (t.segments[-1].text, t.segments[-1].line) == ("of the mod", len(lines) - 5)
    texts = {s.text for s in t}
    for chrome in ("Open", "Resume", "Read", "Categories", "Manage", "Kind: captions", "Language: en",
                   "Transcript preview", lines[0], lines[1], lines[-3]):
        assert chrome not in texts
    assert all(s.speaker is None and s.start is None for s in t)


def test_other_chrome_in_the_same_shape_is_removed_too():
    t = load_transcript(DATA / "autocaptions_in_page_chrome_crlf.txt")
    assert t.format == "plaintext"
    assert [(s.text, s.line) for s in t] == [("welcome back to the show today we", 7), ("talk about bees & honey", 8)]


def test_paragraphs_are_the_fallback():
    t = read(dedent("""\
        First paragraph, which
        wraps over two lines.

        Second one.


        Third &mdash; with an entity.
        """))
    assert [(s.text, s.line) for s in t] == [
        ("First paragraph, which wraps over two lines.", 1),
        ("Second one.", 4),
        ("Third \u2014 with an entity.", 7),
    ]


def test_dialogue_turns_with_a_first_unmarked_turn():
    t = read("Hello there,\nfriend.\n- Hi!\n- How are you?\nFine.\n")
    assert [(s.text, s.line) for s in t] == [("Hello there, friend.", 1), ("Hi!", 3), ("How are you? Fine.", 4)]


def test_a_lone_list_dash_does_not_make_dialogue():
    t = read("Some notes:\n\n- one point\n\nA paragraph of text.\n\n- another point\n\nMore text.\n")
    assert len(t) == 5 and t.segments[1].text == "- one point"


def test_only_chrome_is_an_input_error():
    with pytest.raises(InputError) as e:
        read("Open\nKind: captions\nLanguage: en\n", path="c.txt")
    assert (e.value.path, e.value.line) == ("c.txt", 1)


def test_sniff_is_the_low_fallback(seed_auto, seed_human, lex_page):
    assert sniff("anything at all") == 0.1
    assert sniff("  \n") == 0.0
    assert TRANSCRIPT_FORMATS.detect(read_text(seed_auto), seed_auto).name == "plaintext"
    assert TRANSCRIPT_FORMATS.detect(read_text(seed_human), seed_human).name == "plaintext"
    assert TRANSCRIPT_FORMATS.detect(read_text(lex_page), lex_page).name != "plaintext"


def test_speaker_labels_in_untimed_text_become_speakers():
    """QA: "John: Hello there" lines kept the label as a spoken word, so retime timed "John:" and the
    subtitles read "John: John: Hello there"."""
    from clipper.transcripts import parse_transcript

    t = parse_transcript("John: Hello there, everyone.\n\nMary: Hi John, how are you?\n\nJohn: Fine.\n\n"
                         "And you?\n", format="plaintext", path="t.txt")
    assert [(s.speaker, s.text) for s in t.segments] == [
        ("John", "Hello there, everyone."), ("Mary", "Hi John, how are you?"), ("John", "Fine."), ("John", "And you?")]
    # a single "Note: ..." is text, not a speaker
    one = parse_transcript("Note: this is a preview.\n\nIt goes on here.\n", format="plaintext", path="n.txt")
    assert one.segments[0].text == "Note: this is a preview." and one.segments[0].speaker is None
