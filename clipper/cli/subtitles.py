"""`clipper subtitles`: readable SRT/VTT cues from a timed transcript (whole episode or one file per chapter)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError, UnknownFormatError
from ..progress import bar
from ..subtitles import CueOptions, by_chapter, resegment
from ..textio import check_writable, write_text
from ..transcripts import TRANSCRIPT_FORMATS, dump_transcript, load_transcript
from . import common
from ._app import command


def output_format(path: Path, named: Optional[str] = None) -> str:
    """The writable transcript format named, or the one OUT's extension says."""
    if named:
        TRANSCRIPT_FORMATS.writer(named)
        return named
    for fmt in TRANSCRIPT_FORMATS.by_extension(path):
        if fmt.write is not None:
            return fmt.name
    raise UnknownFormatError(
        "cannot tell the output format from the file name; use .srt or .vtt (or --format)", path=str(path)
    )


def slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chapter"


@command("subtitles")
def subtitles_cmd(
    transcript: Path = typer.Argument(..., help="Timed transcript: VTT, SRT, JSON or stamped text."),
    output: Path = typer.Option(..., "--output", "-o", help="OUT.srt or OUT.vtt (a folder with --by-chapter)."),
    max_chars: int = typer.Option(42, "--max-chars", help="Characters per line."),
    max_lines: int = typer.Option(2, "--max-lines", help="Lines per cue."),
    min_duration: float = typer.Option(1.0, "--min-duration", help="Shortest cue, seconds."),
    max_duration: float = typer.Option(7.0, "--max-duration", help="Longest cue, seconds."),
    cps: float = typer.Option(17.0, "--cps", help="Reading speed to aim for, characters per second."),
    max_cps: float = typer.Option(20.0, "--max-cps", help="Reading speed never exceeded, characters per second."),
    chapters: Optional[Path] = typer.Option(None, "--by-chapter", help="Chapter file: write one file per chapter into the -o folder, times from 0."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="srt or vtt; from OUT's extension when not given (srt for a folder)."),
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
) -> None:
    """Re-segment a timed transcript into readable subtitles (SRT or VTT)."""
    try:
        options = CueOptions(max_chars=max_chars, max_lines=max_lines, min_duration=int(min_duration * 1000),
                             max_duration=int(max_duration * 1000), cps=cps, max_cps=max_cps)
    except ValueError as e:
        raise InputError(f"subtitle options: {e}") from None
    with bar("clipper subtitles") as progress:  # on a terminal: five hours of words take a second or two
        report = progress or (lambda step, fraction: None)
        report("reading", 0.0)
        t = load_transcript(transcript, format=transcript_format, lenient=lenient)
        report("cutting cues", 0.3)
        if t.timed:
            cues = resegment(t, options)
    common.skipped_note("transcript", transcript, t.skipped)
    if not t.timed:
        raise InputError(
            "the transcript has no times; give it times first: clipper retime UNTIMED TIMED -o OUT.vtt",
            path=str(transcript),
        )
    if chapters is None:
        fmt = output_format(output, format)
        check_writable(output, force=force, inputs=(transcript,))
        write_text(output, dump_transcript(cues, fmt), force=force)
        return
    from ..chapterformats import load_chapters

    fmt = format or (output_format(output) if output.suffix else "srt")
    TRANSCRIPT_FORMATS.writer(fmt)
    if output.exists() and not output.is_dir():
        raise InputError("--by-chapter writes a folder of files; -o names a file", path=str(output))
    chapter_list = load_chapters(chapters, lenient=lenient)
    ext = TRANSCRIPT_FORMATS.get(fmt).extensions[0] if TRANSCRIPT_FORMATS.get(fmt).extensions else "." + fmt
    width = max(2, len(str(len(chapter_list))))
    files = []
    for n, (ch, part) in enumerate(by_chapter(cues, chapter_list), 1):
        path = output / f"{n:0{width}d}-{slug(ch.title)}{ext}"
        check_writable(path, force=force)
        files.append((path, dump_transcript(part, fmt) if part.segments else ""))
    for path, text in files:  # render all first: a failure writes nothing
        if text:
            write_text(path, text, force=force)
            typer.echo(f"wrote {path}", err=True)
        else:
            typer.echo(f"warning: chapter {path.name} has no cues; not written", err=True)
