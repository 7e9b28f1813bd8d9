"""`clipper clip`: cut quote clips (or time ranges, or chapters) out of the episode audio."""
from __future__ import annotations

import json
import types
from pathlib import Path
from typing import List, Optional

import typer


from .. import ffmpeg, timecode
from ..clips.commands import AUDIO_FORMATS, parse_loudness
from ..clips.cut import ClipOptions, ClipPlan, ClipResult, Episode, cut_clips, plan_clips
from ..clips.spec import ClipSpec, load_clips
from ..errors import InputError
from ..progress import bar
from ..transcripts import load_transcript
from . import common
from ._app import ClipperCommand, command


def _pairs(self, ctx, value):
    return [tuple(v) for v in value] if value else None


class _ClipCommand(ClipperCommand):
    """typer has no list-of-tuples option: ``--range START END`` is made a two-value option here."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for p in self.params:
            if p.name == "ranges":
                p.nargs = 2
                p.process_value = types.MethodType(_pairs, p)


def collect_specs(quotes, clips_file, ranges, chapters_n, titles) -> list[ClipSpec]:
    """Clip specs in this order: the --clips file, then --quote, --range, --chapter."""
    specs: list[ClipSpec] = list(load_clips(clips_file)) if clips_file is not None else []
    for q in quotes or ():
        if not q.strip():
            raise InputError("--quote: empty quote", text=q)
        specs.append(ClipSpec(quote=q))
    for a, b in ranges or ():
        start, end = common.parse_time(a, "--range START"), common.parse_time(b, "--range END")
        if end <= start:  # type: ignore[operator]
            raise InputError("--range: END must come after START", text=f"{a} {b}")
        specs.append(ClipSpec(start=start, end=end))
    for n in chapters_n or ():
        if n < 1:
            raise InputError("--chapter: chapters are numbered from 1", text=str(n))
        specs.append(ClipSpec(chapter=n))
    if not specs:
        raise InputError("nothing to cut: give --quote TEXT, --clips FILE, --range START END or --chapter N")
    if titles:  # in order; fewer titles than clips is fine: the rest keep their default names
        if len(titles) > len(specs):
            raise InputError(f"{len(titles)} --title values for {common.plural(len(specs), 'clip')}: "
                             "give at most one title per clip")
        specs = [ClipSpec(s.quote, s.start, s.end, s.chapter, t, s.occurrence, s.path, s.line) if t else s
                 for s, t in zip(specs, [*titles, *[None] * (len(specs) - len(titles))])]
    return specs


def echo_notes(notes, quiet: bool) -> None:
    if not quiet:
        for n in notes:
            typer.echo(f"note: {n}", err=True)


def clock(ms: int) -> str:
    return timecode.format_clock(ms, always_hours=False)


def describe(ep: Episode, plan: ClipPlan) -> str:
    """One line per clip: number, range, length, score and where the words were found."""
    rng = f"{clock(plan.start)}-{clock(plan.end)} ({plan.duration / 1000:.1f} s)"
    found = f"words {clock(plan.word_start)}-{clock(plan.word_end)} at {ep.where(plan.first_word)}"
    score = f"score {plan.score:.0f}, " if plan.score is not None else ""
    return f"clip {plan.number}: {rng}, {score}{found}"


def loud_text(result: ClipResult) -> str:
    if result.loudness is None:
        return "loudness not changed"
    g = result.loudness
    return (f"measured {g.integrated:.1f} LUFS, {g.true_peak:.1f} dBTP; gain {g.gain:+.1f} dB"
            + (f", peaks limited (loudnorm): {g.reached:.1f} LUFS" if g.limited and g.reached is not None else
               ", peaks limited (loudnorm)" if g.limited else ""))


@command("clip", cls=_ClipCommand)
def clip_cmd(
    audio: Path = typer.Argument(..., help="The episode audio (MP3, M4A, WAV, OGG, FLAC)."),
    transcript: Path = typer.Argument(..., help="The episode's timed transcript (VTT, SRT, JSON, stamped text)."),
    quotes: Optional[List[str]] = typer.Option(None, "--quote", metavar="TEXT", help="A quote to find and cut (repeatable)."),
    clips_file: Optional[Path] = typer.Option(None, "--clips", metavar="FILE", help="A YAML or CSV list of clips: quote or start/end or chapter, optional title."),
    ranges: Optional[List[str]] = typer.Option(None, "--range", metavar="START END", help="Cut this range (seconds or HH:MM:SS.mmm; repeatable)."),
    chapter: Optional[List[int]] = typer.Option(None, "--chapter", metavar="N", help="Cut chapter N of --chapters FILE (repeatable)."),
    chapters_file: Optional[Path] = typer.Option(None, "--chapters", metavar="FILE", help="A chapter file clipper reads (for --chapter)."),
    titles: Optional[List[str]] = typer.Option(None, "--title", metavar="TEXT", help="Titles for the clips, in order (repeatable; at most one per clip). Clips past the last "
                                                     "--title keep their default names: a --clips title, the chapter's, "
                                                     "the quote's first words, or 'Clip N'."),
    occurrence: Optional[int] = common.whole_option(None, "--occurrence", low=1, help="When a quote is said in several places, cut the Nth (in time order)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="DIR",
                                       help="Folder for the clips (created when missing). Required unless --dry-run."),
    format: str = typer.Option("mp3", "--format", "-f", metavar="FORMAT", callback=common.check_clip_format,
                              help="Clip audio format: " + ", ".join(AUDIO_FORMATS) + "."),
    padding: float = common.number_option(0.25, "--padding", low=0, high=5,
                                          help="Seconds of pause kept before the first word and after the last"),
    fade: int = common.whole_option(30, "--fade", low=0, high=2000, metavar="MS", help="Fade in and out, in milliseconds (0: none)."),
    loudness: str = typer.Option("-16", "--loudness", metavar="LUFS",
                                 help=f"Integrated loudness target: {common.LOUDNESS_HELP} (true peak -1 dBTP: one gain after an ebur128 measurement; two-pass loudnorm only for clips whose peaks would pass it)."),
    audiogram: bool = typer.Option(False, "--audiogram", help="Also render each clip as a 1080x1920 MP4: waveform, captions, title."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print exactly the ranges a real run cuts (the audio is read, nothing is written)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout (for scripts)."),
    threshold: float = common.number_option(75.0, "--threshold", low=0, high=100, metavar="SCORE",
                                            help="Lowest match score a quote's passage may have"),
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
    ffmpeg_path: Optional[str] = common.FFMPEG,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or notes on stderr."),
) -> None:
    """Cut quote clips (or time ranges, or chapters) out of the episode audio.

    Quotes are found by fuzzy matching in the transcript; clip edges fall in pauses. Each clip is loudness-normalised and tagged, with SRT/VTT captions, and clips.json lists them (Podcasting 2.0 soundbites).
    """
    specs = collect_specs(quotes, clips_file, ranges, chapter, titles)
    options = ClipOptions(format=format.lower(), padding=int(round(padding * 1000)), fade=fade,
                          loudness=parse_loudness(loudness), threshold=threshold, audiogram=audiogram, force=force)
    if out is None and not dry_run:  # said before the transcript is read and the quotes are searched
        raise InputError("-o DIR: the folder for the clips is needed (or --dry-run)")
    t = load_transcript(transcript, format=transcript_format, lenient=lenient)
    common.skipped_note("transcript", transcript, t.skipped)
    chapters = None
    if chapters_file is not None:
        from ..chapterformats import load_chapters

        chapters = load_chapters(chapters_file, lenient=lenient)
    ep = Episode.from_transcript(t)
    plans = plan_clips(ep, specs, options=options, chapters=chapters, occurrence=occurrence)
    ff = ffmpeg.resolve(ffmpeg_path)
    info = ffmpeg.probe(ff, audio)
    if dry_run:  # the edges found in the audio as the cut finds them, so the ranges are the ones it cuts
        from ..clips.cut import cut_ranges

        plans = cut_ranges(ff, audio, ep, plans, options=options, info=info)
        notes = [f"clip {p.number}: {n}" for p in plans for n in p.notes]
        common.echo_warnings([f"clip {p.number}: {w}" for p in plans for w in p.warnings], quiet)
        if as_json:
            typer.echo(json.dumps({"clips": [p.summary() for p in plans]}, ensure_ascii=False))
            return
        echo_notes(notes, quiet)
        for p in plans:
            typer.echo(describe(ep, p))
            if p.text:
                typer.echo(f"  {p.text}")
        return
    with bar("clipper clip", enabled=not (quiet or as_json)) as progress:
        done = [0]

        def started(plan: ClipPlan) -> None:
            if progress:
                progress(f"clip {plan.number} of {len(plans)}", done[0] / len(plans))

        def finished(result: ClipResult) -> None:
            done[0] += 1
            if progress:
                progress(f"clip {result.plan.number} done", done[0] / len(plans))

        results = cut_clips(ff, audio, ep, plans, out, options=options, refine=True, info=info,
                            progress=finished, started=started)
    # warnings go to stderr with --json too: the JSON on stdout is the clips, not what went wrong with them
    common.echo_warnings([f"clip {r.plan.number}: {w}" for r in results for w in r.warnings], quiet)
    if as_json:
        from ..clips.cut import record

        typer.echo(json.dumps({"clips": [record(r) | {"path": str(r.audio)} for r in results]}, ensure_ascii=False))
        return
    echo_notes([f"clip {r.plan.number}: {n}" for r in results for n in r.plan.notes], quiet)
    for r in results:
        typer.echo(f"{describe(ep, r.plan)}; {loud_text(r)}")
        typer.echo(f"  -> {r.audio}" + (f" (+ {r.audiogram.name})" if r.audiogram else ""))
    if not quiet:
        typer.echo(f"wrote {common.plural(len(results), 'clip')} and clips.json in {out}", err=True)
