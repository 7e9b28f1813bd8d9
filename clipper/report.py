"""The run report: one self-contained HTML page (inline CSS and SVG, no scripts, no external URLs).

``build(result, inputs, transcript)`` gathers what the page shows into a ``ReportData``;
``render_report(data)`` is a pure function of it (template ``report.html.j2``, autoescaped). The
timeline geometry is computed here, in plain numbers, so the template only places shapes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import timecode
from .model import ChapterList, Transcript
from .templating import render

if TYPE_CHECKING:
    from .pipeline import EpisodeInputs, RunResult

TEMPLATE = "report.html.j2"
WIDTH = 1000.0  # SVG user units across the whole episode
OPENING_CHARS = 200
PINNED_FILL = "#8a939d"  # a neutral grey: a pinned chapter's start is the user's, it has no confidence to colour
PINNED = "pinned in the summary"
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac")


@dataclass(frozen=True)
class ChapterRow:
    number: int
    start: int
    end: int
    title: str
    confidence: float
    speaker: str | None = None  # who spoke the transcript line that opened the chapter
    opening: str = ""  # its first ~200 characters
    line: int | None = None  # its line in the transcript file
    reference: int | None = None  # the matched reference start, when scored
    error_s: float | None = None
    pinned: bool = False  # its start was written into the summary heading, not found (``confidence`` means nothing)


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str


@dataclass(frozen=True)
class ClipMark:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the report's folder, with / separators
    size: int | None


@dataclass(frozen=True)
class ReportData:
    title: str
    duration: int  # ms
    chapters: tuple[ChapterRow, ...]
    turns: tuple[Turn, ...] = ()
    clips: tuple[ClipMark, ...] = ()
    warnings: tuple[str, ...] = ()
    accuracy: str | None = None  # evaluate.Score.summary_line()
    reference_name: str | None = None
    files: tuple[OutputFile, ...] = ()
    transcript_name: str = ""
    estimated: bool = False


# --- pure helpers ------------------------------------------------------------------------------


def confidence_colour(c: float) -> str:
    """Red (0) through amber to green (1)."""
    c = min(1.0, max(0.0, c))
    return f"hsl({round(120 * c)}, 65%, {round(52 - 8 * c)}%)"


def band_fill(row: ChapterRow) -> str:
    """A chapter's colour: its confidence's, or neutral grey when the user pinned its start."""
    return PINNED_FILL if row.pinned else confidence_colour(row.confidence)


def speaker_turns(transcript: Transcript) -> tuple[Turn, ...]:
    """Consecutive segments of one speaker as one turn; a turn lasts until the next one starts."""
    turns: list[list] = []
    for seg in transcript.segments:
        if seg.start is None or seg.end is None or not seg.speaker:
            continue
        if turns and turns[-1][2] == seg.speaker:
            turns[-1][1] = max(turns[-1][1], seg.end)
            continue
        if turns:
            turns[-1][1] = max(turns[-1][0], seg.start)
        turns.append([seg.start, seg.end, seg.speaker])
    return tuple(Turn(s, e, sp) for s, e, sp in turns)


def opening(text: str, limit: int = OPENING_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def timeline(data: ReportData) -> dict:
    """Shapes for the SVG: chapter bands, reference ticks, clip markers, speaker lanes, hour ticks."""
    dur = max(1, data.duration, *(c.end for c in data.chapters), *(t.end for t in data.turns))

    def x(ms: int) -> float:
        return round(WIDTH * min(max(ms, 0), dur) / dur, 2)

    bands = [
        {"x": x(c.start), "w": max(0.5, round(x(c.end) - x(c.start), 2)), "fill": band_fill(c),
         "number": c.number, "pinned": c.pinned,
         "tip": f"{c.number}. {c.title} ({timecode.format_hms(c.start)}, "
                + (f"{PINNED})" if c.pinned else f"confidence {c.confidence:.2f})")}
        for c in data.chapters
    ]
    speakers = list(dict.fromkeys(t.speaker for t in data.turns))
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}
    lanes = [
        {"x": x(t.start), "w": max(0.3, round(x(t.end) - x(t.start), 2)), "fill": colours[t.speaker],
         "tip": f"{t.speaker} {timecode.format_hms(t.start)}"}
        for t in data.turns
    ]
    clips = [{"x": x(c.start), "tip": f"clip {c.label} {timecode.format_hms(c.start)}"} for c in data.clips]
    refs = [{"x": x(c.reference), "tip": f"reference {timecode.format_hms(c.reference)}"}
            for c in data.chapters if c.reference is not None]
    step = 3_600_000 if dur > 2 * 3_600_000 else 600_000 if dur > 1_200_000 else 60_000
    ticks = [{"x": x(t), "label": timecode.format_youtube(t)} for t in range(0, dur + 1, step)]
    return {"bands": bands, "lanes": lanes, "clips": clips, "refs": refs, "ticks": ticks,
            "legend": [{"speaker": s, "fill": colours[s]} for s in speakers], "width": WIDTH,
            "pinned": any(c.pinned for c in data.chapters), "pinned_fill": PINNED_FILL}


def render_report(data: ReportData, *, templates: str | os.PathLike[str] | None = None) -> str:
    """The report page for ``data`` (autoescaped HTML)."""
    files = [{"path": f.path, "href": quote(f.path), "size": f.size} for f in data.files]
    # the names every chapter template has too (title, chapters, duration, estimated, warnings), beside data
    return render(TEMPLATE, templates=templates, data=data, svg=timeline(data), files=files, title=data.title,
                  chapters=data.chapters, duration=data.duration, estimated=data.estimated, warnings=data.warnings)


# --- from a run --------------------------------------------------------------------------------


def chapter_rows(chapters: ChapterList, placements=(), reference=(), score=None) -> tuple[ChapterRow, ...]:
    by_section = {p.section: p for p in placements}
    matched = {}
    if score is not None:
        matched = {i: (reference[k][0], err) for (i, k), err in zip(score.pairs, score.errors_s)}
    rows = []
    for i, c in enumerate(chapters):
        p = by_section.get(i)
        ref, err = matched.get(i, (None, None))
        rows.append(ChapterRow(
            i + 1, c.start, c.end, c.title, c.confidence,
            speaker=p.unit.speaker if p else None,
            opening=opening(p.unit.text) if p else "",
            line=p.unit.line if p else None,
            reference=ref, error_s=err, pinned=c.pinned,
        ))
    return tuple(rows)


def output_files(out: Path, paths) -> tuple[OutputFile, ...]:
    files = []
    for p in paths:
        p = Path(p)
        try:
            rel = p.relative_to(out).as_posix()
        except ValueError:
            rel = p.as_posix()
        files.append(OutputFile(rel, p.stat().st_size if p.exists() else None))
    return tuple(files)


def build(result: "RunResult", inputs: "EpisodeInputs", transcript: Transcript) -> ReportData:
    cl = result.chapters
    files = output_files(result.out, result.files) + (OutputFile("report.html", None),)
    return ReportData(
        title=cl.title or inputs.name,
        duration=int(cl.duration or (cl.chapters[-1].end if cl.chapters else 0)),
        chapters=chapter_rows(cl, result.placements, result.reference, result.score),
        turns=speaker_turns(transcript),
        clips=tuple(ClipMark(c.start, c.end, c.label) for c in result.clips),
        warnings=result.warnings,
        accuracy=result.score.summary_line() if result.score is not None else None,
        reference_name=inputs.reference.name if inputs.reference else None,
        files=files,
        transcript_name=inputs.transcript.name,
        estimated=cl.estimated,
    )
