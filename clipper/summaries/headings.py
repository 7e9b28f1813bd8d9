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
    # lines with their start ("12:20 Limits of LLM scaling") pin those chapters; when (nearly) every line has
    # one it is a chapter list, unless titles without a time sit among them: then it is headings with pins
    timed = [k for k, ln in enumerate(lines) if TIMED_LINE.match(ln)]
    if len(lines) < 2:
        return 0.0
    span = timed[-1] - timed[0] + 1 if timed else 0  # lines from the first timed one to the last
    between = span - len(timed)  # untimed lines among them
    mixed = between >= max(2, 0.2 * span)
    if len(timed) >= len(lines) / 2 and not mixed:
        return 0.0
    heads = [pinned(strip_markdown(BULLET.sub("", ln)))[1] for ln in lines]
    if len(heads) > 300 or not all(is_heading_shaped(h, 16) for h in heads):
        return 0.0
    # titles start with a capital or a digit; caption lines ("if you extrapolate the curves") do not
    capital = sum(1 for h in heads if h[:1].isupper() or h[:1].isdigit())
    if capital < 0.8 * len(heads):
        return 0.0
    return 0.95 if mixed and len(timed) >= len(lines) / 2 else 0.5  # above the chapter list's 0.9


SUMMARY_FORMATS.register(Format("headings", "one heading per line (numbers and bullets allowed), no text",
                                (".txt",), read=read, sniff=sniff))
