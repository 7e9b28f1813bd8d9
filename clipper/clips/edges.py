"""Clip edges: snap to word boundaries, then into the nearest pause in the audio.

The promise: a cut never falls inside a word of the clip. An edge may move outward from the
transcript's times (into a pause, into padding) but never inward past the first word's start or the
last word's end as the transcript gives them, whatever the audio seems to say: every chooser here
clamps its answer to those times (``outward_start``/``outward_end``).

The choosing is pure (``snap_to_words``, ``choose_start``, ``choose_end`` on lists of ``Pause``);
the audio comes in as short pydub ``AudioSegment`` windows a few seconds long around one edge.
``pauses_in`` finds the pauses with ``pydub.silence.detect_silence``; ``quietest`` finds the
quietest instant when there is no pause between two words (speech run together), so that even
then a clip does not start or end inside a word. When the sound between the words is steady (music
under the speech, a test tone: no instant at least ``MIN_DIP_DB`` quieter than the rest, see ``dip``)
the audio says nothing about where the words meet, and the edge goes by the transcript's times:
``padding`` outward from the word, up to the neighbouring word and never into it. So it does when
the whole window is silent (``is_silent``: digital silence, a silent track, the wrong file): there
is no pause to find in it, only silence, and the note says so.

Windows are either decoded by ffmpeg from the episode alone (``decode_window``, seeking before the
input so nothing else is decoded) or read from a clip's excerpt (``clipper.clips.excerpt``).
"""
from __future__ import annotations

import math
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
    warnings.simplefilter("ignore", DeprecationWarning)  # audioop, on Python 3.11-3.12
    from pydub import AudioSegment
    from pydub.silence import detect_silence
    from pydub.utils import db_to_float

SEARCH = 2_000  # look this far either side of an edge for a pause
MIN_PAUSE = 150  # shortest silence that counts as a pause
TOLERANCE = 200  # how far the audio's word boundary may be from the transcript's times
THRESH_BELOW = 16.0  # a pause is this many dB below the window's average loudness
FLOOR_DBFS = -60.0  # ... but never needs to be quieter than this
CEILING_DBFS = -30.0  # ... and is always at least this quiet
FRAME = 10  # ms: the step of ``quietest`` and of sharpening a pause's edges
SEEK_STEP = 5  # ms between the stretches ``detect_silence`` tests (edges are then sharpened to 1 ms)
# The quietest instant between two words marks where they meet only when it is this much quieter
# than the loudest frame around it. Measured: a 300 Hz tone (8 kbit/s MP3) varies by 0.1 dB from frame
# to frame, white noise by about 1 dB; a gap between words run together is silence or far below them.
MIN_DIP_DB = 3.0
# A window whose loudest sample is at most this loud is silent: nothing in it to find an edge by.
# (A quiet recording is far louder: a tone at -60 dBFS peaks at -60 dBFS.)
SILENT_DBFS = -70.0

NOTE_QUIETEST_START = "no pause before the first word: cut at the quietest instant between words"
NOTE_QUIETEST_END = "no pause after the last word: cut at the quietest instant between words"
NOTE_STEADY_START = ("no pause before the first word, and the sound there is steady: cut by the transcript's times, "
                     "padded but not into the word before")
NOTE_STEADY_END = ("no pause after the last word, and the sound there is steady: cut by the transcript's times, "
                   "padded but not into the word after")
NOTE_SILENT_START = ("the audio around the first word is silent: cut by the transcript's times, "
                     "padded but not into the word before")
NOTE_SILENT_END = ("the audio around the last word is silent: cut by the transcript's times, "
                   "padded but not into the word after")


@dataclass(frozen=True, slots=True)
class Pause:
    """Silence from ``start`` to ``end`` (episode ms). An ``open_*`` side touches the analysed window's
    edge (the silence may go on beyond it), unless that edge is the episode's own start or end."""

    start: Ms
    end: Ms
    open_start: bool = False
    open_end: bool = False


