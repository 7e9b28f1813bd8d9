"""An existing chapter list with times: ``0:00 Intro``, ``0:00 - Intro``, ``(0:00) Intro``,
``1:02:03 Title`` (YouTube descriptions) or ``HH:MM:SS<TAB>title`` (TSV). Read as already-timed
sections; clipper then uses the times as they are.
"""
from __future__ import annotations

import re

from .. import timecode
from ..errors import InputError, ParseError
from ..model import Section, Summary
from ..registry import Format
from ..transcripts._text import clean_inline, speech_label
from . import SUMMARY_FORMATS
from ._lines import strip_markdown

TIMED_LINE = re.compile(
    r"^\s*(?:[-*•]\s+)?[\(\[]?(?P<t>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\)\]]?"
    r"(?:\s*\t\s*|\s+(?:[-–—:|]\s+)?)(?P<title>\S.*)$"
)


def parse_timed_lines(text: str, *, path: str = "<string>", lenient: bool = False) -> list[tuple[int, str, int]]:
    """(ms, title, line) for every timed line; other lines (description text) are passed over."""
    out: list[tuple[int, str, int]] = []
    for no, raw in enumerate(text.split("\n"), 1):
        m = TIMED_LINE.match(raw)
        if not m:
            continue
        try:
            t = timecode.parse(m.group("t"))
        except ValueError as e:
            if lenient:
                continue
            raise ParseError(f"bad time: {e}", path=path, line=no, text=raw.strip()) from None
        if out and t <= out[-1][0]:
            if lenient:
                continue
            raise ParseError("chapter times must increase", path=path, line=no, text=raw.strip())
        out.append((t, strip_markdown(clean_inline(m.group("title"))), no))
    return out


def read(text: str, *, path: str = "<string>", lenient: bool = False,
         warnings: list[str] | None = None) -> Summary:
    rows = parse_timed_lines(text, path=path, lenient=lenient)
    if not rows:
        raise InputError("no timed chapter lines found (expected lines like '0:00 Intro')", path=path, line=1)
    return Summary(None, tuple(Section(title, "", t, no) for t, title, no in rows), format="chapterlist", source=path)


def sniff(text: str) -> float:
    """Sure when most lines are short timed titles. Lines of speech with a stamp and a speaker label
    (``[00:00:01] Lex: Hello there.``) are a stamped transcript, not chapters."""
    lines = [ln for ln in text[:50_000].split("\n") if ln.strip()]
    titles = [m.group("title") for m in map(TIMED_LINE.match, lines) if m and len(m.group(0).split()) <= 16]
    speech = sum(1 for t in titles if speech_label(clean_inline(t)))
    if speech >= max(2, len(titles) / 2):
        return 0.0
    return 0.9 if len(titles) >= 2 and len(titles) >= len(lines) / 2 else 0.0


SUMMARY_FORMATS.register(Format("chapterlist", "an existing chapter list: '0:00 Intro' lines or HH:MM:SS<TAB>title",
                                (".tsv",), read=read, sniff=sniff))
