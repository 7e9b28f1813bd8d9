from pathlib import Path

import pytest

from clipper.errors import InputError
from clipper.summaries import SUMMARY_FORMATS, load_summary, parse_summary
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


# --- short paragraphs: sections, not page chrome --------------------------------------------------

SHORT = {"Amanda Askell - Philosophy": "The talk turns to Amanda Askell, who shapes Claude's character and personality.",
         "Chris Olah - Mechanistic Interpretability": "The talk turns to Chris Olah, a pioneer of mechanistic interpretability research."}


def _seed_with_short_bodies(seed_summary, keep=None, short=SHORT, period=True) -> str:
    """Seed 002 as it is (title, preamble, footer), with the sections in ``short`` given 12-word bodies and,
    when ``keep`` is given, only those sections."""
    lines = read_text(seed_summary).split("\n")
    heads = [k for k in range(13, 160, 4)]  # 0-based: heading lines 14, 18, ... 158
    out = lines[:13]
    for k in heads:
        if keep is not None and lines[k] not in keep:
            continue
        body = short.get(lines[k], lines[k + 2])
        out += [lines[k], "", body if period or lines[k] not in short else body.rstrip("."), ""]
    return "\n".join(out + lines[161:])


def test_sections_with_12_word_paragraphs_are_kept(seed_summary):
    text = _seed_with_short_bodies(seed_summary)
    assert [len(b.split()) for b in SHORT.values()] == [12, 12]
    warnings: list[str] = []
    s = read(text, path="short.txt", warnings=warnings)
    assert len(s) == 37 and warnings == []
    by_heading = {x.heading: x for x in s.sections}
    for heading, body in SHORT.items():
        assert by_heading[heading].body == body
    assert s.sections[-1].heading == "Beauty of neural networks"
    assert not any(chrome in x.heading for x in s.sections for chrome in ("Watch the Video", "Share", "Stay Informed"))


@pytest.mark.parametrize("period", [True, False])
def test_a_short_last_section_before_the_footer_is_a_section(seed_summary, period):
    # QA's page: four sections, the two interviews' openings short, the last one right above the footer
    keep = ["Introduction", "Amanda Askell - Philosophy", "Programming advice for non-technical people",
            "Chris Olah - Mechanistic Interpretability"]
    s = read(_seed_with_short_bodies(seed_summary, keep, period=period), path="qa.txt")
    assert [x.heading for x in s.sections] == keep
    assert s.sections[3].body.startswith("The talk turns to Chris Olah")
    assert s.sections[1].body.startswith("The talk turns to Amanda Askell")


def test_seed_002_reads_without_warnings(seed_summary):
    warnings: list[str] = []
    assert len(load_summary(seed_summary, warnings=warnings)) == 37 and warnings == []


PARA = ("Amodei explains the scaling hypothesis: larger models trained on more data for longer get more capable, "
        "a pattern he first saw in speech recognition at Baidu.")


@pytest.mark.parametrize("style", ["{n}. {h}", "{h}:", "{n}) **{h}**"])
def test_numbered_and_colon_headings_over_short_paragraphs(style):
    secs = [("Introduction", "Lex introduces Dario Amodei, CEO of Anthropic."), ("Scaling laws", PARA),
            ("Limits of LLM scaling", "Running out of data is the first limit they weigh."), ("Claude", PARA)]
    text = "Dario Amodei on Lex Fridman #452\n\nBrief Summary\n\n" + PARA + "\n\n" + "".join(
        style.format(n=n, h=h) + "\n\n" + b + "\n\n" for n, (h, b) in enumerate(secs, 1)) + "Share\n\n© 2024\n"
    s = parse_summary(text, path="summary.txt")
    assert s.format == "page" and s.title == "Dario Amodei on Lex Fridman #452"
    assert [(x.heading, x.body) for x in s.sections] == secs


def test_chrome_inside_the_sections_is_left_out_with_a_warning(seed_summary, caplog):
    lines = read_text(seed_summary).split("\n")
    lines.insert(84, "\nAdvertisement")  # between "Amanda Askell - Philosophy"'s paragraph and the next heading
    text = "\n".join(lines)
    warnings: list[str] = []
    s = read(text, path="ad.txt", warnings=warnings)
    assert len(s) == 37 and "Advertisement" not in " ".join(x.heading + x.body for x in s.sections)
    assert warnings == ["ad.txt:86: left out 'Advertisement' between sections (page chrome)"]
    with caplog.at_level("WARNING", logger="clipper.summaries"):
        read(text, path="ad.txt")  # no list: the warning goes to the log, never nowhere
    assert [r.getMessage() for r in caplog.records] == warnings