@dataclass(frozen=True)
class Window:
    """A stretch of the episode's audio: ``segment`` starts at ``offset`` (episode ms).

    ``at_start``/``at_end``: the window's first/last sample is the episode's own start/end.
    """

    segment: AudioSegment
    offset: Ms
    at_start: bool = False
    at_end: bool = False

    @property
    def end(self) -> Ms:
        return self.offset + len(self.segment)


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


def _between(p: Pause, lo: Ms | None, hi: Ms | None) -> bool:
    return (lo is None or p.end >= lo) and (hi is None or p.start <= hi)


def outward_start(t: Ms, at: Ms) -> Ms:
    """A clip start never later than its first word's start ``at`` (transcript time)."""
    return max(0, min(t, at))


def outward_end(t: Ms, at: Ms) -> Ms:
    """A clip end never earlier than its last word's end ``at`` (transcript time)."""
    return max(t, at)


def choose_start(pauses: Sequence[Pause], at: Ms, padding: Ms, *, after: Ms | None = None,
                 tolerance: Ms = TOLERANCE, reach: Ms | None = None) -> Ms | None:
    """Where to start a clip whose first word is estimated at ``at`` (the word before it ending at
    ``after``): inside the pause between the two whose end (the speech onset) is nearest ``at``,
    ``padding`` before the onset but not before the pause, and never after ``at``. Only pauses that
    begin before ``at`` and reach into ``after - reach .. at + tolerance`` count: a pause inside
    the first word would cut it, one inside the word before would add that word (``reach``, by
    default ``tolerance``, is at most half that word: see ``reach_into``). ``None`` when there is
    no such pause."""
    lo = None if after is None else min(after, at) - (tolerance if reach is None else reach)
    closed = [p for p in pauses if not p.open_end and p.start < at and _between(p, lo, at + tolerance)]
    if not closed:
        return None
    p = min(closed, key=lambda p: (abs(p.end - at), -p.end))
    return outward_start(max(p.start, p.end - padding), at)


def choose_end(pauses: Sequence[Pause], at: Ms, padding: Ms, *, before: Ms | None = None,
               tolerance: Ms = TOLERANCE, reach: Ms | None = None) -> Ms | None:
    """Where to end a clip whose last word is estimated to end at ``at`` (the next word starting at
    ``before``): ``padding`` into the pause between the two whose start (the speech offset) is
    nearest ``at``, and never before ``at``. Only pauses that end after ``at`` and begin before
    ``before + reach`` count. ``None`` when there is no such pause."""
    hi = None if before is None else max(before, at) + (tolerance if reach is None else reach)
    closed = [p for p in pauses if not p.open_start and p.end > at and _between(p, at - tolerance, hi)]
    if not closed:
        return None
    p = min(closed, key=lambda p: (abs(p.start - at), p.start))
    return outward_end(min(p.end, p.start + padding), at)


def threshold(segment: AudioSegment) -> float:
    """The silence threshold (dBFS) for a window: well below its average level, within bounds."""
    level = segment.dBFS
    if level == float("-inf"):
        return FLOOR_DBFS
    return min(max(level - THRESH_BELOW, FLOOR_DBFS), CEILING_DBFS)


def _sharpen(seg: AudioSegment, a: Ms, b: Ms, limit: float, frame: Ms = FRAME) -> tuple[Ms, Ms]:
    """The edges of the silence around the middle of ``a..b``, to the millisecond.

    ``detect_silence`` judges ``min_pause``-long stretches, so a quiet word ending (or a soft onset)
    inside such a stretch passes for silence: its edges can be tens of ms inside the speech. Here
    the silence is walked outward from its middle in ``frame``-long steps while each frame stays
    under the threshold, and the last step is refined by 1 ms.
    """
    def silent(i: int, j: int) -> bool:
        return seg[i:j].rms <= limit

    n = len(seg)
    t = (a + b) // 2
    while t - frame >= 0 and silent(t - frame, t):
        t -= frame
    start = 0 if t - frame < 0 and silent(0, t) else t
    if t - frame >= 0:
        start = next((s for s in range(t - frame + 1, t + 1) if silent(s, s + frame)), t)
    t = (a + b) // 2
    while t + frame <= n and silent(t, t + frame):
        t += frame
    end = n if t + frame > n and silent(t, n) else t
    if t + frame <= n:
        end = next((e for e in range(t + frame - 1, t - 1, -1) if silent(e - frame, e)), t)
    return start, max(start, end)


