"""The command line: thin typer commands over the library API.

Each command lives in its own module and registers itself on ``app`` with ``@command``, which turns
every ``ClipperError`` into one line on stderr (``error: file:line: what is wrong``) and exit 2.
"""
from __future__ import annotations

import importlib

from ._app import app, command  # noqa: F401

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

    signal.signal(signal.SIGTERM, _terminate)
    app(prog_name="clipper")
