"""A summary page as summary sites publish it (the form of seed 002), read as it is:

    Title (often twice)
    Brief Summary / paragraph / bullet list          <- preamble, not sections
    Heading line / one paragraph                      <- one per section: the section run
    ...
    Watch the Video / Share / ... / ©                 <- page chrome after the last section

Headings are told from paragraphs by shape (a short line with no final period). The section run
starts at the first heading after the preamble and ends at the last paragraph (20 words or more),
or past it while the lines still alternate heading / short paragraph ("Chris Olah / Olah joins the
talk."); what follows is chrome, dropped. Inside the run every heading line is a section, even over a
short paragraph or none; a heading-shaped line of 8 words or more right under a heading, with no
paragraph of its own, is that heading's (short) paragraph. A line of page chrome inside the run
("Advertisement", "Share") is left out and reported as a warning with its line.
"""
from __future__ import annotations

import re
from itertools import takewhile

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from ..transcripts._text import clean_inline
from . import SUMMARY_FORMATS
from ._lines import (BULLET, CHROME, PREAMBLE, heading_text, is_heading_shaped, is_paragraph, numbered_lines, pinned,
                     strip_markdown, warn)

RUNS_ON = 8  # a heading-shaped line this long under a heading, without a paragraph of its own, is its paragraph


def _is_body(line: str) -> bool:
    """A line that can be a section's paragraph: not a heading, a list item or page chrome."""
    return not BULLET.match(line) and heading_text(line) is None and not CHROME.match(line)


def section_heading(lines: list[tuple[int, str]], k: int) -> str | None:
    """The heading line ``k`` states, or ``None``. A plain short line is a heading; one with a number,
    bullet or final colon (``1. Scaling laws``, ``Scaling laws:``) only when a paragraph (of any
    length) follows it, so the preamble's bullet points stay bullet points. Page chrome is no heading."""
    line = lines[k][1]
    if CHROME.match(line):
        return None
    if is_heading_shaped(line):
        return heading_text(line) or strip_markdown(line)
    followed = k + 1 < len(lines) and _is_body(lines[k + 1][1])
    return heading_text(line) if followed else None


def _own_body(lines: list[tuple[int, str]], k: int, end: int) -> bool:
    """Whether the line after heading line ``k`` (up to ``end``) is its paragraph."""
    j = k + 1
    if j > end:
        return False
    line = lines[j][1]
    if section_heading(lines, j) is None:
        return not CHROME.match(line)
    # "The conversation shifts to Amanda Askell, who works on Claude's character" has a heading's shape
    # but runs on, and no paragraph follows it: it is the short paragraph of the heading above
    return len(line.split()) >= RUNS_ON and not (j + 1 <= end and _is_body(lines[j + 1][1]))


def _run_end(lines: list[tuple[int, str]], first: int) -> int:
    """Index of the section run's last line: the last paragraph, then any heading / short-paragraph
    pairs after it that keep alternating (the page's footer does not: "Watch the Video", "Share")."""
    end = max((k for k in range(first, len(lines)) if is_paragraph(lines[k][1])), default=first - 1)
    k = end + 1
    while k + 1 < len(lines):
        if section_heading(lines, k) is None or not _own_body(lines, k, len(lines) - 1):
            break
        if k + 2 < len(lines) and heading_text(lines[k + 2][1]) is None:
            break  # a heading, its line, then more text: not the alternation of sections
        end, k = k + 1, k + 2
    return end


def read(text: str, *, path: str = "<string>", lenient: bool = False,
         warnings: list[str] | None = None) -> Summary:
    lines = numbered_lines(text)
    if not lines:
        raise InputError("summary is empty", path=path, line=1)
    # The first line is the title unless it is the first section's heading (directly over a paragraph).
    first = lines[0][1]
    repeated = len(lines) > 1 and lines[1][1] == first
    over_paragraph = len(lines) > 1 and is_paragraph(lines[1][1])
    title = strip_markdown(first) if is_heading_shaped(first, 40) and (repeated or not over_paragraph) else None
    i = 1 if title else 0
    while title and i < len(lines) and lines[i][1] == first:
        i += 1  # the title repeated
    if i < len(lines) and PREAMBLE.match(lines[i][1]):
        i += 1  # "Brief Summary": its paragraph and bullets run to the first heading
    while i < len(lines) and section_heading(lines, i) is None:
        i += 1
    end = _run_end(lines, i)
    if end < i:
        raise InputError("no sections found: expected heading lines each followed by a paragraph", path=path,
                         line=lines[min(i, len(lines) - 1)][0])
    sections: list[Section] = []
    while i <= end:
        no, line = lines[i]
        heading = section_heading(lines, i)
        if heading is None:
            if CHROME.match(line):
                warn(warnings, f"{path}:{no}: left out {line!r} between sections (page chrome)")
            else:  # a further paragraph of the same section
                s = sections[-1]
                sections[-1] = Section(s.heading, (s.body + "\n\n" + line).strip(), s.start, s.line)
            i += 1
            continue
        body = ""
        if _own_body(lines, i, end):
            body = lines[i + 1][1]
            i += 1
        start, heading = pinned(heading)
        sections.append(Section(heading, body, start, no))
        i += 1
    return Summary(title, tuple(sections), format="page", source=path)


