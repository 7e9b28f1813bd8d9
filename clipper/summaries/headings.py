"""Headings only: one chapter title per line, optional numbering or bullets; no section text."""
from __future__ import annotations

from ..errors import InputError
from ..model import Section, Summary
from ..registry import Format
from . import SUMMARY_FORMATS
from ._lines import BULLET, is_heading_shaped, numbered_lines
from .chapterlist import TIMED_LINE


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Summary:
    secs = []
    for no, ln in numbered_lines(text):
        h = BULLET.sub("", ln).strip()
        if h:
            secs.append(Section(h, "", None, no))
    if not secs:
        raise InputError("no headings found", path=path, line=1)
    return Summary(None, tuple(secs), format="headings", source=path)


def sniff(text: str) -> float:
    lines = [ln for _, ln in numbered_lines(text[:50_000])]
    if len(lines) < 2 or any(TIMED_LINE.match(ln) for ln in lines):
        return 0.0
    return 0.5 if all(is_heading_shaped(BULLET.sub("", ln), 16) for ln in lines) else 0.0


SUMMARY_FORMATS.register(Format("headings", "one heading per line (numbers and bullets allowed), no text",
                                (".txt",), read=read, sniff=sniff))
