from __future__ import annotations

import functools
import sys
from typing import Callable

import typer

from .. import __version__
from ..errors import ClipperError

app = typer.Typer(
    name="clipper",
    help="Chapters, subtitles and quote clips from an episode's transcript and summary.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clipper {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Chapters, subtitles and quote clips from an episode's transcript and summary."""


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def command(*args, **kwargs) -> Callable:
    """``@app.command`` that turns library errors into one line and exit status 2."""

    def deco(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*a, **k):
            try:
                return fn(*a, **k)
            except ClipperError as e:
                raise fail(str(e)) from None
            except KeyboardInterrupt:
                typer.echo("interrupted: no partial output was left under a final name", err=True)
                raise typer.Exit(130) from None
            except BrokenPipeError:
                sys.stderr.close()
                raise typer.Exit(0) from None

        return app.command(*args, **kwargs)(wrapper)

    return deco
