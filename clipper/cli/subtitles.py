"""`clipper subtitles`: readable SRT/VTT cues from a timed transcript (whole episode or one file per chapter)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from ..naming import slug
from ..progress import bar
from ..subtitles import CueOptions, by_chapter, resegment
from ..textio import check_writable, write_text
from ..transcripts import TRANSCRIPT_FORMATS, dump_transcript, load_transcript
from . import common
from ._app import command


def writers() -> list[str]:
    """The formats ``subtitles`` and ``retime`` can write: the writable transcript formats."""
    return TRANSCRIPT_FORMATS.names(writable=True)


def check_writer(named: str) -> str:
    """``named`` if it is a format clipper writes, else an error listing those (not the readers)."""
    return TRANSCRIPT_FORMATS.writable(named, what="subtitle")


def output_format(path: Path, named: Optional[str] = None) -> str:
    """The format to write ``path`` in: the one OUT's extension says, or ``named`` (--format); both must agree."""
    return TRANSCRIPT_FORMATS.output_format(path, named, what="subtitle")


@command("subtitles")
def subtitles_cmd(
    transcript: Path = typer.Argument(..., help="Timed transcript: VTT, SRT, JSON or stamped text."),
    output: Path = typer.Option(..., "--output", "-o", metavar="OUT",
                                help="OUT.srt or OUT.vtt (a folder with --by-chapter)."),
    max_chars: int = common.whole_option(42, "--max-chars", low=1, high=1000, help="Characters per line."),
    max_lines: int = common.whole_option(2, "--max-lines", low=1, high=10, help="Lines per cue."),
    min_duration: float = common.number_option(1.0, "--min-duration", low=0, high=60, above=True,
                                               help="Shortest cue, seconds"),
    max_duration: float = common.number_option(7.0, "--max-duration", low=0, high=60, above=True,
                                               help="Longest cue, seconds"),
    cps: float = common.number_option(17.0, "--cps", low=0, high=100, above=True, metavar="CPS",
                                      help="Reading speed to aim for, characters per second"),
    max_cps: float = common.number_option(20.0, "--max-cps", low=0, high=100, above=True, metavar="CPS",
                                          help="Reading speed never exceeded, characters per second"),
    chapters: Optional[Path] = typer.Option(None, "--by-chapter", metavar="FILE",
                                            help="Chapter file: write one file per chapter into the -o folder, times from 0."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                         help=f"Output format: {', '.join(writers())}. From OUT's extension when not "
                                              "given (srt for a folder); when given, it must agree with it."),
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, warnings or 'wrote FILE' on stderr."),
) -> None:
    """Re-segment a timed transcript into readable subtitles (SRT or VTT)."""
    if min_duration > max_duration:
        raise InputError("--min-duration is longer than --max-duration", text=f"{min_duration:g} > {max_duration:g}")
    if cps > max_cps:
        raise InputError("--cps is faster than --max-cps", text=f"{cps:g} > {max_cps:g}")
    try:
        options = CueOptions(max_chars=max_chars, max_lines=max_lines, min_duration=int(min_duration * 1000),
                             max_duration=int(max_duration * 1000), cps=cps, max_cps=max_cps)
    except ValueError as e:
        raise InputError(f"subtitle options: {e}") from None
    with bar("clipper subtitles", enabled=not quiet) as progress:  # on a terminal: five hours of words take a second or two
        report = progress or (lambda step, fraction: None)
        report("reading", 0.0)
        t = load_transcript(transcript, format=transcript_format, lenient=lenient)
        chapter_list = None
        if chapters is not None and t.timed:  # each chapter's file starts a cue of its own, with its label's room
            from ..chapterformats import load_chapters

            chapter_list = load_chapters(chapters, lenient=lenient)
        report("cutting cues", 0.3)
        if t.timed:
            cues = resegment(t, options, starts=[c.start for c in chapter_list] if chapter_list else ())
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
        if not quiet:
            typer.echo(f"wrote {output} ({common.plural(len(cues), 'cue')})", err=True)
        return
    # -o is a folder here: its own name says nothing about the files in it, unless it ends in .vtt etc.
    by_name = [f.name for f in TRANSCRIPT_FORMATS.by_extension(output) if f.write is not None]
    fmt = check_writer(format) if format else (by_name[0] if by_name else "srt")
    if output.exists() and not output.is_dir():
        raise InputError("--by-chapter writes a folder of files; -o names a file", path=str(output))
    if by_name and not output.is_dir():  # "-o x.srt": a file name, not the folder it would become
        raise InputError(f"--by-chapter writes a folder of files, one per chapter, and {output.name} looks like a "
                         f"file name: give a folder (-o {output.with_suffix('')}) and the format with --format "
                         f"{by_name[0]}", path=str(output))
    assert chapter_list is not None
    ext = TRANSCRIPT_FORMATS.get(fmt).extensions[0] if TRANSCRIPT_FORMATS.get(fmt).extensions else "." + fmt
    width = max(2, len(str(len(chapter_list))))
    files = []
    for n, (ch, part) in enumerate(by_chapter(cues, chapter_list), 1):
        path = output / f"{n:0{width}d}-{slug(ch.title, limit=60, default='chapter')}{ext}"
        check_writable(path, force=force)
        files.append((path, dump_transcript(part, fmt) if part.segments else ""))
    for path, text in files:  # render all first: a failure writes nothing
        if text:
            write_text(path, text, force=force)
            if not quiet:
                typer.echo(f"wrote {path}", err=True)
        elif not quiet:
            typer.echo(f"warning: chapter {path.name} has no cues; not written", err=True)
