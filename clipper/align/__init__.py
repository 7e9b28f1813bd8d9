"""Finding where each summary section starts in the transcript.

``find_chapters(transcript, summary, options)`` is the library entry point. It builds candidate
units (``units``), evidence matrices (``evidence``), and hands arrays to the engine (``engine``), a
pure dynamic programme that places all sections at once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np

from .. import timecode
from ..errors import InputError
from ..model import Chapter, ChapterList, Summary, Transcript
from . import engine, evidence
from .estimate import estimate_times
from .units import Unit, make_units

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class AlignOptions:
    min_chapter_ms: int = 10_000  # YouTube's floor
    semantic: bool = False  # sentence embeddings (extra: clipper[semantic])
    duration_ms: int | None = None  # for untimed transcripts: estimate times from speaking rate
    low_confidence: float = 0.3  # chapters below this are listed as warnings
    weights: evidence.Weights = field(default_factory=evidence.Weights)


# What to do about a chapter in the wrong place (the CLI says it after low-confidence warnings)
PIN_HINT = ("to fix a chapter, write its start into its heading in the summary (\"12:20 Limits of LLM scaling\" "
            "or \"Limits of LLM scaling (12:20)\"): it stays there and the others are found around it")


@dataclass(frozen=True)
class Placement:
    """Where one section landed, with what opened it (for reports)."""

    section: int
    unit: Unit
    confidence: float
    runner_up_ms: int | None  # the best other start more than a window away, if close in score


def _from_timed_summary(summary: Summary, end: int | None, what: str = "the transcript") -> ChapterList:
    """The summary's own times. A chapter starting at or after ``end`` (where ``what`` ends) is an
    ``InputError`` on its line: it cannot be in this episode, and would be printed as is."""
    secs = summary.sections
    chapters = []
    for i, s in enumerate(secs):
        assert s.start is not None
        if end is not None and s.start >= end:
            raise InputError(
                f"chapter {s.heading!r} starts at {timecode.format_hms(s.start)}, but {what} ends at "
                f"{timecode.format_hms(end)}; is this another episode's chapter list?",
                path=summary.source, line=s.line,
            )
        nxt = secs[i + 1].start if i + 1 < len(secs) else (end if end is not None else s.start)
        chapters.append(Chapter(s.start, max(s.start, nxt or s.start), s.heading, 1.0, s.body))
    return ChapterList(tuple(chapters), title=summary.title, duration=end)


def _check_duration(options: AlignOptions) -> None:
    if options.duration_ms is not None and options.duration_ms <= 0:
        shown = timecode.format_hms(options.duration_ms) if options.duration_ms == 0 else f"{options.duration_ms} ms"
        raise InputError(f"the episode's length (--duration) must be positive, not {shown}")




def room_for(times: "np.ndarray | list[int]", end: int, floor_ms: int) -> int:
    """How many chapters fit when each starts at one of ``times`` (the first at 0) and lasts at least
    ``floor_ms``: greedy, earliest start first, which is the most there can be."""
    count, last = 1, 0
    for t in times:
        t = int(t)
        if t - last >= floor_ms and end - t >= floor_ms:
            count, last = count + 1, t
    return count if end >= floor_ms else 0


def _n(count: int, noun: str) -> str:
    """``"1 chapter"``, ``"3 chapters"``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _coarse_timing(transcript: Transcript, units: list[Unit], times, end: int, k: int, floor_ms: int,
                   estimated: bool) -> str:
    """Why ``k`` chapters do not fit although the length would hold them: a chapter starts only where a
    unit does (a cue, a paragraph, a sentence when words are timed), and there are too few of them,
    or too close together for chapters of ``floor_ms``."""
    room = room_for(times, end, floor_ms)
    places = len(units)
    segments = sum(1 for s in transcript.segments if s.text.strip())
    piece = _PIECE.get(transcript.format, "cue or paragraph")
    if places != segments:
        where = ""
    elif places == 1:
        where = f", at the start of its one {piece}"
    else:
        where = f", at the start of each {piece}"
    fix = ("give it more lines, or times (--timing-from)" if estimated
           else "give it finer segments (shorter cues or paragraphs) or word times")
    if places < k:
        head = f"the transcript has only {_n(places, 'place')} a chapter can start{where}"
    else:  # enough places, but too close together for the floor
        head = (f"the transcript's {_n(places, 'place')} a chapter can start{where} are too close together "
                f"for chapters of at least {floor_ms / 1000:g} s (--min-chapter)")
        fix += " or a lower --min-chapter"
    return (f"{head}: room for {_n(room, 'chapter')}, not {k}, although its {timecode.format_hms(end)} would "
            f"hold {k}; {fix}" + (" (its times are estimates)" if estimated else ""))


