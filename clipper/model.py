"""The data model: one time type (integer milliseconds) from reading to writing.

Readers turn text into these values, writers turn them back into text; everything in between
works on frozen dataclasses and ``int`` milliseconds. Text timestamps exist only in readers and
writers (see ``clipper.timecode``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

Ms = int  # the one time type: whole milliseconds


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word with its time span."""

    start: Ms
    end: Ms
    text: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"word {self.text!r} ends ({self.end}) before it starts ({self.start})")

    @property
    def duration(self) -> Ms:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of speech: a caption cue, a transcript paragraph, or an untimed caption line.

    ``start``/``end`` are ``None`` for untimed transcripts. ``line`` is the 1-based line of the
    source file the segment came from; it is bookkeeping, not content, so it is left out of ``==``.
    ``turn`` says the text marks a new speaker here without naming them (a caption's ``- `` dash or
    ``>>``): a hint for finding where topics change, also left out of ``==``.
    """

    start: Ms | None
    end: Ms | None
    text: str
    speaker: str | None = None
    words: tuple[Word, ...] = ()
    line: int | None = field(default=None, compare=False)
    turn: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValueError("a segment is either timed (start and end) or untimed (neither)")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"segment ends ({self.end}) before it starts ({self.start})")

    @property
    def timed(self) -> bool:
        return self.start is not None

    @property
    def duration(self) -> Ms | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Transcript:
    """Ordered segments of one episode. May be untimed (every segment without times)."""

    segments: tuple[Segment, ...]
    format: str = ""
    source: str | None = field(default=None, compare=False)
    skipped: int = field(default=0, compare=False)  # bad blocks skipped in --lenient mode

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def timed(self) -> bool:
        return bool(self.segments) and all(s.timed for s in self.segments)

    @property
    def start(self) -> Ms | None:
        return self.segments[0].start if self.timed else None

    @property
    def duration(self) -> Ms | None:
        """End of the last segment (the episode timeline starts at 0)."""
        if not self.timed:
            return None
        return max(s.end for s in self.segments)  # type: ignore[type-var]

    @property
    def speakers(self) -> tuple[str, ...]:
        """Speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for s in self.segments:
            if s.speaker:
                seen.setdefault(s.speaker, None)
        return tuple(seen)

    @property
    def word_count(self) -> int:
        return sum(len(s.words) if s.words else len(s.text.split()) for s in self.segments)

    @property
    def has_word_times(self) -> bool:
        return any(s.words for s in self.segments)

    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)

    def with_segments(self, segments: Iterable[Segment]) -> "Transcript":
        return replace(self, segments=tuple(segments))


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a written summary: a heading naming a chapter and its paragraph (may be empty).

    ``start`` is set when the summary already carries a time (an existing chapter list).
    """

    heading: str
    body: str = ""
    start: Ms | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Summary:
    title: str | None
    sections: tuple[Section, ...]
    format: str = ""
    source: str | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.sections)

    @property
    def timed(self) -> bool:
        return bool(self.sections) and all(s.start is not None for s in self.sections)

    @property
    def has_bodies(self) -> bool:
        return any(s.body for s in self.sections)


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter of the episode. ``confidence`` is in [0, 1]; ``notes`` is the section's summary text.

    ``pinned`` says the start is the user's, written into the summary heading ("12:20 Limits of LLM
    scaling"), not found by alignment: its confidence of 1.0 is then no measure of anything. Chapters
    read from a chapter file or a fully timed summary are not pinned: nothing was found around them.
    """

    start: Ms
    end: Ms
    title: str
    confidence: float = 1.0
    notes: str = ""
    url: str | None = None
    img: str | None = None
    pinned: bool = False

    def __post_init__(self) -> None:
        if self.start < 0:
            raise ValueError(f"chapter {self.title!r} starts before 0")
        if self.end < self.start:
            raise ValueError(f"chapter {self.title!r} ends ({self.end}) before it starts ({self.start})")

    @property
    def duration(self) -> Ms:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ChapterList:
    """The chapters of one episode plus what a user should know about them."""

    chapters: tuple[Chapter, ...]
    title: str | None = None  # the episode title
    duration: Ms | None = None  # the episode length when known
    estimated: bool = False  # times estimated from speaking rate, not read from timing
    warnings: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Chapter]:
        return iter(self.chapters)

    def __len__(self) -> int:
        return len(self.chapters)

    def __getitem__(self, i: int) -> Chapter:
        return self.chapters[i]
