"""The command line: thin typer commands over the library API.

Each command lives in its own module and registers itself on ``app`` with ``@command``, which turns
every ``ClipperError`` into one line on stderr (``error: file:line: what is wrong``) and exit 2.
"""
from __future__ import annotations

import importlib

from ._app import StdoutError, app, command, guard_stdout, quiet_stdout  # noqa: F401

COMMANDS = ("inspect", "chapters", "subtitles", "retime", "embed", "clip", "run", "batch", "doctor", "formats")

for _name in COMMANDS:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as e:  # a command module not written yet
        if e.name != f"{__name__}.{_name}":
            raise


def _terminate(signum, frame) -> None:
    # `kill`, a closing terminal or a CI timeout sends SIGTERM: unwind like Ctrl-C, so staged
    # temporary files are removed and nothing partial is left under a final name.
    raise KeyboardInterrupt


def main() -> None:
    import signal
    import sys

    signal.signal(signal.SIGTERM, _terminate)
    guard_stdout()  # a stdout that cannot be written is one error line, not a traceback
    try:
        app(prog_name="clipper")
    finally:  # what is still buffered is written now, while a failure can still be said
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
        except StdoutError as e:
            quiet_stdout()
            print(f"error: <stdout>: cannot write: {e.strerror or e}", file=sys.stderr)
            sys.exit(2)
