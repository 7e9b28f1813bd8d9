"""`clipper batch`: `clipper run` over many episode folders in parallel, skipping the ones already done."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .. import batch as batch_mod
from ..progress import bar
from . import common
from ._app import command
from .run import given_options


def outcome_line(o: batch_mod.Outcome, out: Path) -> str:
    if o.status == "done":
        counted = f"{common.plural(o.chapters, 'chapter')}, " if o.chapters is not None else ""
        detail = f"{counted}{o.seconds:.1f} s, {out / o.name / 'report.html'}"
    elif o.status == "skipped":
        detail = "done before; inputs and options unchanged"
    elif o.status == "failed":
        detail = f"error: {o.error}"
    elif not o.started:
        detail = "not started"
    elif o.removed:
        detail = f"stopped; its {common.plural(o.removed, 'unfinished file')} removed"
    else:
        detail = "stopped before it wrote a file"
    return f"{o.status:<11} {o.name}: {detail}"


def print_result(result: batch_mod.BatchResult, *, quiet: bool, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    if quiet:
        for o in result.failed:
            typer.echo(f"error: {o.name}: {o.error}", err=True)
        return
    for o in result.outcomes:
        typer.echo(outcome_line(o, result.out))
    counts = ", ".join(f"{result.count(s)} {s}" for s in ("done", "skipped", "failed", "interrupted") if result.count(s))
    where = f" (manifest {result.manifest})" if result.manifest is not None else " (nothing recorded)"
    typer.echo(f"{common.plural(len(result.outcomes), 'episode')}: {counts}{where}", err=True)


@command("batch")
def batch_cmd(
    ctx: typer.Context,
    episodes: List[Path] = typer.Argument(..., help="Episode folders, each as `clipper run` takes it (its clipper.toml applies)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder: each episode goes to OUT/<folder name>."),
    jobs: Optional[int] = common.whole_option(None, "--jobs", "-j", low=1, help="Episodes run at once (default: CPU count, at most 4)."),
    force: bool = typer.Option(False, "--force", help="Redo episodes already done, and overwrite output files clipper did not write or that were changed since."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no table; only failures on stderr."),
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
    """`clipper run` over many episode folders in parallel processes.

    A manifest (OUT/clipper-batch.json) records each finished episode; a re-run skips those whose inputs and options are unchanged and whose files are all there.

    Exit status 1 when an episode failed; Ctrl-C keeps every finished episode and removes the unfinished ones' files.
    """
    plan = batch_mod.plan(episodes, out)
    given = given_options(ctx)
    interrupted = None
    with bar(f"clipper batch: {common.plural(len(plan), 'episode')}", enabled=not (quiet or as_json)) as progress:
        try:
            result = batch_mod.run_batch(plan, out, given, jobs=jobs, force=force, progress=progress)
        except batch_mod.BatchInterrupted as e:
            result, interrupted = e.result, e
    print_result(result, quiet=quiet, as_json=as_json)
    if interrupted is not None:
        raise KeyboardInterrupt from None
    if result.failed:
        raise typer.Exit(1)
