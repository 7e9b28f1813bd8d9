"""`clipper run`: the whole job for one episode folder in one command."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .. import pipeline
from ..progress import bar
from . import common
from ._app import command

PARAM_TO_SETTING = {"as_json": "json"}  # parameter names that differ from the setting (toml key)


def given_options(ctx: typer.Context) -> dict:
    """The options the user set on the command line (not left at their defaults), by setting name."""
    out = {}
    for param, value in ctx.params.items():
        name = PARAM_TO_SETTING.get(param, param)
        if name not in pipeline.DEFAULTS or value is None:
            continue
        source = ctx.get_parameter_source(param)  # click's ParameterSource (typer vendors click)
        if source is None or source.name in ("DEFAULT", "DEFAULT_MAP"):
            continue
        out[name] = value
    return out


def print_result(result: pipeline.RunResult, *, quiet: bool, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    common.echo_notes(result.notes, quiet)
    common.echo_chapter_warnings(result.warnings, quiet)
    if result.youtube:  # none when there are too few chapters for YouTube (a warning said so)
        typer.echo(result.youtube, nl=not result.youtube.endswith("\n"))
    if quiet:
        return
    if result.removed:
        names = ", ".join(_relative(p, result.out) for p in result.removed)
        typer.echo(f"removed {common.plural(len(result.removed), 'file')} an earlier run wrote and this one does "
                   f"not: {names}", err=True)
    if result.score is not None:
        typer.echo(f"accuracy: {result.score.summary_line()}", err=True)
    typer.echo(f"wrote {len(result.files)} files under {result.out} (open {result.report})", err=True)


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)


@command("run")
def run_cmd(
    ctx: typer.Context,
    episode: Path = typer.Argument(..., help="Episode folder: transcript.*, summary.*, optional audio, clips.yaml|csv, chapters_official.tsv, clipper.toml."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default ./out/<episode folder name>)."),
    transcript: Optional[Path] = typer.Option(None, "--transcript", help="Transcript file (else transcript.* in the folder)."),
    summary: Optional[Path] = typer.Option(None, "--summary", help="Summary file (else summary.* in the folder)."),
    audio: Optional[Path] = typer.Option(None, "--audio", help="Episode audio (else the one .mp3/.m4a/.wav/.ogg/.flac/.opus in the folder)."),
    clips: Optional[Path] = typer.Option(None, "--clips", help="Clips file (else clips.yaml, clips.yml or clips.csv in the folder)."),
    reference: Optional[Path] = typer.Option(None, "--reference", help="Reference chapter times to score against (else chapters_official.tsv)."),
    force: bool = common.FORCE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or warnings on stderr."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout (for scripts)."),
    templates: Optional[Path] = common.TEMPLATES,
    ffmpeg: Optional[str] = common.FFMPEG,
    semantic: bool = common.SEMANTIC,
    lenient: bool = common.LENIENT,
    min_chapter: float = common.MIN_CHAPTER,
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    summary_format: Optional[str] = common.SUMMARY_FORMAT,
    clip_format: str = common.CLIP_FORMAT,
    loudness: str = common.LOUDNESS,
    audiogram: bool = common.AUDIOGRAM,
    padding: float = common.PADDING,
) -> None:
    """Everything for one episode: chapters in every format, subtitles, chapters in the audio, clips, report.html.

    Options may also be set in EPISODE/clipper.toml (option names with underscores); the command line wins.
    """
    inputs, options, s = pipeline.prepare(episode, given_options(ctx))
    quiet_, json_ = bool(s["quiet"]), bool(s["json"])
    with bar(f"clipper run {inputs.name}", enabled=not (quiet_ or json_)) as progress:
        result = pipeline.run_episode(inputs, options, progress=progress)
    print_result(result, quiet=quiet_, as_json=json_)
