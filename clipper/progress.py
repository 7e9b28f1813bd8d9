"""Progress reporting: library code takes an optional ``progress(step, fraction)`` callback.

The library never prints. It calls ``progress("alignment", 0.4)`` (a short step name and the share
of the whole job done, 0..1) when given a callback; ``scaled`` maps a sub-task's own 0..1 into a
slice of its caller's range. The CLI renders the calls with a rich progress bar on stderr
(``bar``); ``--quiet`` and ``--json`` pass ``None`` instead.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

Progress = Callable[[str, float], None]


def null(step: str, fraction: float) -> None:
    """A callback that does nothing."""


def scaled(progress: Progress | None, lo: float, hi: float, prefix: str = "") -> Progress:
    """A callback for a sub-task whose 0..1 maps to ``lo..hi`` of ``progress``'s range."""
    if progress is None:
        return null

    def report(step: str, fraction: float) -> None:
        f = min(1.0, max(0.0, fraction))
        progress(f"{prefix}{step}", lo + (hi - lo) * f)

    return report


@contextlib.contextmanager
def bar(description: str, *, enabled: bool = True) -> Iterator[Progress | None]:
    """A rich progress bar on stderr for the duration of the block; yields the callback (``None`` when
    disabled, or when stderr is not a terminal). Fractions only ever move the bar forward."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:  # a log file or a pipe: no bar (rich would still leave a blank line)
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[step]}"), TimeElapsedColumn())
    with RichProgress(*columns, console=console, transient=True) as rp:
        task = rp.add_task(description, total=1.0, step="")
        done = [0.0]

        def report(step: str, fraction: float) -> None:
            done[0] = max(done[0], min(1.0, fraction))
            rp.update(task, completed=done[0], step=step)

        yield report
