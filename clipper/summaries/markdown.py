"""Markdown summaries: ``# Title``, then ``##``/``###`` section headings with paragraphs (bodies may be empty).

Every heading below the title is a section, except a grouping heading: one with no text of its own
whose next heading is deeper (``## Part two`` over ``### Chapter`` headings). A summary with no ``##``
headings but lines that are bold and nothing else (``**Scaling laws**``, as chat assistants write them)
has those as its section headings. A leading "Summary" /
"Key takeaways" section is the summary's preamble, not a chapter. Body paragraphs are joined with a
blank line; bullets lose their markers.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from ..transcripts._text import clean_inline
from . import SUMMARY_FORMATS
from ._lines import BULLET, LIST_LABEL, PREAMBLE, bold_heading, pinned, strip_markdown

_H = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _bold_headings(lines: list[str]) -> bool:
    """Are bold-only lines the section headings? Yes when there are at least two and at most one ``#`` heading."""
    hashes = sum(1 for ln in lines if _H.match(ln.strip()))
    bold = sum(1 for ln in lines if bold_heading(ln))
    return bold >= 2 and hashes <= 1


def read(text: str, *, path: str = "<string>", lenient: bool = False,
         warnings: list[str] | None = None) -> Summary:
    # [level, heading, line, paragraphs]; a paragraph is a list of cleaned lines
    heads: list[list] = []
    raw_lines = text.split("\n")
    bold = _bold_headings(raw_lines)
    for no, raw in enumerate(raw_lines, 1):
        line = raw.strip()
        m = _H.match(line)
        b = bold_heading(line) if bold else None
        if m:
            heads.append([len(m.group(1)), strip_markdown(clean_inline(m.group(2))), no, [[]]])
        elif b:
            heads.append([2, strip_markdown(clean_inline(b)), no, [[]]])
        elif heads and line:
            heads[-1][3][-1].append(clean_inline(BULLET.sub("", line)))
        elif heads and heads[-1][3][-1]:
            heads[-1][3].append([])
    if not heads:
        raise InputError("no Markdown headings found (expected '## Section' lines)", path=path, line=1)
    levels = [h[0] for h in heads]
    title, title_line = None, heads[0][2]
    if levels[0] == 1 and levels.count(1) == 1:
        title = heads.pop(0)[1]
    sections: list[Section] = []
    for k, (level, heading, no, paras) in enumerate(heads):
        body = "\n\n".join(" ".join(p) for p in paras if p)
        deeper_next = k + 1 < len(heads) and heads[k + 1][0] > level
        if not heading or (deeper_next and not body):
            continue  # a grouping heading
        if not sections and PREAMBLE.match(heading) and len(heads) > 2:
            continue
        start, heading = pinned(heading)
        sections.append(Section(heading, body, start, no))
    if not sections:
        raise InputError("no section headings (## ...) under the title", path=path, line=heads[0][2] if heads else title_line)
    return Summary(title, tuple(sections), format="markdown", source=path)


def sniff(text: str) -> float:
    lines = text[:200_000].split("\n")
    # "## Chapters" over a list of titles is a headings-only list, not a section
    heads = [m for m in (_H.match(ln.strip()) for ln in lines) if m and not LIST_LABEL.match(m.group(0))]
    if len(heads) >= 2:
        return 0.85
    if _bold_headings(lines):
        return 0.8
    # one "## Section" over its text: a summary of a single section
    if len(heads) == 1 and len(heads[0].group(1)) >= 2 and heads[0].group(2) and any(
            ln.strip() and not _H.match(ln.strip()) for ln in lines):
        return 0.7
    return 0.0


SUMMARY_FORMATS.register(Format("markdown", "Markdown: # title, ## section headings with paragraphs",
                                (".md", ".markdown"), read=read, sniff=sniff))
