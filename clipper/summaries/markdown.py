"""Markdown summaries: ``# Title``, then ``##``/``###`` section headings with paragraphs (bodies may be empty)."""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from ..transcripts._text import clean_inline
from . import SUMMARY_FORMATS

_H = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Summary:
    heads = [(no, len(m.group(1)), clean_inline(m.group(2)))
             for no, ln in enumerate(text.split("\n"), 1) if (m := _H.match(ln.strip()))]
    if not heads:
        raise InputError("no Markdown headings found", path=path, line=1)
    levels = [lv for _, lv, _ in heads]
    title = None
    if levels.count(1) == 1 and levels[0] == 1 and len(heads) > 1:
        title = heads[0][2]
        section_level = min(levels[1:])
    else:
        section_level = min(levels)
    lines = text.split("\n")
    sections: list[Section] = []
    cur: list | None = None
    for no, ln in enumerate(lines, 1):
        m = _H.match(ln.strip())
        if m:
            lv = len(m.group(1))
            if lv == section_level:
                cur = [clean_inline(m.group(2)), [], no]
                sections.append(cur)  # type: ignore[arg-type]
                continue
            if lv < section_level:
                cur = None
                continue
        if cur is not None and ln.strip():
            cur[1].append(clean_inline(ln))
    out = tuple(Section(h, " ".join(b), None, no) for h, b, no in sections if h)
    if not out:
        raise InputError("no sections found under the Markdown headings", path=path, line=heads[0][0])
    return Summary(title, out, format="markdown", source=path)


def sniff(text: str) -> float:
    heads = sum(1 for ln in text[:200_000].split("\n") if re.match(r"^#{1,6}\s+\S", ln.strip()))
    return 0.85 if heads >= 2 else 0.0


SUMMARY_FORMATS.register(Format("markdown", "Markdown: # title, ## section headings with paragraphs",
                                (".md", ".markdown"), read=read, sniff=sniff))