_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+\S")
_STAMP = re.compile(r"\d:[0-5]\d")
MOST_BODY_LINES = 1  # a regular run's section paragraph: this many lines (the reader's alternation)


def _regular_run(lines: list[str]) -> int:
    """Lines in the longest regular run of decorated headings, each over its own paragraph however short:
    ``1. Welcome`` / ``Welcome to the show.`` / ``2. Tomatoes`` / ... (numbers counting up by one) or
    ``Welcome:`` / ``...`` (capitalised, colon-ended, no time stamp: "Ann (00:07):" is a speaker). Captions
    do not keep up such a pattern."""
    best = 0
    for kind in ("number", "colon"):
        heads: list[tuple[int, int]] = []  # (index, number)
        for k, ln in enumerate(lines):
            if _STAMP.search(ln):
                continue  # "Host Person (00:00):" is a transcript's speaker line
            m = _NUMBER.match(ln)
            if kind == "number" and m and heading_text(ln):
                heads.append((k, int(m.group(1))))
            elif kind == "colon" and not m and ln.rstrip().endswith(":") and ln[:1].isupper() and heading_text(ln):
                heads.append((k, 0))
        run_start, run = 0, 0
        for n, (k, num) in enumerate(heads):
            if n + 1 < len(heads):
                body = lines[k + 1:heads[n + 1][0]]
            else:  # the last section's paragraph, before any footer
                body = list(takewhile(_is_body, lines[k + 1:k + 1 + MOST_BODY_LINES]))
            ok = 1 <= len(body) <= MOST_BODY_LINES and all(_is_body(b) for b in body)
            follows = run > 0 and (kind == "colon" or num == heads[n - 1][1] + 1)
            if not ok:
                run = 0
                continue
            if not follows:
                run, run_start = 0, k
            run += 1
            if run >= 3:
                best = max(best, k + 1 + len(body) - run_start)
    return best


def sniff(text: str) -> float:
    lines = [ln for _, ln in numbered_lines(text[:200_000])]
    if not lines or any(ln.startswith("#") for ln in lines[:50]):
        return 0.0
    pairs = sum(1 for a, b in zip(lines, lines[1:]) if heading_text(a) and is_paragraph(b))
    # a decorated heading ("1. Scaling laws", "Scaling laws:", "**Scaling laws**") over a short paragraph
    short = sum(1 for a, b in zip(lines, lines[1:])
                if heading_text(a) and heading_text(a) != a and _is_body(b) and not is_paragraph(b))
    if pairs >= 2 and any(PREAMBLE.match(ln) for ln in lines[:10]):
        return 0.9
    if pairs >= 3 or (pairs >= 1 and pairs + short >= 3):
        return 0.6
    # "1. Welcome" / "Welcome to the show." ...: a regular run of sections with short paragraphs
    if _regular_run(lines) >= len(lines) / 2:
        return 0.6
    # plain headings over short paragraphs, the sections set apart by blank lines
    return 0.5 if _blocks(text[:200_000]) else 0.0


TITLE_WORDS = 10  # a section title in such blocks is short and capitalised (a caption line runs longer)
MOST_SECTIONS = 150  # more blocks than any summary has sections: a transcript's
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def _blocks(text: str) -> bool:
    """Sections set apart by blank lines, each a plain heading over a short paragraph that ends a sentence
    ("Scaling laws" / "Why bigger models work."): at least three, and most of the text's blocks of two
    lines or more, with titles that differ. A transcript's blocks start with speech, or with a speaker's name
    (the same few again and again), often with a stamp."""
    blocks = [[clean_inline(ln) for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n\s*\n", text)]
    multi = [b for b in blocks if len(b) >= 2]
    sections = [b for b in multi
                if is_heading_shaped(b[0], TITLE_WORDS) and b[0][:1].isupper() and not CHROME.match(b[0])
                and not _STAMP.search(b[0])
                and all(_is_body(ln) for ln in b[1:]) and _SENTENCE_END.search(b[-1])]
    # a transcript's speaker blocks ("Lex Fridman" / "What's the ceiling?") repeat a few names; titles differ
    distinct = len({b[0].casefold() for b in sections}) >= 0.8 * len(sections)
    return 3 <= len(sections) <= MOST_SECTIONS and len(sections) >= 0.6 * len(multi) and distinct


SUMMARY_FORMATS.register(
    Format("page", "summary page: title, brief summary, then a heading line and a paragraph per section",
           (".txt",), read=read, sniff=sniff)
)
