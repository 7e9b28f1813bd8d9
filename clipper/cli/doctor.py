"""`clipper doctor`: which ffmpeg clipper uses, what it can do, and which optional pieces are installed."""
from __future__ import annotations

import json
from typing import Optional

import typer

from .. import doctor as doctor_mod
from . import common
from ._app import command


def format_report(r: doctor_mod.DoctorReport) -> str:
    """The readable table ``clipper doctor`` prints."""
    def row(mark: str, name: str, detail: str) -> str:
        return f"  {mark:<7} {name:<16} {detail}".rstrip()

    lines = [f"clipper {r.clipper_version} on Python {r.python}", "", "ffmpeg"]
    if r.ffmpeg_error:
        lines.append(row("MISSING", "ffmpeg", r.ffmpeg_error))
    else:
        lines.append(row("ok", "path", f"{r.ffmpeg_path} (from {r.ffmpeg_source})"))
        lines.append(row("ok", "version", r.ffmpeg_version or "?"))
        for f in r.found:
            mark = "ok" if f.present else ("MISSING" if f.need.required else "absent")
            need = "needed" if f.need.required else "optional"
            lines.append(row(mark, f.need.name, f"{f.need.kind}, {need} for {f.need.used_for}"))
    lines += ["", "optional extras"]
    for e in r.extras:
        detail = e.used_for if e.present else f"{e.used_for}; not installed (missing {', '.join(e.missing)}); pip install 'clipper[{e.name}]'"
        lines.append(row("ok" if e.present else "absent", e.name, detail))
    lines += ["", "fonts"]
    lines.append(row("ok", "audiogram", r.font) if r.font else
                 row("absent", "audiogram", "no font found: audiograms are made without a title (install fonts-dejavu)"))
    lines.append("")
    lines.append("everything clipper needs is here" if r.ok else
                 f"missing what clipper needs: {', '.join(r.missing_required)}")
    return "\n".join(lines)


@command("doctor")
def doctor_cmd(
    ffmpeg: Optional[str] = common.FFMPEG,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object on stdout (for scripts)."),
) -> None:
    """Which ffmpeg is used and its version, its encoders and filters, optional extras, fonts for audiograms.

    Exit status 1 when something clipper needs is missing.
    """
    report = doctor_mod.check(ffmpeg)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        typer.echo(format_report(report))
    if not report.ok:
        raise typer.Exit(1)