_PIECE = {"vtt": "cue", "srt": "cue", "plaintext": "line", "stamped": "paragraph"}  # what a segment is called


SPEECH_WPM = (90, 240)  # words a minute that people speak at in conversation (150-180 typical)


def speaking_rate_note(words: int, duration_ms: int) -> str | None:
    """A warning when an untimed transcript cannot fill the given length at a human speaking rate
    (a cut-off copy, a preview) or holds too much for it (the wrong duration): estimates would be far off."""
    minutes = duration_ms / 60_000
    if minutes <= 0 or words <= 0:
        return None
    wpm = words / minutes
    lo, hi = SPEECH_WPM
    if lo <= wpm <= hi:
        return None
    speech = words / 160
    what = ("the transcript may be incomplete (a preview or a cut-off copy)" if wpm < lo
            else "the duration may be too short for this transcript")
    return (f"{words:,} words in {timecode.format_hms(duration_ms)} is {wpm:.0f} words a minute; people speak at "
            f"{lo}-{hi} (about {timecode.format_hms(int(speech * 60_000))} of speech at 160): {what}, "
            f"so the estimated times will be far off")


DURATION_SHORT_SLACK = 5_000  # ms: a --duration this much shorter than a timed transcript is a mistake
DURATION_LONG_SLACK = 60_000  # ms: an episode may run on past the last words (outro music); more is a cut-off copy


def duration_note(transcript_end: int | None, duration_ms: int | None) -> str | None:
    """A warning when ``--duration`` disagrees with a timed transcript's length: its times decide where
    chapters start whatever the duration says, so a shorter one is ignored (chapters past it), and a
    much longer one means the transcript holds only part of the episode (chapters crammed into it)."""
    if transcript_end is None or duration_ms is None:
        return None
    given, own = timecode.format_hms(duration_ms), timecode.format_hms(transcript_end)
    if transcript_end - duration_ms > DURATION_SHORT_SLACK:
        return f"--duration {given} is shorter than the transcript ({own}); chapters follow the transcript's times"
    if duration_ms - transcript_end > DURATION_LONG_SLACK:
        return (f"--duration {given} is longer than the transcript ({own}): is it a preview or a cut-off copy? "
                f"chapters follow the transcript's times, and the last one runs to {given}")
    return None


def _pins(summary: Summary, sections, end: int, floor_ms: int) -> tuple[dict[int, int], list[str]]:
    """The sections whose headings state their start (``12:20 Limits of LLM scaling``): ``{index: ms}``, and
    notes. A pin after the episode's end, before a pin above it, or too close to it for the chapters between
    (each at least ``floor_ms``) is an ``InputError`` on its line; the first chapter starts at 0 whatever its
    pin says (a note)."""
    pins: dict[int, int] = {}
    notes: list[str] = []
    last_j, last_at = 0, 0
    for j, sec in enumerate(sections):
        if sec.start is None:
            continue
        at = int(sec.start)
        if j == 0:
            if at:
                notes.append(f"the first chapter starts at 00:00:00 (YouTube needs it), not at its pinned "
                             f"{timecode.format_hms(at)}")
            continue
        if at >= end:
            raise InputError(f"{sec.heading!r} is pinned at {timecode.format_hms(at)}, but the transcript ends at "
                             f"{timecode.format_hms(end)}", path=summary.source, line=sec.line)
        if at - last_at < (j - last_j) * floor_ms:
            above = "the first chapter" if last_j == 0 and not pins else repr(sections[last_j].heading)
            said = f"{sec.heading!r} is pinned at {timecode.format_hms(at)}"
            if at > last_at:
                why = (f"too close to {above} at {timecode.format_hms(last_at)}: {_n(j - last_j, 'chapter')} of at "
                       f"least {floor_ms / 1000:g} s (--min-chapter) must fit between them")
            elif at == last_at:
                why = f"where {above} starts: each chapter needs a start of its own"
            else:
                why = f"before {above} at {timecode.format_hms(last_at)}: sections keep their order"
            raise InputError(f"{said}, {why}", path=summary.source, line=sec.line)
        pins[j] = at
        last_j, last_at = j, at
    if (len(sections) - last_j) * floor_ms > end - last_at:
        raise InputError(f"the last pin leaves {timecode.format_hms(end - last_at)} for "
                         f"{_n(len(sections) - last_j, 'chapter')} of at least {floor_ms / 1000:g} s",
                         path=summary.source, line=sections[last_j].line)
    return pins, notes


