"""`clipper formats`: every format clipper reads and writes, as the registries hold them.

``catalogue()`` builds the list from the registries (nothing here is a copy of them), so a format
registered tomorrow is listed tomorrow; the command only prints it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import typer

from ..chapterformats import CHAPTER_FORMATS
from ..clips.commands import AUDIO_FORMATS
from ..registry import Registry
from ..summaries import SUMMARY_FORMATS
from ..transcripts import TRANSCRIPT_FORMATS, WRITES
from ._app import command
from .subtitles import writers


@dataclass(frozen=True)
class Entry:
    name: str
    extensions: tuple[str, ...]
    detected: bool  # what "detected" means is the section's ``how``
    description: str
    filename: str | None = None  # the name `clipper chapters --all` writes it under


@dataclass(frozen=True)
class Section:
    key: str  # the JSON key
    title: str
    how: str  # where the format is named, and what is detected
    entries: tuple[Entry, ...]
    column: str = "detected"  # the text table's heading for ``Entry.detected``: readers detect; writers
    #                           are picked by the output file's name ("-o name")


def _readers(registry: Registry) -> tuple[Entry, ...]:
    return tuple(Entry(f.name, f.extensions, f.sniff is not None, f.description) for f in registry if f.read)


def _by_extension(name: str, extensions: tuple[str, ...], registry: Registry = TRANSCRIPT_FORMATS) -> bool:
    """Whether an output file name ending in one of ``extensions`` alone picks format ``name`` of ``registry``."""
    for ext in extensions:
        picked = [f.name for f in registry.by_extension("out" + ext) if f.write is not None]
        if picked and picked[0] == name:
            return True
    return False


def _codec(args: tuple[str, ...]) -> str:
    codec = args[args.index("-c:a") + 1] if "-c:a" in args[:-1] else "?"
    return f"encoded with ffmpeg's {codec}"


def catalogue() -> tuple[Section, ...]:
    subtitle_writers = tuple(
        Entry(f.name, f.extensions, _by_extension(f.name, f.extensions), WRITES.get(f.name, f.description))
        for f in (TRANSCRIPT_FORMATS.get(n) for n in writers())
    )
    return (
        Section("transcript_readers", "transcript readers",
                "named with --transcript-format; else detected from the content (the extension breaks ties)",
                _readers(TRANSCRIPT_FORMATS)),
        Section("summary_readers", "summary readers",
                "named with --summary-format; else detected from the content (the extension breaks ties)",
                _readers(SUMMARY_FORMATS)),
        Section("chapter_readers", "chapter readers",
                "files for embed, clip --chapters, subtitles --by-chapter; detected from the content",
                _readers(CHAPTER_FORMATS)),
        Section("chapter_writers", "chapter writers",
                "picked by clipper chapters -o's extension, or named with -f, youtube by default; --all writes "
                "each under its file name",
                tuple(Entry(f.name, f.extensions, _by_extension(f.name, f.extensions, CHAPTER_FORMATS),
                            f.description, f.filename) for f in CHAPTER_FORMATS if f.write), "-o name"),
        Section("subtitle_writers", "subtitle writers",
                "written by clipper subtitles and retime; picked by -o's extension, or named with -f",
                subtitle_writers, "-o name"),
        Section("clip_audio_formats", "clip audio formats",
                "named with clipper clip -f or run/batch --clip-format, mp3 by default",
                tuple(Entry(a.name, (a.extension,), False, _codec(a.codec_args)) for a in AUDIO_FORMATS.values())),
    )


def render_text(sections: tuple[Section, ...]) -> str:
    """One table per section: name, extensions, detected (readers) or picked by the output file's name
    (writers: "-o name"), yes/no, and the description (and --all file name)."""
    rows = [(e.name, " ".join(e.extensions), "yes" if e.detected else "no") for s in sections for e in s.entries]
    w_name = max(len("name"), *(len(r[0]) for r in rows))
    w_ext = max(len("extensions"), *(len(r[1]) for r in rows))
    out = []
    for s in sections:
        w_col = max(len(s.column), 3)
        out += [f"{s.title}: {s.how}",
                f"  {'name':<{w_name}}  {'extensions':<{w_ext}}  {s.column:<{w_col}}  description"]
        for e in s.entries:
            desc = e.description + (f" [--all: {e.filename}]" if e.filename else "")
            detected = "yes" if e.detected else "no"
            out.append(f"  {e.name:<{w_name}}  {' '.join(e.extensions):<{w_ext}}  {detected:<{w_col}}  {desc}")
        out.append("")
    return "\n".join(out).rstrip("\n")


def as_dict(sections: tuple[Section, ...]) -> dict:
    return {s.key: [asdict(e) | {"extensions": list(e.extensions)} for e in s.entries] for s in sections}


@command("formats")
def formats_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout (for scripts)."),
) -> None:
    """List the formats clipper reads and writes: transcripts, summaries, chapters, subtitles, clip audio."""
    sections = catalogue()
    if as_json:
        typer.echo(json.dumps(as_dict(sections), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_text(sections))
