"""A summary page as summary sites publish it (the form of seed 002), read as it is:

    Title (often twice)
    Brief Summary / paragraph / bullet list          <- preamble, not sections
    Heading line / one paragraph                      <- one per section
    ...
    Watch the Video / Share / ... / ©                 <- page chrome after the last paragraph

Headings are told from paragraphs by shape (a short line with no final period, followed by a
long paragraph); chrome is whatever follows the last section paragraph.
"""
from __future__ import annotations

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from . import SUMMARY_FORMATS
from ._lines import PREAMBLE, heading_text, is_heading_shaped, is_paragraph, numbered_lines


def section_heading(lines: list[tuple[int, str]], k: int) -> str | None:
    """The heading line ``k`` states, or ``None``. A plain short line is a heading; one with a number,
    bullet or final colon (``1. Scaling laws``, ``Scaling laws:``) only when a paragraph follows it,
    so the preamble's bullet points stay bullet points."""
    line = lines[k][1]
    if is_heading_shaped(line):
        return heading_text(line) or line
    followed = k + 1 < len(lines) and is_paragraph(lines[k + 1][1])
    return heading_text(line) if followed else None



def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Summary:
    lines = numbered_lines(text)
    if not lines:
        raise InputError("summary is empty", path=path, line=1)
    # The first line is the title unless it is the first section's heading (directly over a paragraph).
    first = lines[0][1]
    repeated = len(lines) > 1 and lines[1][1] == first
    over_paragraph = len(lines) > 1 and is_paragraph(lines[1][1])
    title = first if is_heading_shaped(first, 40) and (repeated or not over_paragraph) else None
    i = 1 if title else 0
    while i < len(lines) and lines[i][1] == title:
        i += 1  # the title repeated
    # Preamble: "Brief Summary", its paragraph and bullets.
    if i < len(lines) and PREAMBLE.match(lines[i][1]):
        i += 1
        while i < len(lines) and section_heading(lines, i) is None:
            i += 1
    last_para = max((k for k in range(i, len(lines)) if is_paragraph(lines[k][1])), default=None)
    if last_para is None:
        raise InputError("no sections found: expected heading lines each followed by a paragraph", path=path,
                         line=lines[min(i, len(lines) - 1)][0])
    sections: list[Section] = []
    while i <= last_para:
        no, line = lines[i]
        heading = section_heading(lines, i)
        if heading is None:
            if sections:  # a second paragraph of the same section
                s = sections[-1]
                sections[-1] = Section(s.heading, (s.body + "\n\n" + line).strip(), None, s.line)
            i += 1
            continue
        body = ""
        if i + 1 < len(lines) and section_heading(lines, i + 1) is None:
            body = lines[i + 1][1]
            i += 1
        sections.append(Section(heading, body, None, no))
        i += 1
    if not sections:
        raise InputError("no sections found", path=path, line=lines[0][0])
    return Summary(title, tuple(sections), format="page", source=path)


def sniff(text: str) -> float:
    lines = [ln for _, ln in numbered_lines(text[:200_000])]
    if not lines or any(ln.startswith("#") for ln in lines[:50]):
        return 0.0
    pairs = sum(1 for a, b in zip(lines, lines[1:]) if heading_text(a) and is_paragraph(b))
    if pairs >= 2 and any(PREAMBLE.match(ln) for ln in lines[:10]):
        return 0.9
    return 0.6 if pairs >= 3 else 0.0


SUMMARY_FORMATS.register(
    Format("page", "summary page: title, brief summary, then a heading line and a paragraph per section",
           (".txt",), read=read, sniff=sniff)
)
