"""Untimed text: caption lines, dialogue with ``- `` turns, or plain paragraphs.

- Caption lines where ``- `` starts a new speaker (a human caption track with timing stripped): one
  segment per speaker turn, its lines joined with single spaces.
- Paragraphs separated by blank lines: one segment per paragraph.
- Otherwise one segment per line (auto-captions with timing stripped).

Text copied from a web page comes inside page chrome: a title, an ``id • date`` line, UI words
("Open", "Resume", "Read", "Manage"), metadata ("Kind: captions", "Language: en", "file updated
... UTC"). Such lines are trimmed from the start and the end of the text (never from the middle).
Segments carry no times and no speaker names (the text does not give them); a ``- `` turn is marked
as one (``Segment.turn``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..errors import InputError
from ..model import Segment, Transcript
from ..registry import Format
from . import TRANSCRIPT_FORMATS
from ._text import capital_speakers, clean_inline, speaker_prefix

# Metadata lines: "Kind: captions", "Language: en", "file updated 2026-02-14 16:18:43 UTC", "ugvHCXCOmm4 • 2024-11-11"
_META = re.compile(
    r"^(?:kind|language|source|transcript|captions?|title|date|url|duration)\s*:|"
    r"^file (?:updated|created|modified)\b|"
    r"[•|·]\s*\d{4}-\d{2}-\d{2}\s*$|^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?:\s*UTC)?\s*$",
    re.IGNORECASE,
)
# A UI label: one to three plain words, the first capitalised, no punctuation ("Open", "Transcript preview")
_UI_LABEL = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}$")
_DASH = re.compile(r"^[-–—]\s+")


def _is_chrome(line: str) -> bool:
    return bool(_META.search(line) or _UI_LABEL.match(line))


def _trim_chrome(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop chrome lines at both ends; a title line counts as chrome when chrome follows it."""
    first, last = 0, len(lines)
    if len(lines) > 1 and _is_chrome(lines[1][1]) and any(_META.search(ln) for _, ln in lines[1:8]):
        first = 1  # the page title over the metadata block
    while first < last and _is_chrome(lines[first][1]):
        first += 1
    while last > first and _is_chrome(lines[last - 1][1]):
        last -= 1
    return lines[first:last]


def _blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Runs of consecutive line numbers (blank lines split them)."""
    out: list[list[tuple[int, str]]] = []
    for no, ln in lines:
        if out and out[-1][-1][0] == no - 1:
            out[-1].append((no, ln))
        else:
            out.append([(no, ln)])
    return out


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    raw = [(no, ln.strip()) for no, ln in enumerate(text.split("\n"), 1) if ln.strip()]
    if not raw:
        raise InputError("file is empty", path=path, line=1)
    lines = _trim_chrome(raw)
    if not lines:
        raise InputError("no transcript text found (only page chrome)", path=path, line=raw[0][0])
    segs: list[Segment] = []
    blocks = _blocks(lines)
    dashes = sum(1 for _, ln in lines if _DASH.match(ln))
    if dashes >= 2 and dashes >= len(blocks):
        turn: list[str] = []
        start, dashed = lines[0][0], False
        for no, ln in lines:
            if _DASH.match(ln) and turn:
                segs.append(Segment(None, None, clean_inline(" ".join(turn)), None, line=start, turn=dashed))
                turn = []
            if not turn:
                start, dashed = no, bool(_DASH.match(ln))
            turn.append(_DASH.sub("", ln))
        segs.append(Segment(None, None, clean_inline(" ".join(turn)), None, line=start, turn=dashed))
    elif len(blocks) >= 2:
        segs = [Segment(None, None, clean_inline(" ".join(ln for _, ln in b)), None, line=b[0][0]) for b in blocks]
    else:
        segs = [Segment(None, None, clean_inline(ln), None, line=no) for no, ln in lines]
    segs = _named([s for s in segs if s.text])
    if not segs:
        raise InputError("no transcript text found", path=path, line=raw[0][0])
    return Transcript(tuple(segs), format="plaintext", source=path)


def _named(segs: list[Segment]) -> list[Segment]:
    """Segments opening with a speaker's label ("John: Hello there.") take it as their speaker, the label
    off the text, when the text names speakers so at least twice (the SRT reader's rules for doubtful
    labels); a speaker holds until the next label. Otherwise the segments as they are."""
    capitals = capital_speakers(s.text for s in segs)
    found = [speaker_prefix(s.text, capitals) for s in segs]
    if sum(1 for f in found if f) < 2:
        return segs
    out, speaker = [], None
    for s, f in zip(segs, found):
        if f:
            turn = f[0] != speaker
            speaker = f[0]
            out.append(replace(s, text=f[1], speaker=speaker, turn=s.turn or turn))
        else:
            out.append(replace(s, speaker=speaker))
    return out


def sniff(text: str) -> float:
    return 0.1 if text.strip() else 0.0  # the fallback for any text


TRANSCRIPT_FORMATS.register(Format("plaintext", "untimed text: caption lines, '- ' dialogue turns, or paragraphs",
                                   (".txt",), read=read, sniff=sniff))
