"""Candidate units: the places a chapter may start, with the facts the boundary prior needs.

A unit starts at a speaker turn or a sentence start, never mid-sentence. Paragraph-level
transcripts give one unit per paragraph; caption-level ones (short cues, word times) are merged
into units of about ``target_ms`` that break only at turns and sentence ends.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Transcript

_SENT_END = re.compile(r"[.?!…][\"'”’)\]]*$")
UNPUNCTUATED_TARGET_MS = 5_000  # without punctuation: short units, so a start can fall between any two cues
UNPUNCTUATED_PAUSE_MS = 300  # ... and a unit of target length ends at the next pause this long
MAX_UNIT_MS = 60_000  # no unit grows past a minute, even when a sentence runs on


@dataclass(frozen=True, slots=True)
class Unit:
    start: int  # ms
    end: int  # ms
    text: str
    speaker: str | None
    turn: bool  # the speaker changed here (a new name, or a caption's mark of an unnamed new speaker)
    sentence_start: bool  # the previous text ended a sentence (or this is a turn)
    pause_ms: int  # silence before this unit, when the timing shows it (0 otherwise)
    segment: int  # index of the transcript segment the unit starts in
    line: int | None  # source line of that segment


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    text: str
    speaker: str | None
    segment: int
    line: int | None
    turn: bool = False  # the segment marks an unnamed new speaker, and this is its first piece


def _pieces(transcript: Transcript) -> list[_Piece]:
    """Sentences where word times allow, else whole segments."""
    out: list[_Piece] = []
    for i, seg in enumerate(transcript.segments):
        assert seg.start is not None and seg.end is not None
        first = len(out)
        if seg.words:
            cur: list = []
            for w in seg.words:
                cur.append(w)
                if _SENT_END.search(w.text):
                    out.append(_Piece(cur[0].start, cur[-1].end, " ".join(x.text for x in cur), seg.speaker, i, seg.line))
                    cur = []
            if cur:
                out.append(_Piece(cur[0].start, cur[-1].end, " ".join(x.text for x in cur), seg.speaker, i, seg.line))
        elif seg.text.strip():
            out.append(_Piece(seg.start, seg.end, seg.text, seg.speaker, i, seg.line))
        if seg.turn and len(out) > first:
            out[first] = replace(out[first], turn=True)
    return out


def make_units(transcript: Transcript, target_ms: int = 20_000) -> list[Unit]:
    if not transcript.timed:
        raise ValueError("units need a timed transcript")
    pieces = _pieces(transcript)
    durations = sorted(s.end - s.start for s in transcript.segments)  # type: ignore[operator]
    # Paragraph-level transcripts (a page's stamped paragraphs, with or without word times): every paragraph
    # is a candidate, because editors start chapters at paragraph starts.
    paragraphs = durations[len(durations) // 2] >= 8_000
    # Unpunctuated text (YouTube auto-captions, raw ASR): sentence ends are unknown, so every piece
    # boundary may start a chapter; units then break at pauses once they are long enough.
    punctuated = _punctuated(pieces)
    if not punctuated:
        target_ms = min(target_ms, UNPUNCTUATED_TARGET_MS)
    units: list[Unit] = []
    cur: list[_Piece] = []
    cur_turn = True
    cur_sentence = True
    cur_pause = 0

    def flush() -> None:
        if cur:
            units.append(
                Unit(
                    start=cur[0].start,
                    end=cur[-1].end,
                    text=" ".join(p.text for p in cur),
                    speaker=cur[0].speaker,
                    turn=cur_turn,
                    sentence_start=cur_sentence,
                    pause_ms=cur_pause,
                    segment=cur[0].segment,
                    line=cur[0].line,
                )
            )

    prev: _Piece | None = None
    for p in pieces:
        turn = prev is None or p.turn or (p.speaker != prev.speaker and p.speaker is not None)
        new_segment = prev is not None and p.segment != prev.segment
        sentence = (prev is None or turn or not punctuated or bool(_SENT_END.search(prev.text.strip()))
                    or (paragraphs and new_segment))
        pause = max(0, p.start - prev.end) if prev is not None else 0
        length = (cur[-1].end - cur[0].start) if cur else 0
        long_enough = length >= target_ms and (punctuated or pause >= UNPUNCTUATED_PAUSE_MS or length >= 2 * target_ms)
        if cur and not sentence and length >= max(MAX_UNIT_MS, target_ms):
            # a sentence that runs on for minutes: cut it for the content evidence; no chapter starts here
            flush()
            cur = [p]
            cur_turn, cur_sentence, cur_pause = turn, False, pause
        elif not cur or turn or (sentence and (long_enough or (paragraphs and new_segment))):
            flush()
            cur = [p]
            cur_turn, cur_sentence, cur_pause = turn, sentence, pause
        else:
            cur.append(p)
        prev = p
    flush()
    return units


def _punctuated(pieces: list[_Piece]) -> bool:
    """Does the text mark its sentence ends? At least one per two minutes of speech on average."""
    if not pieces:
        return True
    ends = sum(1 for p in pieces if _SENT_END.search(p.text.strip()))
    span = max(1, pieces[-1].end - pieces[0].start)
    return ends >= max(2, span / 120_000)


def host_speaker(units: list[Unit]) -> str | None:
    """The speaker who takes the most turns: in an interview, the host who asks the questions."""
    turns = Counter(u.speaker for u in units if u.turn and u.speaker)
    if len(turns) < 2:
        return None
    return turns.most_common(1)[0][0]
