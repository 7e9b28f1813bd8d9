from __future__ import annotations

import functools
import sys
from typing import Callable

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .. import __version__
from ..errors import ClipperError


_VALUE_NAMES = {"Path": "PATH", "str": "TEXT", "float": "N", "int": "N"}


class _PlainHelp:
    """Help that reads like a man page, not like Python types.

    typer shows every parameter with its type (``<bool>`` on flags that take no value) and a required
    argument as ``{name}`` in the usage line. Here an argument is its name in capitals (``TRANSCRIPT``,
    ``[NAME]`` when optional, ``...`` when repeated) and a flag shows no value at all.
    """

    def _tidy(self) -> None:
        for p in self.params:  # type: ignore[attr-defined]
            if isinstance(p, TyperArgument) and p.metavar is None:
                p.metavar = p.name.upper()
            elif isinstance(p, TyperOption) and p.is_flag and p.metavar is None:
                p.metavar = ""
            elif isinstance(p, TyperOption) and p.metavar is None:  # a value: named by its kind, not its type
                kind = p.bare_type()
                p.metavar = _VALUE_NAMES.get(kind, kind.upper())

    def get_help_option(self, ctx):
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None and opt.metavar is None:
            opt.metavar = ""
        return opt

    def collect_usage_pieces(self, ctx) -> list[str]:
        rv = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for p in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(p, TyperArgument):
                name = p.metavar + ("..." if p.nargs != 1 else "")
                rv.append(name if p.required else f"[{name}]")
            else:
                rv.extend(p.get_usage_pieces(ctx))
        return rv


class ClipperCommand(_PlainHelp, TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tidy()


class ClipperGroup(_PlainHelp, TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tidy()

    def collect_usage_pieces(self, ctx) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]


app = typer.Typer(
    name="clipper",
    cls=ClipperGroup,
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

        kwargs.setdefault("cls", ClipperCommand)
        return app.command(*args, **kwargs)(wrapper)

    return deco
