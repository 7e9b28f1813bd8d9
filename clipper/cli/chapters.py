"""`clipper chapters`: find where each summary section starts and write chapter markers."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Optional

import typer

from .. import align, chapterformats, ffmpeg
from ..errors import InputError
from ..progress import bar, scaled
from ..summaries import load_summary
from ..textio import check_writable, write_text
from ..transcripts import load_transcript
from . import common
from ._app import command


def load_inputs(transcript, summary, *, transcript_format=None, summary_format=None, lenient=False,
                timing_from=None, warnings=None):
    """Read the transcript (retimed from another one when asked) and the summary; what was left out
    of the summary, and a poor match with --timing-from, go to ``warnings``."""
    warnings = [] if warnings is None else warnings
    t = load_transcript(transcript, format=transcript_format, lenient=lenient)
    common.skipped_note("transcript", transcript, t.skipped)
    if timing_from is not None:
        from ..retime import retime_checked

        timed = load_transcript(timing_from, lenient=lenient)
        if not timed.timed:
            raise InputError("--timing-from needs a timed transcript", path=str(timing_from))
        done = retime_checked(t, timed)
        t = done.transcript
        warnings.extend(done.warnings)
    s = load_summary(summary, format=summary_format, lenient=lenient, warnings=warnings)
    return t, s


@command("chapters")
def chapters_cmd(
    transcript: Path = typer.Argument(..., help="Timed (or untimed) transcript: VTT, SRT, JSON, stamped text."),
    summary: Path = typer.Argument(..., help="Summary whose section headings name the chapters."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Chapter format: " + ", ".join(chapterformats.CHAPTER_FORMATS.names(writable=True)) + ". Default: the one -o's name says (x.json, x.cue ...), else youtube; when given, it must agree with -o's name."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (or folder with --all); stdout when not given."),
    all_formats: bool = typer.Option(False, "--all", help="Write every chapter format into the -o folder."),
    min_chapter: float = common.MIN_CHAPTER,
    semantic: bool = common.SEMANTIC,
    duration: Optional[str] = typer.Option(None, "--duration", help="Episode length, to estimate times for an untimed transcript."),
    audio: Optional[Path] = typer.Option(None, "--audio", help="The episode's audio: its length estimates times for an untimed transcript."),
    timing_from: Optional[Path] = typer.Option(None, "--timing-from", help="A timed transcript of the same episode to take times from."),
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    summary_format: Optional[str] = common.SUMMARY_FORMAT,
    templates: Optional[Path] = common.TEMPLATES,
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
    ffmpeg_path: Optional[str] = common.FFMPEG,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings, and no 'wrote FILE' lines, on stderr."),
) -> None:
    """Find where each summary section starts; print YouTube chapters (or another format)."""
    # everything that can be refused without reading the inputs is refused first (alignment takes seconds)
    duration_ms = common.parse_time(duration, "--duration")
    if audio is not None and duration_ms is not None:  # two lengths for one episode: which one is right?
        raise InputError("give --duration or --audio, not both (the audio's measured length is the episode's)",
                         text=duration)
    inputs = (transcript, summary, timing_from, audio)
    if all_formats:
        if output is None:
            raise InputError("--all needs -o FOLDER")
        chapterformats.check_all(output, force=force, inputs=inputs)
    elif output is not None:  # x.json gets JSON, x.cue a cue sheet; -f json -o x.cue is refused
        format = chapterformats.output_format(output, format)
        check_writable(output, force=force, inputs=inputs)
    else:
        format = chapterformats.check_writer(format or "youtube")
    # a bar on a terminal: retiming, the embedding model and five-hour episodes take seconds
    with bar("clipper chapters", enabled=not quiet) as progress:
        report = progress or (lambda step, fraction: None)
        report("reading", 0.0)
        read_warnings: list[str] = []
        t, s = load_inputs(transcript, summary, transcript_format=transcript_format, summary_format=summary_format,
                           lenient=lenient, timing_from=timing_from, warnings=read_warnings)
        length = None
        if audio is not None:
            length = ffmpeg.audio_length(ffmpeg.resolve(ffmpeg_path), audio)  # measured: a header can lie
            duration_ms = length.ms
            if note := length.note(audio):
                read_warnings.append(note)
        elif t.timed and (note := align.duration_note(t.duration, duration_ms)):  # its times win: say so
            read_warnings.append(note)
        options = align.AlignOptions(min_chapter_ms=int(min_chapter * 1000), semantic=semantic, duration_ms=duration_ms)
        result = align.find_chapters(t, s, options, progress=scaled(progress, 0.2, 1.0))
        if length is not None and t.timed:  # an audio shorter than the transcript: said, and the last chapter fits it
            from ..pipeline import fit_to_audio

            result, notes = fit_to_audio(result, t.duration, length, audio, strict=False)
            read_warnings.extend(notes)
    common.echo_chapter_warnings([*read_warnings, *result.warnings], quiet)
    from ..chapterformats.youtube import TooFewChapters, youtube_fixups

    if all_formats:
        assert output is not None
        with contextlib.suppress(TooFewChapters):  # then write_all leaves youtube.txt out and says why
            common.echo_warnings(youtube_fixups(result)[1], quiet)
        skipped: list[str] = []
        written = chapterformats.write_all(result, output, force=force, templates=templates, inputs=inputs,
                                           warnings=skipped, source=summary, audio=audio)
        common.echo_warnings(skipped, quiet)
        if not quiet:
            for p in written:
                typer.echo(f"wrote {p}", err=True)
        return
    if format == "youtube":
        result, messages = youtube_fixups(result, source=str(summary))  # too few chapters: the summary's fault
        common.echo_warnings(messages, quiet)
    text = chapterformats.render(result, format, templates=templates, audio=audio)
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        write_text(output, text, force=force)
        if not quiet:  # as retime, embed and --all say what they wrote
            n = len(result)
            typer.echo(f"wrote {output} ({n} chapter{'' if n == 1 else 's'}, {format})", err=True)
