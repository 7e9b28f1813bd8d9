"""`clipper retime`: give an untimed transcript the times of a timed one of the same episode."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from ..retime import retime_checked
from ..textio import check_writable, write_text
from ..transcripts import dump_transcript, load_transcript
from . import common
from ._app import command
from .subtitles import output_format, writers


@command("retime")
def retime_cmd(
    untimed: Path = typer.Argument(..., help="Transcript whose text you want (untimed, e.g. human captions)."),
    timed: Path = typer.Argument(..., help="Timed transcript of the same episode to take times from."),
    output: Path = typer.Option(..., "--output", "-o", metavar="OUT",
                                help="OUT.vtt, OUT.srt or OUT.json: format from the extension."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                         help=f"Output format ({', '.join(writers())}) when OUT's extension does not "
                                              "say; when it does, they must agree."),
    transcript_format: Optional[str] = common.TRANSCRIPT_FORMAT,
    lenient: bool = common.LENIENT,
    force: bool = common.FORCE,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No warnings on stderr."),
) -> None:
    """Align UNTIMED's text to TIMED's words and write UNTIMED with times (and speakers)."""
    fmt = output_format(output, format)
    check_writable(output, force=force, inputs=(untimed, timed))
    u = load_transcript(untimed, format=transcript_format, lenient=lenient)
    common.skipped_note("transcript", untimed, u.skipped)
    t = load_transcript(timed, lenient=lenient)
    common.skipped_note("transcript", timed, t.skipped)
    if not t.timed:
        raise InputError("has no times to take; the second transcript must be timed", path=str(timed))
    done = retime_checked(u, t)
    write_text(output, dump_transcript(done.transcript, fmt), force=force)
    common.echo_warnings(done.warnings, quiet)
    if not quiet:
        typer.echo(f"wrote {output}: {done.matched:,} of {done.words:,} words ({done.share:.0%}) took their times "
                   f"from {timed.name}", err=True)