def pauses_in(window: Window | AudioSegment, offset: Ms = 0, *, min_pause: Ms = MIN_PAUSE) -> list[Pause]:
    """Pauses at least ``min_pause`` long in ``window`` (a bare segment starts at ``offset``): found
    by ``pydub.silence.detect_silence``, their edges then sharpened (``_sharpen``)."""
    if not isinstance(window, Window):
        window = Window(window, offset)
    seg = window.segment
    if len(seg) < min_pause:
        return []
    thresh = threshold(seg)
    limit = db_to_float(thresh) * seg.max_possible_amplitude
    out = []
    for a, b in detect_silence(seg, min_silence_len=min_pause, silence_thresh=thresh, seek_step=SEEK_STEP):
        a, b = _sharpen(seg, a, b, limit)
        out.append(Pause(window.offset + a, window.offset + b,
                         open_start=a <= 0 and not window.at_start,
                         open_end=b >= len(seg) - 1 and not window.at_end))
    return out


def quietest(window: Window, lo: Ms, hi: Ms, *, frame: Ms = FRAME) -> Ms | None:
    """The middle of the quietest ``frame`` ms in ``lo..hi`` (episode ms) of ``window``, or ``None``
    when that stretch is not in the window."""
    seg = window.segment
    a, b = max(0, lo - window.offset), min(len(seg), hi - window.offset)
    if b - a < frame:
        return None
    best, where = None, a
    for i in range(a, b - frame + 1, max(1, frame // 2)):
        rms = seg[i: i + frame].rms
        if best is None or rms < best:
            best, where = rms, i
    return window.offset + where + frame // 2


def dip(window: Window, lo: Ms, hi: Ms, *, frame: Ms = FRAME) -> float | None:
    """How much quieter (dB) the quietest ``frame`` ms of ``lo..hi`` is than the loudest (``inf``:
    the quietest is digital silence under sound; 0: all silent or all alike), or ``None`` when that
    stretch is not in the window. The frames are those ``quietest`` compares."""
    seg = window.segment
    a, b = max(0, lo - window.offset), min(len(seg), hi - window.offset)
    if b - a < frame:
        return None
    levels = [seg[i: i + frame].rms for i in range(a, b - frame + 1, max(1, frame // 2))]
    low, high = min(levels), max(levels)
    if high == 0:
        return 0.0
    return float("inf") if low == 0 else 20 * math.log10(high / low)


def is_silent(window: Window) -> bool:
    """Whether no sample of ``window`` is louder than ``SILENT_DBFS`` (an empty window is silent)."""
    return window.segment.max_dBFS <= SILENT_DBFS


def segment_from_pcm(data: bytes, *, rate: int, channels: int = 1) -> AudioSegment:
    frame = 2 * channels
    return AudioSegment(data=data[: len(data) // frame * frame], sample_width=2, frame_rate=rate, channels=channels)


def decode_window(ffmpeg: str, audio: str | os.PathLike[str], start: Ms, duration: Ms) -> AudioSegment:
    """``duration`` ms of ``audio`` from ``start`` as mono 16 kHz, decoded by ffmpeg from that window alone."""
    proc = ff.run(ffmpeg, pcm_window_args(audio, start, duration), capture_stdout=True)
    return segment_from_pcm(proc.stdout, rate=PCM_RATE)


def window_near(ffmpeg: str, audio: str | os.PathLike[str], at: Ms, *, duration: Ms | None = None,
                search: Ms = SEARCH) -> Window | None:
    """The audio within ``search`` ms of ``at``, decoded from that window alone."""
    lo = max(0, at - search)
    hi = at + search if duration is None else min(duration, at + search)
    if hi <= lo:
        return None
    seg = decode_window(ffmpeg, audio, lo, hi - lo)
    return Window(seg, lo, at_start=lo == 0, at_end=duration is not None and hi >= duration)


def pauses_near(
    ffmpeg: str, audio: str | os.PathLike[str], at: Ms, *, duration: Ms | None = None, search: Ms = SEARCH,
    min_pause: Ms = MIN_PAUSE,
) -> list[Pause]:
    """Pauses within ``search`` ms of ``at``, decoding only that window of ``audio``."""
    w = window_near(ffmpeg, audio, at, duration=duration, search=search)
    return [] if w is None else pauses_in(w, min_pause=min_pause)


def reach_into(word: Word | None, tolerance: Ms = TOLERANCE) -> Ms | None:
    """How far past a neighbouring word's boundary an edge may look for a pause: ``tolerance``
    (the transcript's times may be that far off), but at most half the word, so that the pause on
    its far side (a short word said between two pauses) does not take the word into the clip."""
    return None if word is None else min(tolerance, max(0, word.end - word.start) // 2)


def start_edge(window: Window | None, at: Ms, padding: Ms, *, after: Ms | None,
               tolerance: Ms = TOLERANCE, min_pause: Ms = MIN_PAUSE, reach: Ms | None = None,
               ) -> tuple[Ms, str | None]:
    """The start of a clip whose first word starts at ``at`` and whose previous word ends at
    ``after`` (``None``: no word before): in a pause when there is one, else at the quietest
    instant before ``at`` (back to a little before the previous word's end) when it is a real dip,
    else by the transcript's times (``padding`` before ``at``, not before ``after``); never after
    ``at``. A silent window (``is_silent``) goes by the transcript's times too. Returns the time
    and a note when no pause was found."""
    fallback = at - padding if after is None else min(at, max(after, at - padding))
    if window is not None and is_silent(window):
        return outward_start(fallback, at), NOTE_SILENT_START
    if window is not None:
        got = choose_start(pauses_in(window, min_pause=min_pause), at, padding, after=after, tolerance=tolerance,
                           reach=reach)
        if got is not None:
            return got, None
        back = tolerance // 2 if reach is None else min(reach, tolerance // 2)
        lo = at - padding if after is None else min(after, at) - back
        hi = at + FRAME // 2  # the last frame centred on ``at``
        q = quietest(window, lo, hi)
        if q is not None:
            if (dip(window, lo, hi) or 0.0) >= MIN_DIP_DB:
                return outward_start(q, at), NOTE_QUIETEST_START
            return outward_start(fallback, at), NOTE_STEADY_START
        return outward_start(fallback, at), "no pause before the first word: cut by the transcript's times"
    return outward_start(fallback, at), "no audio analysed: the clip starts at the transcript's word boundary"


def end_edge(window: Window | None, at: Ms, padding: Ms, *, before: Ms | None,
             tolerance: Ms = TOLERANCE, min_pause: Ms = MIN_PAUSE, reach: Ms | None = None,
             ) -> tuple[Ms, str | None]:
    """The end of a clip whose last word ends at ``at`` and whose next word starts at ``before``:
    as ``start_edge``, mirrored; never before ``at``."""
    fallback = at + padding if before is None else max(at, min(before, at + padding))
    if window is not None and is_silent(window):
        return outward_end(fallback, at), NOTE_SILENT_END
    if window is not None:
        got = choose_end(pauses_in(window, min_pause=min_pause), at, padding, before=before, tolerance=tolerance,
                         reach=reach)
        if got is not None:
            return got, None
        on = tolerance // 2 if reach is None else min(reach, tolerance // 2)
        hi = at + padding if before is None else max(before, at) + on
        lo = at - FRAME // 2
        q = quietest(window, lo, hi)
        if q is not None:
            if (dip(window, lo, hi) or 0.0) >= MIN_DIP_DB:
                return outward_end(q, at), NOTE_QUIETEST_END
            return outward_end(fallback, at), NOTE_STEADY_END
        return outward_end(fallback, at), "no pause after the last word: cut by the transcript's times"
    return outward_end(fallback, at), "no audio analysed: the clip ends at the transcript's word boundary"
