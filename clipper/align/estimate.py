"""Times for untimed transcripts, estimated from a steady speaking rate.

When only the episode's length is known, each segment gets a share of it proportional to its
length in characters (speech rate varies less per character than per word). Results are marked
as estimates wherever they are shown.
"""
from __future__ import annotations

from ..model import Segment, Transcript


def estimate_times(transcript: Transcript, duration_ms: int, start_ms: int = 0) -> Transcript:
    if duration_ms <= 0:
        raise ValueError("duration must be positive")
    weights = [max(len(s.text.strip()), 1) for s in transcript.segments]
    total = sum(weights)
    span = duration_ms - start_ms
    out = []
    acc = 0
    for seg, wgt in zip(transcript.segments, weights):
        a = start_ms + span * acc // total
        acc += wgt
        b = start_ms + span * acc // total
        out.append(Segment(a, b, seg.text, seg.speaker, (), line=seg.line, turn=seg.turn))
    return transcript.with_segments(out)
