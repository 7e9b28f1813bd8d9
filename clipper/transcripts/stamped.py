"""Stamped-paragraph text, as transcript pages publish it.

Forms read (one paragraph per stamp; a paragraph without a speaker continues the last one):

    Speaker [(HH:MM:SS)](url) text          transcript pages with clickable stamps
    Speaker (HH:MM:SS): text / (HH:MM:SS) text / [HH:MM:SS] text
    HH:MM:SS Speaker: text / HH:MM:SS text
    Speaker                                  podcast apps:
    Starting point is HH:MM:SS               the stamp on its own line,
    text ...                                 the text on the lines after it

Headings, tables of contents, link lists and page chrome are not transcript text: only a stamp
opens a paragraph, and lines that look like page furniture never join one.
"""
from __future__ import annotations

import re

from .. import timecode
from ..errors import ParseError
from ..model import Segment, Transcript
from ..registry import Format
from . import TRANSCRIPT_FORMATS
from ._text import clean_inline, word_count

_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_SPK = r"[^\s\[\(#*>|][^\[\(\n]{0,58}?"
FORMS = (
    # Speaker [(HH:MM:SS)](url) text
    re.compile(rf"^(?:(?P<spk>{_SPK})\s+)?\[\((?P<t>{_T})\)\]\((?:[^()]|\([^)]*\))*\)\s*(?P<text>.*)$"),
    # Speaker (HH:MM:SS): text  |  (HH:MM:SS) text  |  [HH:MM:SS] text
    re.compile(rf"^(?:(?P<spk>{_SPK})\s+)?[\(\[](?P<t>{_T})[\)\]]\s*:?\s*(?P<text>.*)$"),
    # HH:MM:SS Speaker: text  |  HH:MM:SS text
    re.compile(rf"^(?P<t>{_T})\s+(?:(?P<spk>[A-Z][\w.'’ -]{{0,40}}?):\s+)?(?P<text>\S.*)$"),
)
_STARTING = re.compile(rf"^Starting point is (?P<t>{_T})\s*$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(#|[*+•|>]|-\s|\d+[.)]\s|!?\[[^\]]*\]\([^)]*\)\s*$|this (?:entry|post) was posted|view all posts|"
    r"about\s|share\b|subscribe\b|comments?\b|leave a (?:reply|comment)|posted (?:in|on)\b)",
    re.IGNORECASE,
)


def _match(line: str):
    for rx in FORMS:
        m = rx.match(line)
        if m:
            return m
    return None


def _speaker(raw: str | None) -> str | None:
    if not raw:
        return None
    s = clean_inline(raw).strip(" *_:")
    return s or None


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    lines = text.split("\n")
    paras: list[list] = []  # [start, speaker, [texts], line]
    skipped = 0
    speaker: str | None = None
    continuing = False  # whether plain lines may join the open paragraph
    pending_speaker: str | None = None
    last_t = -1
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            pending_speaker = None if not continuing else pending_speaker
            continue
        sp = _STARTING.match(line)
        m = None if sp else _match(line)
        if sp or m:
            try:
                t = timecode.parse((sp or m).group("t"))
            except ValueError as e:
                if lenient:
                    skipped += 1
                    continue
                raise ParseError(f"bad timestamp: {e}", path=path, line=no, text=line) from None
            if t < last_t:
                if lenient:
                    skipped += 1
                    continue
                raise ParseError(
                    f"timestamp goes backwards (after {timecode.format_hms(last_t)})", path=path, line=no, text=line
                )
            last_t = t
            if sp:
                spk, body, continuing = pending_speaker, "", True
            else:
                spk, body, continuing = _speaker(m.group("spk")), clean_inline(m.group("text")), False
            speaker = spk or speaker
            paras.append([t, speaker, [body] if body else [], no])
            pending_speaker = None
            continue
        if _FURNITURE.match(line):
            continue
        if continuing and paras:
            if len(line) <= 40 and not line.endswith((".", "?", "!", ",")) and no < len(lines) and _STARTING.match(
                next((x.strip() for x in lines[no:] if x.strip()), "")
            ):
                pending_speaker = _speaker(line)  # the speaker line of the next "Starting point"
                continue
            paras[-1][2].append(clean_inline(line))
        elif len(line) <= 40 and _STARTING.match(next((x.strip() for x in lines[no:] if x.strip()), "")):
            pending_speaker = _speaker(line)
    paras = [p for p in paras if p[2]]
    if not paras:
        raise ParseError("no stamped paragraphs found", path=path, line=1)
    return Transcript(_segments(paras), format="stamped", source=path, skipped=skipped)


def _segments(paras: list[list]) -> tuple[Segment, ...]:
    texts = [" ".join(p[2]) for p in paras]
    span = paras[-1][0] - paras[0][0]
    words_before_last = sum(word_count(t) for t in texts[:-1])
    ms_per_word = span / words_before_last if span > 0 and words_before_last else 400.0
    out = []
    for i, (p, text) in enumerate(zip(paras, texts)):
        start = p[0]
        end = paras[i + 1][0] if i + 1 < len(paras) else start + int(round(word_count(text) * ms_per_word))
        out.append(Segment(start, max(start, end), text, p[1], line=p[3]))
    return tuple(out)


def sniff(text: str) -> float:
    lines = [ln.strip() for ln in text[:200_000].split("\n") if ln.strip()]
    if not lines or lines[0].startswith("WEBVTT"):
        return 0.0
    if sum(1 for ln in lines if _STARTING.match(ln)) >= 2:
        return 0.9
    stamped = [ln for ln in lines if _match(ln)]
    if len(stamped) < 3:
        return 0.0
    if sum(1 for ln in stamped if FORMS[0].match(ln)) >= 3:
        return 0.9
    # a chapter list is all stamps and short titles; a transcript has long stamped paragraphs
    long = sum(1 for ln in stamped if word_count(ln) >= 12)
    return 0.75 if long >= max(3, len(stamped) // 3) else 0.0


TRANSCRIPT_FORMATS.register(
    Format("stamped", "stamped paragraphs: transcript pages, (HH:MM:SS) or [HH:MM:SS] stamps, 'Starting point is'",
           (".md", ".txt"), read=read, sniff=sniff)
)
