"""Untimed text: caption lines, dialogue with ``- `` turns, or plain paragraphs.

- Caption lines where ``- `` starts a new speaker (a human caption track with timing stripped): one
  segment per speaker turn.
- Caption text pasted from a web page (auto-captions inside page chrome: a title, "Kind: captions",
  "Language: en", UI words like "Open", "Resume", "Categories", "file updated ..."): chrome removed,
  one segment per caption line.
- Paragraphs separated by blank lines: one segment per paragraph.
Segments carry no times and no speaker names (the text does not give them).
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Segment, Transcript
from ..registry import Format
from . import TRANSCRIPT_FORMATS
from ._text import clean_inline

_META = re.compile(
    r"^(kind|language|source|transcript|captions?)\s*:|^file (?:updated|created)\b|"
    r"^\S{6,20}\s*[•|·]\s*\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}",
    re.IGNORECASE,
)
_DASH = re.compile(r"^[-–—]\s+")


def _texty(line: str) -> bool:
    """A line of spoken text, not page furniture: several words, mostly not capitalised."""
    words = line.split()
    if len(words) < 3 or _META.search(line):
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) < 0.5


def _body(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop page chrome before the first and after the last line of spoken text."""
    idx = [k for k, (_, ln) in enumerate(lines) if _texty(ln)]
    if not idx:
        return [x for x in lines if not _META.search(x[1])]
    first, last = idx[0], idx[-1]
    # The spoken text may end in a short line ("very", "of the mod"): keep short lowercase tails.
    while last + 1 < len(lines) and lines[last + 1][1][:1].islower() and not _META.search(lines[last + 1][1]):
        last += 1
    while first > 0 and lines[first - 1][1][:1].islower() and not _META.search(lines[first - 1][1]):
        first -= 1
    return [x for x in lines[first:last + 1] if not _META.search(x[1])]


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    raw = text.split("\n")
    lines = [(no, clean_inline(ln)) for no, ln in enumerate(raw, 1) if ln.strip()]
    if not lines:
        raise InputError("file is empty", path=path, line=1)
    segs: list[Segment] = []
    dashes = sum(1 for _, ln in lines if _DASH.match(ln))
    if dashes >= 2:
        turn: list[str] = []
        start = lines[0][0]
        for no, ln in lines:
            if _DASH.match(ln) and turn:
                segs.append(Segment(None, None, " ".join(turn), None, line=start))
                turn = []
            if not turn:
                start = no
            turn.append(_DASH.sub("", ln))
        if turn:
            segs.append(Segment(None, None, " ".join(turn), None, line=start))
    else:
        paragraphs = re.split(r"\n\s*\n", text.strip())
        avg = sum(len(p) for p in paragraphs) / len(paragraphs)
        if len(paragraphs) > 1 and avg > 200:
            no = 1
            for p in paragraphs:
                while no <= len(raw) and not raw[no - 1].strip():
                    no += 1
                segs.append(Segment(None, None, clean_inline(p), None, line=no))
                no += p.count("\n") + 1
        else:
            segs = [Segment(None, None, ln, None, line=no) for no, ln in _body(lines)]
    segs = [s for s in segs if s.text]
    if not segs:
        raise InputError("no transcript text found", path=path, line=1)
    return Transcript(tuple(segs), format="plaintext", source=path)


def sniff(text: str) -> float:
    return 0.1 if text.strip() else 0.0  # the fallback for any text


TRANSCRIPT_FORMATS.register(Format("plaintext", "untimed text: caption lines, '- ' dialogue turns, or paragraphs",
                                   (".txt",), read=read, sniff=sniff))
