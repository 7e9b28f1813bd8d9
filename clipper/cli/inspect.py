"""`clipper inspect`: what clipper reads in a file (transcript, summary or audio), before you use it.

The decision and the facts are pure functions of the text (``decide_kind``, ``transcript_facts``,
``summary_facts``); the command only reads the file and prints them. An audio file (by its extension,
or a binary file ffmpeg can read) is measured by ffmpeg (``clipper.ffmpeg.audio_length``: every packet
read, as ``clip``, ``embed`` and ``run`` do) and its chapters read back (``clipper.embed.read_chapters``);
``audio_facts`` turns those into the report.
"""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .. import ffmpeg as ffmpeg_mod
from .. import timecode
from ..embed import read_chapters
from ..errors import AudioError, FFmpegError, InputError, UnknownFormatError
from ..model import ChapterList
from ..model import Summary, Transcript
from ..summaries import SUMMARY_FORMATS, chapter_format, misordered_pin, parse_summary
from ..textio import read_text
from ..transcripts import TRANSCRIPT_FORMATS, parse_transcript
from . import common
from ._app import command

CONFIDENT = 0.5  # a transcript sniff at least this sure wins over summary detection
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".m4b", ".mp4", ".wav", ".ogg", ".opus", ".flac")


class Kind(str, Enum):
    transcript = "transcript"
    summary = "summary"


def _best_score(registry, text: str) -> float:
    return max((f.sniff(text) for f in registry if f.read is not None and f.sniff is not None), default=0.0)


def decide_kind(text: str, format: str | None = None) -> str:
    """"transcript" or "summary": a named format says which; else a chapter file clipper reads back (a
    summary), else a confident transcript sniff, else any summary sniff, else transcript (untimed text is
    the fallback)."""
    if format:
        if format in TRANSCRIPT_FORMATS.names(readable=True):
            return "transcript"
        if format in SUMMARY_FORMATS.names(readable=True) or chapter_format(text, format=format):
            return "summary"
        known = ", ".join(TRANSCRIPT_FORMATS.names(readable=True) + SUMMARY_FORMATS.names(readable=True))
        raise UnknownFormatError(f"unknown format {format!r}; known: {known}")
    if chapter_format(text):  # clipper's own chapter files (chapters.cue, .json, ...) read as a timed summary
        return "summary"
    if _best_score(TRANSCRIPT_FORMATS, text) >= CONFIDENT:
        return "transcript"
    if _best_score(SUMMARY_FORMATS, text) > 0:
        return "summary"
    return "transcript"


def _hms(ms: int | None) -> str | None:
    return None if ms is None else timecode.format_youtube(ms, hours=True)


def transcript_facts(t: Transcript, *, lenient: bool = False) -> dict:
    facts = {
        "kind": "transcript",
        "format": t.format,
        "segments": len(t),
        "words": t.word_count,
        "timing": ("timed, word times" if t.has_word_times else "timed") if t.timed else "untimed",
        "timed": t.timed,  # the same as booleans, for scripts
        "word_times": t.has_word_times,
        "duration": _hms(t.duration),
        "duration_ms": t.duration,
        "speakers": list(t.speakers),
    }
    if lenient:
        facts["skipped"] = t.skipped
    return facts


def summary_facts(s: Summary) -> dict:
    last = s.sections[-1].start if s.timed else None
    pins = sum(1 for x in s.sections if x.start is not None)
    return {
        "kind": "summary",
        "format": s.format,
        "title": s.title,
        "sections": len(s),
        "words": sum(len(x.heading.split()) + len(x.body.split()) for x in s.sections),
        "timing": "timed (chapter times given)" if s.timed else
                  f"untimed, {pins} of {len(s)} pinned (start given)" if pins else "untimed",
        "timed": s.timed,
        "pinned": pins,
        "last_start": _hms(last),
        "with_text": sum(1 for x in s.sections if x.body),
        "headings": [x.heading for x in s.sections],
        "starts_ms": [x.start for x in s.sections],
    }


def audio_facts(info: ffmpeg_mod.MediaInfo, length: ffmpeg_mod.AudioLength, chapters: ChapterList) -> dict:
    """The facts of an audio file: container and stream as ffmpeg names them, the measured length (and
    the header's), the title tag and the chapters it carries."""
    return {
        "kind": "audio",
        "format": info.container,
        "codec": info.codec,
        "sample_rate": info.sample_rate,
        "channels": info.channels,
        "duration": _hms(length.measured),
        "duration_ms": length.measured,
        "header_duration_ms": length.header,
        "title": chapters.title,
        "chapters": [{"start": _hms(c.start), "start_ms": c.start, "end_ms": c.end, "title": c.title,
                      "after_audio_end": c.start >= length.measured} for c in chapters],
    }


def _stream(facts: dict) -> str:
    parts = [facts["codec"] or "unknown codec"]
    if facts["sample_rate"]:
        parts.append(f"{facts['sample_rate']} Hz")
    if facts["channels"]:
        parts.append({1: "mono", 2: "stereo"}.get(facts["channels"], f"{facts['channels']} channels"))
    return ", ".join(parts)


