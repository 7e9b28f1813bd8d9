from __future__ import annotations

import functools
import io
import os
import sys
from typing import Callable

import typer
from typer._click import exceptions as clickx
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .. import __version__
from ..errors import ClipperError


_VALUE_NAMES = {"Path": "PATH", "str": "TEXT", "float": "N", "int": "N"}


def _no_type(ctx) -> None:
    return None


class _PlainHelp:
    """Help that reads like a man page, not like Python types.

    typer shows every parameter with its type (``<bool>`` on flags that take no value) and a required
    argument as ``{name}`` in the usage line. Here an argument is its name in capitals (``TRANSCRIPT``,
    ``[NAME]`` when optional, ``...`` when repeated) and a flag shows no value at all.
    """

    def _tidy(self) -> None:
        for p in self.params:  # type: ignore[attr-defined]
            if isinstance(p, TyperArgument):  # its name says what it is: no "<path>" or "<list[Path]>" beside it
                if p.metavar is None:
                    p.metavar = p.name.upper()
                p.display_type_rich = _no_type  # type: ignore[method-assign]
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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):
        """typer's main, with clipper's own last words: a usage error is one ``error:`` line and a
        hint (not a boxed panel), and output that cannot be written is one line (not a traceback)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except clickx.NoArgsIsHelpError:
            sys.exit(2)  # the help is already printed
        except clickx.UsageError as e:
            typer.echo(usage_error(e), err=True)
            sys.exit(e.exit_code)
        except clickx.ClickException as e:
            typer.echo(f"error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        except BrokenPipeError:
            quiet_stdout()
            sys.exit(0)
        except StdoutError as e:
            quiet_stdout()
            typer.echo(f"error: <stdout>: cannot write: {e.strerror or e}", err=True)
            sys.exit(2)
        sys.exit(rv if isinstance(rv, int) else 0)


def usage_error(e: clickx.UsageError) -> str:
    """``error: --option: what is wrong`` and the help hint, as a command's own errors read."""
    message = e.format_message()
    param = getattr(e, "param", None)
    if isinstance(e, clickx.BadParameter) and not isinstance(e, clickx.MissingParameter) and param is not None:
        longest = sorted(param.opts, key=lambda o: (not o.startswith("--"), -len(o)))
        name = longest[0] if isinstance(param, TyperOption) and longest else (param.metavar or param.name or "")
        message = f"{name}: {_lower(e.message.removeprefix('Value error, '))}"
    else:
        message = _lower(message)
    lines = [f"error: {message}"]
    ctx = e.ctx
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        lines.append(f"Try '{ctx.command_path} {ctx.help_option_names[0]}'.")
    return "\n".join(lines)


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


class StdoutError(OSError):
    """Standard output could not be written (a full disk, /dev/full, a closed terminal)."""


class _Stdout(io.FileIO):
    """File descriptor 1 whose failed writes say they are stdout's (``StdoutError``), so they can be
    told apart from any other OSError; a closed pipe stays a ``BrokenPipeError``."""

    def write(self, b):
        try:
            return super().write(b)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise StdoutError(e.errno, e.strerror) from None


def guard_stdout() -> None:
    """Put ``sys.stdout`` on a ``_Stdout``, keeping its encoding and buffering (``clipper`` only; not in tests)."""
    out = sys.stdout
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        return
    import rich.console

    rich.console.Console.on_broken_pipe = _rich_broken_pipe  # type: ignore[method-assign]
    raw = _Stdout(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=out.encoding, errors=out.errors,
                                  line_buffering=out.line_buffering, write_through=getattr(out, "write_through", False))


def _rich_broken_pipe(console) -> None:
    """rich's reaction to a closed pipe (``--help | head``) is ``SystemExit(1)``; here it is the
    ``BrokenPipeError`` it caught, which ``ClipperGroup.main`` ends with status 0 like any other write."""
    console.quiet = True
    raise BrokenPipeError


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit neither fails again nor prints "Exception ignored"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


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
            except BrokenPipeError:  # the reader went away (`| head -1`): nothing more to say, nowhere to say it
                quiet_stdout()
                raise typer.Exit(0) from None

        kwargs.setdefault("cls", ClipperCommand)
        return app.command(*args, **kwargs)(wrapper)

    return deco
