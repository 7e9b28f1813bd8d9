"""A clip's excerpt: its stretch of the episode decoded once, by seeking, to raw PCM in a temp folder.

Cutting a clip from a long compressed episode costs one seek (which, for MP3, means reading up to
the position) and one decode of the range. The excerpt makes that the only seek and decode of the
episode per clip: the edge windows are then read from it (a few seconds each, straight from the
file, never all of it in memory), and the loudness measurement and the final cut read it again
instead of seeking in the episode two more times.

The excerpt is raw s16le PCM at the episode's sample rate (mono or stereo), so any position in it
is a byte offset and ffmpeg reads it back with exact seeks.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import ffmpeg as ff
from .. import timecode
from ..errors import AudioError
from ..model import Ms
from .commands import excerpt_args
from .edges import Window, segment_from_pcm

SLACK = 40  # ms an excerpt may come up short of what was asked (codec frames, rounding)


@dataclass(frozen=True)
class Excerpt:
    """``path`` holds the episode's audio from ``start`` to ``end`` (episode ms) as raw PCM."""

    path: Path
    start: Ms
    end: Ms
    rate: int
    channels: int

    @property
    def bytes_per_ms(self) -> float:
        return self.rate * self.channels * 2 / 1000

    def _offset(self, t: Ms) -> int:
        frame = 2 * self.channels
        return int((t - self.start) * self.rate / 1000) * frame

    def window(self, lo: Ms, hi: Ms, *, episode_end: Ms | None = None) -> Window | None:
        """The audio from ``lo`` to ``hi`` (clamped to the excerpt), read from the file."""
        lo, hi = max(lo, self.start), min(hi, self.end)
        if hi <= lo:
            return None
        a, b = self._offset(lo), self._offset(hi)
        with open(self.path, "rb") as f:
            f.seek(a)
            data = f.read(b - a)
        seg = segment_from_pcm(data, rate=self.rate, channels=self.channels)
        return Window(seg, lo, at_start=lo == 0, at_end=episode_end is not None and hi >= episode_end)

    def input_args(self, start: Ms, end: Ms) -> list[str]:
        """ffmpeg input options reading ``start..end`` (episode ms) from the excerpt."""
        from .commands import raw_input

        return raw_input(self.path, start - self.start, end - start, rate=self.rate, channels=self.channels)


def extract(
    ffmpeg: str,
    audio: str | os.PathLike[str],
    start: Ms,
    end: Ms,
    folder: str | os.PathLike[str],
    *,
    rate: int,
    channels: int,
    duration: Ms | None = None,
    name: str = "excerpt",
    need: Ms | None = None,
    label: str = "the clip",
) -> Excerpt:
    """Decode ``start..end`` of ``audio`` (seeking first) into ``folder``; ``AudioError`` naming
    ``audio`` when it stops before ``need`` (default ``end``) although its header says it lasts
    longer: a truncated or damaged file. Audio that stops between ``need`` and ``end`` only makes
    the excerpt shorter (``Excerpt.end``): a header's length can be an estimate (MP3 without a
    length tag), and the stretch past ``need`` is only where edges are looked for."""
    start = max(0, start)
    if duration is not None:
        end = min(end, duration)
    if end <= start:
        raise AudioError(
            f"nothing to cut: {timecode.format_clock(start)} is at or past the end of the audio"
            + (f" ({timecode.format_clock(duration)})" if duration is not None else ""), path=str(audio))
    path = Path(folder) / f"{name}.s16le"
    ff.run(ffmpeg, excerpt_args(audio, start, end - start, path, rate=rate, channels=channels))
    size = path.stat().st_size
    got = start + round(size / (rate * channels * 2) * 1000)  # round: 44100 samples are 1000 ms, not 999
    need = end if need is None else min(max(need, start), end)
    if got < need - SLACK:
        clock = timecode.format_clock
        # nothing decoded: all we know is that the audio stops before the seek point
        stops = f"stops before {clock(start)}" if size == 0 else f"stops at {clock(got)}"
        raise AudioError(
            f"the audio {stops}"
            + (f" although its header says it lasts {clock(duration)}" if duration else "")
            + f" ({label} needs it up to {clock(need)}); is the file truncated or damaged?", path=str(audio))
    return Excerpt(path, start, min(got, end), rate, channels)