def render_facts(path: str, facts: dict) -> str:
    """The human-readable report: one ``name: value`` line per fact."""
    rows = [("file", path), ("kind", facts["kind"]), ("format", facts["format"])]
    if facts["kind"] == "audio":
        rows += [("audio", _stream(facts)), ("duration", f"{facts['duration']} (measured)")]
        if facts["title"]:
            rows.append(("title", facts["title"]))
        rows.append(("chapters", str(len(facts["chapters"])) if facts["chapters"] else "none"))
    elif facts["kind"] == "transcript":
        rows += [
            ("segments", f"{facts['segments']:,}"),
            ("words", f"{facts['words']:,}"),
            ("timing", facts["timing"]),
        ]
        if facts["duration"]:
            rows.append(("duration", facts["duration"]))
        sp = facts["speakers"]
        rows.append(("speakers", f"{len(sp)}: {', '.join(sp)}" if sp else "none named"))
        if "skipped" in facts:
            rows.append(("skipped", common.plural(facts["skipped"], "malformed block")))
    else:
        if facts["title"]:
            rows.append(("title", facts["title"]))
        rows += [
            ("sections", f"{facts['sections']} ({facts['with_text']} with text)"),
            ("words", f"{facts['words']:,}"),
            ("timing", facts["timing"]),
        ]
        if facts["last_start"]:
            rows.append(("last start", facts["last_start"]))
    width = max(len(k) for k, _ in rows) + 1
    out = "\n".join(f"{k + ':':<{width}} {v}" for k, v in rows)
    if facts["kind"] == "summary":  # the headings clipper will look for, numbered as the chapters will be
        n = len(facts["headings"])
        at = [f"  (pinned at {_hms(t)})" if t is not None and not facts["timed"] else "" for t in facts["starts_ms"]]
        out += "\n" + "\n".join(f"  {i:>{len(str(n))}}. {h}{a}"
                                 for i, (h, a) in enumerate(zip(facts["headings"], at), 1))
    elif facts["kind"] == "audio" and facts["chapters"]:
        chapters = facts["chapters"]
        n = len(chapters)
        out += "\n" + "\n".join(
            f"  {i:>{len(str(n))}}. {c['start']} {c['title']}" + ("  (after the audio ends)" if c["after_audio_end"] else "")
            for i, c in enumerate(chapters, 1))
    return out


def is_audio_name(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_EXTENSIONS


def _inspect_audio(file: Path, ffmpeg: str | None) -> tuple[dict, list[str]]:
    """Measure ``file`` and read its chapters with the resolved ffmpeg: the facts and any warning."""
    ff = ffmpeg_mod.resolve(ffmpeg)
    info = ffmpeg_mod.probe(ff, file)
    length = ffmpeg_mod.audio_length(ff, file)
    note = length.note(file)
    chapters = read_chapters(file, ffmpeg=ff, mp3=info.container == "mp3")
    return audio_facts(info, length, chapters), [note] if note else []


def _binary(e: InputError) -> bool:
    """A text-reading error that means the bytes are not text at all (audio, maybe)."""
    return e.message.startswith("binary file") or e.message.startswith("not UTF-8 text")


@command("inspect")
def inspect_cmd(
    file: Path = typer.Argument(..., help="A transcript, a summary or an audio file."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Read as this format (transcript or summary)."),
    kind: Optional[Kind] = typer.Option(None, "--kind", help="Force reading FILE as a transcript or a summary."),
    lenient: bool = common.LENIENT,
    as_json: bool = typer.Option(False, "--json", help="Print the facts as JSON."),
    ffmpeg_path: Optional[str] = common.FFMPEG,
) -> None:
    """Show what clipper reads in FILE: format, counts, duration, speakers or sections; for audio
    (.mp3 .m4a .m4b .mp4 .wav .ogg .opus .flac) its format, measured length and chapters."""
    left_out: list[str] = []
    text = None
    if not (kind or format) and is_audio_name(file) and file.is_file():
        which = "audio"
    else:
        try:
            text = read_text(file)
        except InputError as e:
            if kind or format or not _binary(e):
                raise
            try:  # binary and no audio extension: audio if ffmpeg reads it, else the text error stands
                ffmpeg_mod.probe(ffmpeg_mod.resolve(ffmpeg_path), file)
            except (AudioError, FFmpegError):
                raise e from None
            which = "audio"
        else:
            which = kind.value if kind else decide_kind(text, format)
    if which == "audio":
        facts, left_out = _inspect_audio(file, ffmpeg_path)
    elif which == "transcript":
        facts = transcript_facts(parse_transcript(text, format=format, path=str(file), lenient=lenient),
                                 lenient=lenient)
    else:
        summary = parse_summary(text, format=format, path=str(file), lenient=lenient, warnings=left_out)
        facts = summary_facts(summary)
        if not summary.timed and (bad := misordered_pin(summary.sections)):
            j, k = (summary.sections[i] for i in bad)
            left_out.append(f"{file}:{j.line}: {j.heading!r} is pinned at {_hms(j.start)}, not after {k.heading!r} "
                            f"at {_hms(k.start)} above it: `clipper chapters` will refuse it")
    if as_json:
        typer.echo(json.dumps({"file": str(file), **facts}, ensure_ascii=False, indent=2))
    else:
        typer.echo(render_facts(str(file), facts))
    common.echo_warnings(left_out)
