"""Options shared by several commands, declared once."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .. import timecode
from ..errors import InputError

FFMPEG = typer.Option(None, "--ffmpeg", help="ffmpeg binary (else $CLIPPER_FFMPEG, PATH, then the imageio-ffmpeg one).")
FORCE = typer.Option(False, "--force", help="Overwrite existing output files.")
LENIENT = typer.Option(False, "--lenient", help="Skip malformed blocks in the inputs and say how many.")
TRANSCRIPT_FORMAT = typer.Option(None, "--transcript-format", help="Transcript format; detected when not given.")
SUMMARY_FORMAT = typer.Option(None, "--summary-format", help="Summary format; detected when not given.")
TEMPLATES = typer.Option(None, "--templates", help="Folder of your own jinja2 templates (overrides the built-in ones).")


def parse_time(text: Optional[str], what: str) -> Optional[int]:
    """A time option (seconds or H:MM:SS(.mmm)) -> ms."""
    if text is None:
        return None
    try:
        return timecode.parse(text)
    except ValueError:
        raise InputError(f"{what}: not a time (use seconds or H:MM:SS)", text=text) from None


def echo_warnings(warnings, quiet: bool = False) -> None:
    if quiet:
        return
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)


def skipped_note(kind: str, path: Path, skipped: int) -> None:
    if skipped:
        typer.echo(f"warning: {path}: skipped {skipped} malformed {kind} block(s) (--lenient)", err=True)

# Quote clips in `run` and `batch` (also settable in clipper.toml as clip_format, loudness, audiogram, padding).
CLIP_FORMAT = typer.Option("mp3", "--clip-format", help="Clip audio format: mp3, m4a, ogg or wav.")
LOUDNESS = typer.Option("-16", "--loudness", help='Clips\' integrated loudness in LUFS (two-pass loudnorm, -1 dBTP), or "off".')
AUDIOGRAM = typer.Option(False, "--audiogram", help="Also render each clip as a 1080x1920 audiogram video.")
PADDING = typer.Option(0.25, "--padding", help="Seconds kept before the first and after the last word of each clip.")

# Chapter finding (chapters, run, batch).
SEMANTIC = typer.Option(False, "--semantic", help="Add sentence-embedding evidence (needs the semantic extra: "
                        "make test-semantic or pip install clipper\\[semantic]).")
MIN_CHAPTER = typer.Option(10.0, "--min-chapter", help="Shortest chapter in seconds (YouTube needs 10).")