def _pinned(units: list[Unit], times: np.ndarray, emission: np.ndarray, boundary: np.ndarray,
            pins: dict[int, int]) -> tuple[list[Unit], np.ndarray, np.ndarray, np.ndarray]:
    """The engine's arrays with each pinned section able to start only at its pin: a unit starting there
    (the one that holds the pin split in two, its emission shared by time) and no other. The other sections
    are then found around the pins, each at least the floor from them, as the engine keeps every chapter."""
    units, boundary, emission = list(units), boundary.copy(), emission.copy()
    for j, at in sorted(pins.items(), key=lambda p: p[1]):
        u = int(np.searchsorted(times, at, side="left"))
        if u == len(times) or times[u] != at:  # split the unit the pin falls in
            before = units[u - 1]
            span = max(1, before.end - before.start)
            share = min(1.0, max(0.0, (at - before.start) / span))
            col = emission[:, u - 1].copy()
            emission[:, u - 1] = col * share
            emission = np.insert(emission, u, col * (1 - share), axis=1)
            boundary = np.insert(boundary, u, engine.NEG, axis=1)
            times = np.insert(times, u, at)
            units.insert(u, replace(before, start=at, turn=False, sentence_start=False, pause_ms=0))
            units[u - 1] = replace(before, end=at)
        boundary[j, :] = engine.NEG
        boundary[j, u] = 0.0
    return units, times, emission, boundary


