"""Summaries as people and tools really write them: bold headings, numbered headings, 'Heading:' lines,
and a labelled list of titles. Each is detected and read into the same sections."""
import pytest

from clipper.summaries import parse_summary

BODIES = [
    "Amodei explains that capabilities keep rising as models, data and compute grow together, and he expects "
    "that trend to continue for a few more years at least.",
    "The scaling hypothesis holds that bigger networks trained longer on more data get smarter, and he traces "
    "its history from speech recognition at Baidu to language models.",
    "He discusses the limits of scaling: running out of data, the cost of compute, and whether new "
    "architectures or synthetic data could carry progress past those walls.",
]
TITLES = ["Introduction", "Scaling laws", "Limits of LLM scaling"]


def _doc(head: str, fmt) -> str:
    return head + "".join(fmt(i, t) + "\n" + b + "\n\n" for i, (t, b) in enumerate(zip(TITLES, BODIES), 1))


@pytest.mark.parametrize("name,text,expected_format", [
    ("markdown bold headings", _doc("# Episode 452\n\n", lambda i, t: f"**{t}**"), "markdown"),
    ("bold headings, no title", _doc("", lambda i, t: f"__{t}__"), "page"),  # read as a page: same sections
    ("numbered headings", _doc("Episode 452\n\n", lambda i, t: f"{i}. {t}"), "page"),
    ("headings with a colon", _doc("", lambda i, t: f"{t}:"), "page"),
    ("numbered bold headings with a colon", _doc("Episode 452\n\n", lambda i, t: f"{i}) **{t}**:"), "page"),
])
def test_heading_styles_give_the_same_sections(name, text, expected_format):
    s = parse_summary(text, path="summary.txt")
    assert s.format == expected_format, name
    assert [x.heading for x in s.sections] == TITLES, name
    assert [x.body for x in s.sections] == BODIES, name


def test_a_numbered_preamble_list_stays_a_preamble():
    text = ("Episode 452\n\nBrief Summary\n\n" + BODIES[0] + "\n\n1. capabilities rise\n2. scaling continues\n\n"
            + _doc("", lambda i, t: f"{i}. {t}"))
    s = parse_summary(text, path="summary.txt")
    assert [x.heading for x in s.sections] == TITLES and s.title == "Episode 452"


@pytest.mark.parametrize("text", [
    "# Episode 452\n\n## Chapters\n\n- Introduction\n- Scaling laws\n- Limits of LLM scaling\n",
    "Chapters:\n1. Introduction\n2. Scaling laws\n3. Limits of LLM scaling\n",
    "Timestamps\nIntroduction\nScaling laws\nLimits of LLM scaling\n",
])
def test_a_labelled_list_of_titles_is_headings_only(text):
    s = parse_summary(text, path="chapters.md")
    assert s.format == "headings"
    assert [x.heading for x in s.sections] == TITLES and not any(x.body for x in s.sections)
