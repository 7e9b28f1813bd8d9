"""WebVTT chapters track: cues whose text is the chapter title, for ``<track kind="chapters">``.

A cue's end must be after its start, so a last chapter whose end is unknown ends 1 ms after it starts.
"""
from __future__ import annotations

import html
import re

from .. import timecode
from ..errors import ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, clean_title, render, rows

_TIMING = re.compile(r"^\s*(?P<start>[\d:.]+)\s+-->\s+(?P<end>[\d:.]+)(?:\s+.*)?$")
_TAG = re.compile(r"<[^>]*>")


def escape_cue_text(text: str) -> str:
    """Cue text may not hold ``&``, ``<`` or ``-->`` (escaping ``>`` covers the last)."""
    return clean_title(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(cl: ChapterList, *, templates: str | None = None) -> str:
    items = rows(cl, time=timecode.format_clock, title=escape_cue_text)
    items = [r if r.end > r.start else _bump(r) for r in items]
    note = clean_title(cl.title).replace("-->", "->") if cl.title else None
    return render("chapters.vtt.j2", cl, items, templates, note=note)


def _bump(r):
    from dataclasses import replace

    return replace(r, end=r.start + 1, end_text=timecode.format_clock(r.start + 1))


def _time(text: str, path: str, line: int, whole: str) -> int:
    try:
        return timecode.parse(text)
    except ValueError:
        raise ParseError("bad cue time (expected hh:mm:ss.ttt)", path=path, line=line, text=whole) from None


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    lines = text.split("\n")
    if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise ParseError("not a WebVTT file: the first line must start with WEBVTT", path=path, line=1, text=lines[0])
    found: list[Read] = []
    skipped = 0
    i = 1
    while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
        i += 1  # header lines after WEBVTT ("Kind: chapters", "Language: en") run to the first blank line
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        block = lines[start:i]
        head = block[0].split(maxsplit=1)[0] if block[0].split() else ""
        if head in ("NOTE", "STYLE", "REGION"):
            continue
        t = 0 if "-->" in block[0] else 1  # an optional cue identifier comes first
        m = _TIMING.match(block[t]) if t < len(block) else None
        if m is None:
            if lenient:
                skipped += 1
                continue
            raise ParseError("cue without a 'start --> end' timing line", path=path, line=start + 1 + t,
                             text=block[min(t, len(block) - 1)])
        n = start + 1 + t
        s = _time(m.group("start"), path, n, block[t])
        e = _time(m.group("end"), path, n, block[t])
        title = html.unescape(_TAG.sub("", " ".join(ln.strip() for ln in block[t + 1:]))).strip()
        found.append(Read(s, title, n, end=e))
    notes = [f"{path}: skipped {skipped} malformed cue(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, skipped=notes)


def sniff(text: str) -> float:
    return 0.6 if text.lstrip("\ufeff").startswith("WEBVTT") else 0.0


FORMAT = Format(
    "vtt",
    "WebVTT chapters track (<track kind=\"chapters\">)",
    extensions=(".vtt",),
    read=read,
    write=write,
    sniff=sniff,
    filename="chapters.vtt",
)
