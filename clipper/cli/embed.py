"""`clipper embed`: put chapters inside a copy of the audio file (MP3 ID3 CHAP/CTOC, MP4/M4A chapters)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..chapterformats import CHAPTER_FORMATS, load_chapters
from ..embed import embed_chapters
from . import common
from ._app import command


@command("embed")
def embed_cmd(
    audio: Path = typer.Argument(..., help="The episode audio: .mp3, or .m4a/.m4b/.mp4. Never modified."),
    chapters: Path = typer.Argument(..., help="A chapter file: " + ", ".join(CHAPTER_FORMATS.names(readable=True)) + "."),
    output: Path = typer.Option(..., "--output", "-o", metavar="OUT", help="The new audio file with chapters (same container as AUDIO)."),
    chapter_format: Optional[str] = typer.Option(None, "--chapter-format", metavar="FORMAT", help="Format of CHAPTERS; detected when not given."),
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
    ffmpeg_path: Optional[str] = common.FFMPEG,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No messages on stderr."),
) -> None:
    """Write a copy of AUDIO with CHAPTERS inside (no re-encoding)."""
    cl = load_chapters(chapters, format=chapter_format, lenient=lenient)
    common.echo_warnings(cl.warnings, quiet)
    done = embed_chapters(audio, cl, output, force=force, ffmpeg=ffmpeg_path)
    common.echo_warnings(done.warnings, quiet)
    if not quiet:
        typer.echo(f"wrote {done.path} ({common.plural(len(done.chapters), 'chapter')}, {done.container.upper()})",
                   err=True)
