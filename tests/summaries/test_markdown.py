from pathlib import Path
from textwrap import dedent

import pytest

from clipper.errors import InputError
from clipper.summaries import load_summary
from clipper.summaries.markdown import read, sniff

DATA = Path(__file__).resolve().parents[1] / "data" / "summaries"


def test_title_sections_bodies_and_lines_from_a_bom_crlf_file():
    s = load_summary(DATA / "markdown_bom_crlf.md")
    assert s.format == "markdown"
    assert s.title == "Bees & Honey: Episode 3"
    # "Summary" is the preamble and "Part two: the guest" only groups the ### sections under it
    assert [(x.heading, x.line) for x in s.sections] == [
        ("Opening", 9),
        ("Why bees matter?", 18),
        ("Stings, smoke & keepers", 22),
        ("Q&A", 24),
    ]
    assert [x.body for x in s.sections] == [
        "The host opens the show with the story of a swarm. It settles in the garden.\n\nThen the guest arrives.",
        "The guest explains pollination & food crops.",
        "",
        "",
    ]


def test_without_a_title_every_heading_is_a_section():
    s = read("## One\n\nText one.\n\n## Two\n\n- a point\n- another\n")
    assert s.title is None
    assert [(x.heading, x.body) for x in s.sections] == [("One", "Text one."), ("Two", "a point another")]


def test_level_one_headings_are_sections_when_there_are_several():
    s = read("# One\nText.\n# Two\nMore.\n")
    assert s.title is None and [x.heading for x in s.sections] == ["One", "Two"]


def test_no_headings_is_an_input_error():
    with pytest.raises(InputError) as e:
        read("just text\n", path="s.md")
    assert (e.value.path, e.value.line) == ("s.md", 1)


def test_only_a_title_is_an_input_error():
    with pytest.raises(InputError) as e:
        read("\n# Title\n\nSome text.\n", path="s.md")
    assert (e.value.path, e.value.line) == ("s.md", 2)


def test_sniff():
    assert sniff(dedent("""\
        # T

        ## A
        """)) == 0.85
    assert sniff("Hashtag #1 here\n#notaheading\n") == 0.0


def test_inline_markdown_is_stripped_from_headings_and_title():
    s = read(dedent("""\
        # *Dario Amodei* on `Claude`

        ## **Limits** of LLM scaling

        Running out of data, the cost of compute, and whether **synthetic data** could carry progress further.

        ## [ASL-3](https://www.anthropic.com/rsp) and __ASL-4__

        What each safety level asks of a model and of the company.

        ## Post_training, ~~RLHF~~ and *Constitutional AI*
        """))
    assert s.title == "Dario Amodei on Claude"
    assert [x.heading for x in s.sections] == ["Limits of LLM scaling", "ASL-3 and ASL-4",
                                               "Post_training, RLHF and Constitutional AI"]
    assert "**synthetic data**" in s.sections[0].body  # bodies are left as written


def test_a_single_section_file_is_markdown(tmp_path):
    p = tmp_path / "intro.md"
    p.write_text("## Introduction\n\nLex introduces Dario Amodei, CEO of Anthropic, and the Claude models.\n")
    s = load_summary(p)
    assert s.format == "markdown" and s.title is None
    assert [(x.heading, x.body, x.line) for x in s.sections] == [
        ("Introduction", "Lex introduces Dario Amodei, CEO of Anthropic, and the Claude models.", 1)]
    assert sniff("## Chapters\n\nIntro\n") == 0.0  # a list label alone is not a section


def test_headings_keep_text_in_angle_brackets():
    s = read("# T\n\n## When a<b and c>d\nx\n\n## The <Vector> type\ny\n\n## List<String> in Java\n"
             "Uses <em>generics</em>, &lt;T&gt; too.\n")
    assert [x.heading for x in s.sections] == ["When a<b and c>d", "The <Vector> type", "List<String> in Java"]
    assert s.sections[2].body == "Uses generics, <T> too."
