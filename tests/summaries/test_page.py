from pathlib import Path

import pytest

from clipper.errors import InputError
from clipper.summaries import SUMMARY_FORMATS, load_summary
from clipper.summaries.page import read, sniff
from clipper.textio import read_text

DATA = Path(__file__).resolve().parents[1] / "data" / "summaries"
TITLE = "Dario Amodei: Anthropic CEO on Claude, AGI & the Future of AI & Humanity | Lex Fridman Podcast #452"


@pytest.fixture(scope="module")
def seed(seed_summary):
    return load_summary(seed_summary)


def test_seed_is_detected_as_a_page(seed_summary):
    assert SUMMARY_FORMATS.detect(read_text(seed_summary), seed_summary).name == "page"


def test_seed_gives_37_sections_with_the_title(seed):
    assert seed.format == "page"
    assert seed.title == TITLE
    assert len(seed) == 37
    assert seed.sections[0].heading == "Introduction"
    assert seed.sections[-1].heading == "Beauty of neural networks"
    assert not seed.timed


def test_repeated_sections_are_kept_in_order(seed):
    heads = [s.heading for s in seed.sections]
    assert heads.count("Post-training") == 2 and heads.count("Constitutional AI") == 2
    assert heads.index("Post-training") < heads.index("Constitutional AI")
    assert heads[heads.index("Prompt engineering") + 1] == "Post-training"


def test_bodies_are_the_paragraphs_and_lines_point_at_the_headings(seed, seed_summary):
    lines = read_text(seed_summary).split("\n")
    for s in seed.sections:
        assert lines[s.line - 1] == s.heading
        assert s.body == lines[s.line + 1]  # the paragraph after the blank line
        assert len(s.body.split()) >= 30
    assert seed.sections[0].body.startswith("The episode begins with Lex Fridman introducing Dario Amodei")


def test_preamble_bullets_and_chrome_are_not_sections(seed):
    text = " ".join(s.heading + " " + s.body for s in seed.sections)
    for chrome in ("Brief Summary", "Watch the Video", "Share", "Stay Informed", "Discover curated", "©",
                   "The scaling hypothesis suggests", "•"):
        assert chrome not in text


def test_a_hand_made_page_with_bom_crlf_and_entities():
    s = load_summary(DATA / "page_bom_crlf.txt")
    assert s.format == "page"
    assert s.title == "Bees & Honey: Episode 3"
    assert [(x.heading, x.line) for x in s.sections] == [("Opening", 12), ("Why bees matter?", 16), ("Q&A", 20)]
    assert s.sections[1].body.startswith("The guest explains why pollination")
    assert s.sections[2].body.endswith("the “hive mind” idea.")


def test_headings_are_told_by_shape_without_a_brief_summary_marker():
    para = "This paragraph says a great deal about the topic at hand, going on for well over twenty words so that it reads as prose."
    s = read(f"My Show 1\n\nFirst part\n\n{para}\n\nSecond part\n\n{para}\n\nFollow us\n\n© 2024\n")
    assert s.title == "My Show 1"
    assert [(x.heading, x.body) for x in s.sections] == [("First part", para), ("Second part", para)]


def test_no_sections_is_an_input_error_with_path_and_line():
    with pytest.raises(InputError) as e:
        read("A title\n\nshort line\n", path="s.txt")
    assert e.value.path == "s.txt" and e.value.line


def test_sniff_refuses_markdown_and_chapter_lists(lex_official):
    assert sniff(read_text(lex_official)) == 0.0
    assert sniff("# Title\n\n## One\n\nText.\n") == 0.0


def test_a_page_without_a_title_starts_with_its_first_section():
    para = "This paragraph says a great deal about the topic at hand, going on for well over twenty words so that it reads as prose."
    s = read(f"First part\n\n{para}\n\nSecond part\n\n{para}\n")
    assert s.title is None
    assert [x.heading for x in s.sections] == ["First part", "Second part"]