def test_inline_markdown_leaves_page_headings_and_title():
    s = parse_summary(f"**Episode** 452\n\nBrief Summary\n\n{PARA}\n\n**Limits** of `LLM` scaling\n\n{PARA}\n\n"
                      f"[Claude](https://anthropic.com/claude) and *safety*\n\n{PARA}\n")
    assert s.title == "Episode 452"
    assert [x.heading for x in s.sections] == ["Limits of LLM scaling", "Claude and safety"]


# --- hard-wrapped pages (pasted from an email or a terminal, or run through `fold`) -------------------


def _fold(text: str, width: int) -> str:
    """``fold -s -w WIDTH``: breaks after the last space that fits, the space kept, bytes counted."""
    out = []
    for line in text.split("\n"):
        while len(line.encode()) > width:
            cut = line.encode()[:width].decode(errors="ignore")
            at = cut.rfind(" ")
            at = len(cut) if at <= 0 else at + 1
            out.append(line[:at])
            line = line[at:]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("wrap", ["fold-50", "fold-80", "fold-120", "textwrap-72"])
def test_a_hard_wrapped_seed_reads_as_the_seed(seed_summary, wrap):
    """Each paragraph and bullet wrapped over several lines: joined again, so the 37 sections, their
    paragraphs and the title are the seed's own, and each section keeps its heading's line number."""
    import textwrap

    text = read_text(seed_summary)
    how, width = wrap.split("-")
    wrapped = _fold(text, int(width)) if how == "fold" else \
        "\n".join(textwrap.fill(ln, int(width)) if ln.strip() else ln for ln in text.split("\n"))
    assert max(len(ln) for ln in wrapped.split("\n")) <= int(width)
    want, got = parse_summary(text, path="s.txt"), parse_summary(wrapped, path="s.txt")
    assert got.format == "page" and got.title == want.title
    assert [s.heading for s in got.sections] == [s.heading for s in want.sections]
    assert [" ".join(s.body.split()) for s in got.sections] == [" ".join(s.body.split()) for s in want.sections]
    lines = wrapped.split("\n")
    assert all(lines[s.line - 1].strip() == s.heading for s in got.sections)


def test_unwrap_keeps_headings_list_items_and_unwrapped_text_apart():
    from clipper.summaries._lines import unwrap, wrap_width

    para = ("Amodei explains the scaling hypothesis, which states that larger models trained on more data lead to "
            "greater intelligence, and traces it back to his early work on speech recognition at Baidu.")
    text = ["Scaling laws", *_fold(para, 60).split("\n"), "- a list item that is long enough to reach the width of",
            "- the next list item", "12:30 a stamp line"]
    assert 55 <= wrap_width(text) <= 60
    got = [t for _, t in unwrap(text)]
    assert got[0] == "Scaling laws" and " ".join(got[1].split()) == para
    assert got[2:] == text[-3:]
    # text that is not wrapped (one line per paragraph, as seed 002) is left alone
    assert wrap_width(["Scaling laws", para, "Limits", para]) is None


@pytest.mark.parametrize("blank", ["\u200b", "\ufeff", "\u00a0", "\t"])
def test_blank_lines_holding_an_invisible_character_are_blank(seed_summary, tmp_path, blank):
    """QA: copied from a web page, seed 002's blank lines held a zero-width space: 116 sections, some titled
    with nothing visible. The file on disk is read through the same decoding as every input."""
    text = read_text(seed_summary)
    p = tmp_path / "s.txt"
    p.write_text("\n".join(blank if not ln.strip() else ln for ln in text.split("\n")), encoding="utf-8")
    want, got = load_summary(seed_summary), load_summary(p)
    assert [(s.heading, s.body) for s in got.sections] == [(s.heading, s.body) for s in want.sections]


def test_a_list_of_long_titles_is_not_taken_for_wrapped_text():
    """Titles of 50-66 characters, one a line, every one capitalised: no title is joined to the one above
    (they all ended near the same width, which alone looked like wrapping)."""
    from clipper.summaries._lines import wrap_width

    heads = ["Scaling laws and why bigger models keep getting better at language",
             "Limits of LLM scaling and what could stop the curve",
             "Competition with OpenAI, Google, xAI and Meta in frontier models",
             "Claude, its character and how Anthropic trains it",
             "Criticism of Claude and the claim that it got dumber over time",
             "AI Safety Levels and the responsible scaling policy",
             "ASL-3 and ASL-4 and what changes at each of them for the company",
             "Computer use and the agents that click on screens",
             "Government regulation of AI and the California bill SB 1047",
             "Hiring a great team and why talent density matters so much"]
    assert wrap_width(heads) is None
    s = parse_summary("\n".join(heads) + "\n", path="h.txt", format="headings")
    assert [x.heading for x in s.sections] == heads
