"""Finding where each summary section starts in the transcript.

``find_chapters(transcript, summary, options)`` is the library entry point; the engine itself
(``clipper.align.engine``) is a pure function of arrays.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Chapter, ChapterList, Summary, Transcript

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class AlignOptions:
    min_chapter_ms: int = 10_000  # YouTube's floor
    semantic: bool = False  # sentence embeddings (extra: clipper[semantic])
    duration_ms: int | None = None  # for untimed transcripts: estimate times from speaking rate
    low_confidence: float = 0.35  # chapters below this are listed as warnings


def find_chapters(
    transcript: Transcript,
    summary: Summary,
    options: AlignOptions = AlignOptions(),
    *,
    progress: Progress | None = None,
) -> ChapterList:
    """PLACEHOLDER until the engine lands: spreads sections evenly. Interface is final."""
    n = len(summary.sections)
    dur = transcript.duration or options.duration_ms or n * 60_000
    chapters = []
    for i, s in enumerate(summary.sections):
        start = dur * i // n
        end = dur * (i + 1) // n
        chapters.append(Chapter(start=start, end=end, title=s.heading, confidence=0.0, notes=s.body))
    return ChapterList(tuple(chapters), title=summary.title, duration=dur, estimated=True)
