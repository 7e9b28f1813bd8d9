from pathlib import Path

import pytest

from clipper.errors import InputError
from clipper.summaries import load_summary
from clipper.summaries.headings import read, sniff
from clipper.textio import read_text

DATA = Path(__file__).resolve().parents[1] / "data" / "summaries"


def test_numbering_and_bullets_are_dropped_bodies_are_empty():
    s = load_summary(DATA / "headings_crlf.txt")
    assert s.format == "headings" and s.title is None
    assert [(x.heading, x.body, x.start, x.line) for x in s.sections] == [
        ("Introduction", "", None, 1),
        ("Scaling laws", "", None, 2),
        ("Limits of LLM scaling", "", None, 3),
        ("Competition with OpenAI, Google, xAI, Meta", "", None, 4),
        ("Is Claude getting dumber?", "", None, 5),
        ("Post-training & RLHF", "", None, 6),
    ]


def test_the_official_titles_column(lex_official):
    titles = "\n".join(ln.split("\t")[1] for ln in read_text(lex_official).split("\n") if ln.strip())
    assert sniff(titles) == 0.5
    s = read(titles)
    assert len(s) == 40
    assert s.sections[0].heading == "Introduction" and s.sections[-1].heading == "Beauty of neural networks"


def test_caption_lines_and_prose_are_not_headings(seed_auto):
    assert sniff("if you extrapolate the curves\nthat we've had so far right\nif you say well\n") == 0.0
    assert sniff("A sentence that ends.\nAnother one.\n") == 0.0
    assert sniff(read_text(seed_auto)) == 0.0


def test_timed_lines_are_left_to_the_chapter_list_reader():
    assert sniff("0:00 Intro\n1:00 Middle\n") == 0.0


def test_blank_text_is_an_input_error():
    with pytest.raises(InputError) as e:
        read("\n  \n", path="h.txt")
    assert e.value.path == "h.txt" and e.value.line == 1


def test_inline_markdown_is_stripped_from_headings():
    s = read("# **Lex Fridman Podcast #452**\n\n1. **Introduction**\n2. *Scaling* laws\n3. `ASL-3` and ASL-4\n")
    assert s.title == "Lex Fridman Podcast #452"
    assert [x.heading for x in s.sections] == ["Introduction", "Scaling laws", "ASL-3 and ASL-4"]
    assert sniff("**Introduction**\n*Scaling* laws\n") == 0.5
