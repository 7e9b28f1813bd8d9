"""Headings only: one chapter title per line, optional numbering or bullets; no section text.

A first line ``# Title`` is the episode's title; a label over the list ("## Chapters", "Timestamps:")
is not a chapter.
"""
from __future__ import annotations

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from . import SUMMARY_FORMATS
from ._lines import BULLET, LIST_LABEL, is_heading_shaped, numbered_lines, pinned, strip_markdown
from .chapterlist import TIMED_LINE


def _titled(lines: list[tuple[int, str]]) -> tuple[str | None, list[tuple[int, str]]]:
    """The ``# Title`` first line and the list's label lines taken out of the lines."""
    title = None
    if lines and lines[0][1].startswith("# ") and not LIST_LABEL.match(lines[0][1]):
        title, lines = strip_markdown(lines[0][1][2:]), lines[1:]
    return title, [(no, ln) for no, ln in lines if not LIST_LABEL.match(ln)]


def read(text: str, *, path: str = "<string>", lenient: bool = False,
         warnings: list[str] | None = None) -> Summary:
    title, lines = _titled(numbered_lines(text))
    secs = []
    for no, ln in lines:
        start, h = pinned(strip_markdown(BULLET.sub("", ln)))
        if h:
            secs.append(Section(h, "", start, no))
    if not secs:
        raise InputError("no headings found", path=path, line=1)
    return Summary(title, tuple(secs), format="headings", source=path)


def sniff(text: str) -> float:
    lines = [ln for _, ln in _titled(numbered_lines(text[:50_000]))[1]]
    # a few lines with their start ("12:20 Limits of LLM scaling") pin those chapters; most: a chapter list
    if len(lines) < 2 or sum(1 for ln in lines if TIMED_LINE.match(ln)) >= len(lines) / 2:
        return 0.0
    heads = [pinned(strip_markdown(BULLET.sub("", ln)))[1] for ln in lines]
    if len(heads) > 300 or not all(is_heading_shaped(h, 16) for h in heads):
        return 0.0
    # titles start with a capital or a digit; caption lines ("if you extrapolate the curves") do not
    capital = sum(1 for h in heads if h[:1].isupper() or h[:1].isdigit())
    return 0.5 if capital >= 0.8 * len(heads) else 0.0


SUMMARY_FORMATS.register(Format("headings", "one heading per line (numbers and bullets allowed), no text",
                                (".txt",), read=read, sniff=sniff))
