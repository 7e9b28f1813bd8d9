"""Markdown summaries: ``# Title``, then ``##``/``###`` section headings with paragraphs (bodies may be empty).

Every heading below the title is a section, except a grouping heading: one with no text of its own
whose next heading is deeper (``## Part two`` over ``### Chapter`` headings). A leading "Summary" /
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
from ._lines import BULLET, PREAMBLE

_H = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Summary:
    # [level, heading, line, paragraphs]; a paragraph is a list of cleaned lines
    heads: list[list] = []
    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        m = _H.match(line)
        if m:
            heads.append([len(m.group(1)), clean_inline(m.group(2)), no, [[]]])
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
        sections.append(Section(heading, body, None, no))
    if not sections:
        raise InputError("no section headings (## ...) under the title", path=path, line=heads[0][2] if heads else title_line)
    return Summary(title, tuple(sections), format="markdown", source=path)


def sniff(text: str) -> float:
    heads = sum(1 for ln in text[:200_000].split("\n") if _H.match(ln.strip()) and ln.strip()[:1] == "#")
    return 0.85 if heads >= 2 else 0.0


SUMMARY_FORMATS.register(Format("markdown", "Markdown: # title, ## section headings with paragraphs",
                                (".md", ".markdown"), read=read, sniff=sniff))