def place(
    transcript: Transcript,
    summary: Summary,
    options: AlignOptions = AlignOptions(),
    *,
    progress: Progress | None = None,
) -> tuple[ChapterList, list[Placement]]:
    """Align the summary's sections to the transcript; the chapters and how each was placed."""
    report = progress or (lambda step, frac: None)
    sections = list(summary.sections)
    if not sections:
        raise InputError("the summary has no sections", path=summary.source)
    _check_duration(options)
    estimated = False
    if not transcript.timed:
        if options.duration_ms is None:
            raise InputError(
                "the transcript has no times: give --duration or --audio to estimate them, "
                "or --timing-from a timed transcript of the same episode",
                path=transcript.source,
            )
        rate_note = speaking_rate_note(transcript.word_count, options.duration_ms)
        transcript = estimate_times(transcript, options.duration_ms)
        estimated = True
    if not transcript.segments:
        raise InputError("the transcript has no text", path=transcript.source)
    report("units", 0.1)
    units = make_units(transcript)
    end = int(transcript.duration or 0)
    if options.duration_ms:
        end = max(end, options.duration_ms)
    K = len(sections)
    what = "the episode" if options.duration_ms and options.duration_ms >= int(transcript.duration or 0) else \
        "the transcript"
    if K * options.min_chapter_ms > end:
        raise InputError(
            f"{what} is too short for {_n(K, 'chapter')}: {_n(K, 'chapter')} of at least "
            f"{options.min_chapter_ms / 1000:g} s (--min-chapter) need {timecode.format_hms(K * options.min_chapter_ms)} "
            f"and do not fit in its {timecode.format_hms(end)}",
            # the file at fault: the transcript when its length is the limit, else the summary's sections
            path=transcript.source if what == "the transcript" else summary.source,
        )
    report("evidence", 0.3)
    ev = evidence.build(units, sections, options.weights)
    emission, boundary = ev.emission, ev.boundary
    if options.semantic:
        from . import semantic

        report("embeddings", 0.5)
        sem_e, sem_b = semantic.evidence(units, sections, options.weights)
        emission, boundary = emission + sem_e, boundary + sem_b
    report("alignment", 0.8)
    times = np.array([u.start for u in units], dtype=np.int64)
    times[0] = 0  # the first chapter starts at 0 whatever the first words' time
    pins, pin_notes = _pins(summary, sections, end, options.min_chapter_ms)
    if pins:
        units, times, emission, boundary = _pinned(units, times, emission, boundary, pins)
    try:
        result = engine.align(emission, boundary, times, end, options.min_chapter_ms)
    except ValueError as e:
        if "too short" not in str(e):
            raise InputError(str(e), path=transcript.source) from None
        if pins:
            first = sections[min(pins)]
            raise InputError(
                f"the pinned starts leave no place for the chapters between them: each needs a turn or sentence of "
                f"the transcript to start at, at least {options.min_chapter_ms / 1000:g} s from its neighbours "
                f"(--min-chapter); move a pin or lower --min-chapter", path=summary.source, line=first.line) from None
        raise InputError(_coarse_timing(transcript, units, times, end, K, options.min_chapter_ms, estimated),
                         path=transcript.source) from None
    conf = engine.confidence(result.marginals, times, result.starts, scale=2.0, window_ms=10_000)
    starts = [0] + [int(times[i]) for i in result.starts[1:]]
    chapters, placements, warnings = [], [], []
    repeated = Counter(sec.heading for sec in sections)  # "Post-training" twice: warnings say which one
    for j, sec in enumerate(sections):
        s = starts[j]
        e = starts[j + 1] if j + 1 < K else end
        c = float(conf[j]) if j and j not in pins else 1.0  # a pinned start is the user's, not a guess
        unsupported = j and j not in pins and ev.heading_found[j] == 0 and not sec.body
        if unsupported:
            c = min(c, 0.25)  # placed only by where the neighbours are
        c = round(c, 3)
        # pinned: its start came from the heading (a first section pinned anywhere but 0 starts at 0 all the same)
        pinned = j in pins or (j == 0 and sec.start == 0)
        chapters.append(Chapter(s, e, sec.heading, c, sec.body, pinned=pinned))
        m = result.marginals[j]
        far = np.abs(times - s) > 10_000
        runner = None
        if j and far.any() and np.max(np.where(far, m, engine.NEG)) > engine.NEG / 2:
            runner = int(times[int(np.argmax(np.where(far, m, engine.NEG)))])
        placements.append(Placement(j, units[result.starts[j]], c, runner))
        if j and c < options.low_confidence:
            if unsupported:
                why = "no word of the heading occurs in the transcript"
            elif runner is not None:
                why = f"another start at {timecode.format_hms(runner)} scores nearly as well"
            else:
                why = "weak evidence"
            name = f"{sec.heading!r}" + (f" (section {j + 1})" if repeated[sec.heading] > 1 else "")
            warnings.append(f"low confidence ({c:.2f}) for {name} at {timecode.format_hms(s)}: {why}")
    warnings[:0] = pin_notes
    if estimated:
        warnings.insert(0, "times are estimates from the speaking rate (the transcript has no timing)")
        if rate_note:
            warnings.insert(1, rate_note)
    report("done", 1.0)
    cl = ChapterList(tuple(chapters), title=summary.title, duration=end, estimated=estimated, warnings=tuple(warnings))
    return cl, placements


def find_chapters(
    transcript: Transcript,
    summary: Summary,
    options: AlignOptions = AlignOptions(),
    *,
    progress: Progress | None = None,
) -> ChapterList:
    """Chapters for the summary's sections. A summary that already carries times is used as it is,
    except that a chapter starting after the episode ends (the transcript's end, or ``duration_ms``
    when longer) is an ``InputError``."""
    _check_duration(options)
    if summary.timed:
        t_end = transcript.duration if transcript.timed else None
        if options.duration_ms is not None and (t_end is None or options.duration_ms >= t_end):
            return _from_timed_summary(summary, options.duration_ms, "the episode")
        return _from_timed_summary(summary, t_end, "the transcript")
    return place(transcript, summary, options, progress=progress)[0]
