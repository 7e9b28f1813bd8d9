"""Clip edges: snap to word boundaries, then into the nearest pause in the audio.

The choosing is pure (``snap_to_words``, ``choose_start``, ``choose_end`` on lists of ``Pause``);
``pauses_near`` is the only I/O: it has ffmpeg decode a few seconds around one edge (seeking before
the input, so nothing else is decoded) to raw PCM, and finds the pauses with
``pydub.silence.detect_silence`` on an ``AudioSegment`` built from those bytes.
"""
from __future__ import annotations

import os
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from .. import ffmpeg as ff
from ..model import Ms, Word
from .commands import PCM_RATE, pcm_window_args

with warnings.catch_warnings():  # pydub warns at import when no ffmpeg is on PATH; we never use its converter
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_silence

SEARCH = 2_000  # look this far either side of an edge for a pause
MIN_PAUSE = 150  # shortest silence that counts as a pause
THRESH_BELOW = 16.0  # a pause is this many dB below the window's average loudness
FLOOR_DBFS = -60.0  # ... but never needs to be quieter than this
CEILING_DBFS = -30.0  # ... and is always at least this quiet


@dataclass(frozen=True, slots=True)
class Pause:
    """Silence from ``start`` to ``end`` (episode ms). An ``open_*`` side touches the analysed window's edge."""

    start: Ms
    end: Ms
    open_start: bool = False
    open_end: bool = False


def snap_to_words(start: Ms, end: Ms, words: Sequence[Word]) -> tuple[int, int] | None:
    """Indices (first, last inclusive) of the words a ``start..end`` range covers, widened so that
    a word cut by either edge is kept whole. ``None`` when no word lies in the range."""
    if end <= start:
        return None
    ends = [w.end for w in words]
    first = bisect_right(ends, start)  # first word ending after start (word ends are in order)
    last = first - 1
    i = first
    while i < len(words) and words[i].start < end:
        last = i
        i += 1
    if first >= len(words) or last < first:
        return None
    return first, last


def choose_start(pauses: Sequence[Pause], at: Ms, padding: Ms) -> Ms | None:
    """Where to start a clip whose first word is estimated at ``at``: inside the pause whose end
    (the speech onset) is nearest ``at``, ``padding`` before the onset but not before the pause."""
    closed = [p for p in pauses if not p.open_end]
    if not closed:
        return None
    p = min(closed, key=lambda p: abs(p.end - at))
    return max(p.start, p.end - padding)


def choose_end(pauses: Sequence[Pause], at: Ms, padding: Ms) -> Ms | None:
    """Where to end a clip whose last word is estimated to end at ``at``: ``padding`` into the pause
    whose start (the speech offset) is nearest ``at``."""
    closed = [p for p in pauses if not p.open_start]
    if not closed:
        return None
    p = min(closed, key=lambda p: abs(p.start - at))
    return min(p.end, p.start + padding)


def pauses_in(segment: AudioSegment, offset: Ms, *, min_pause: Ms = MIN_PAUSE) -> list[Pause]:
    """Pauses in ``segment`` (which starts at ``offset`` in the episode)."""
    if len(segment) < min_pause:
        return []
    level = segment.dBFS
    thresh = FLOOR_DBFS if level == float("-inf") else min(max(level - THRESH_BELOW, FLOOR_DBFS), CEILING_DBFS)
    out = []
    for a, b in detect_silence(segment, min_silence_len=min_pause, silence_thresh=thresh, seek_step=1):
        out.append(Pause(offset + a, offset + b, open_start=a <= 0, open_end=b >= len(segment) - 1))
    return out


def decode_window(ffmpeg: str, audio: str | os.PathLike[str], start: Ms, duration: Ms) -> AudioSegment:
    proc = ff.run(ffmpeg, pcm_window_args(audio, start, duration), capture_stdout=True)
    data = proc.stdout[: len(proc.stdout) // 2 * 2]
    return AudioSegment(data=data, sample_width=2, frame_rate=PCM_RATE, channels=1)


def pauses_near(
    ffmpeg: str, audio: str | os.PathLike[str], at: Ms, *, duration: Ms | None = None, search: Ms = SEARCH,
    min_pause: Ms = MIN_PAUSE,
) -> list[Pause]:
    """Pauses within ``search`` ms of ``at``, decoding only that window of ``audio``."""
    lo = max(0, at - search)
    hi = at + search if duration is None else min(duration, at + search)
    if hi <= lo:
        return []
    seg = decode_window(ffmpeg, audio, lo, hi - lo)
    pauses = pauses_in(seg, lo, min_pause=min_pause)
    # The episode's own start and end are real edges, not the window's.
    return [
        Pause(p.start, p.end, p.open_start and p.start > 0, p.open_end and not (duration and p.end >= duration - 1))
        for p in pauses
    ]
