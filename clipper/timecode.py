"""Text timestamps <-> integer milliseconds. The only place times are strings.

Readers call ``parse``; writers call the ``format_*`` helpers. Everything else uses ``int`` ms.
"""
from __future__ import annotations

import re

_CLOCK = re.compile(
    r"^\s*(?:(?P<h>[0-9]+):)?(?P<m>[0-9]{1,2}):(?P<s>[0-9]{1,2})(?:[.,](?P<frac>[0-9]{1,9}))?\s*$", re.ASCII
)
_SECONDS = re.compile(r"^\s*(?P<s>[0-9]+)(?:\.(?P<frac>[0-9]{1,9}))?\s*s?\s*$", re.ASCII)


def _frac_ms(frac: str | None) -> int:
    if not frac:
        return 0
    return int(round(int(frac) / 10 ** len(frac) * 1000))


def parse(text: str) -> int:
    """Parse ``HH:MM:SS(.mmm)``, ``MM:SS``, ``SS(.mmm)`` (``,`` also accepted as decimal mark).

    Digits are ASCII 0-9 only (``int()`` would also take Arabic-Indic and other Unicode digits).
    Raises ``ValueError`` on anything else; readers wrap it in a ``ParseError`` with file and line.
    """
    if any(c.isdigit() and not c.isascii() for c in text):
        raise ValueError(f"digits must be 0-9 in {text!r}")
    m = _CLOCK.match(text)
    if m:
        h = int(m.group("h") or 0)
        mi = int(m.group("m"))
        s = int(m.group("s"))
        if m.group("h") is not None and mi > 59:
            raise ValueError(f"minutes out of range in {text!r}")
        if s > 59:
            raise ValueError(f"seconds out of range in {text!r}")
        return ((h * 60 + mi) * 60 + s) * 1000 + _frac_ms(m.group("frac"))
    m = _SECONDS.match(text)
    if m:
        return int(m.group("s")) * 1000 + _frac_ms(m.group("frac"))
    raise ValueError(f"not a timestamp: {text!r}")


def seconds_to_ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def ms_to_seconds(ms: int) -> float:
    return ms / 1000


def _split(ms: int) -> tuple[int, int, int, int]:
    if ms < 0:
        raise ValueError(f"negative time {ms} ms")
    s, frac = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, frac


def format_clock(ms: int, sep: str = ".", always_hours: bool = True) -> str:
    """``HH:MM:SS.mmm`` (``sep=','`` for SRT). With ``always_hours=False``: ``MM:SS.mmm`` under an hour."""
    h, m, s, frac = _split(ms)
    if always_hours or h:
        return f"{h:02d}:{m:02d}:{s:02d}{sep}{frac:03d}"
    return f"{m:02d}:{s:02d}{sep}{frac:03d}"


def format_hms(ms: int) -> str:
    """``HH:MM:SS``, whole seconds (truncated)."""
    h, m, s, _ = _split(ms)
    return f"{h:02d}:{m:02d}:{s:02d}"


def format_youtube(ms: int, hours: bool | None = None) -> str:
    """YouTube description form: ``m:ss`` under an hour, ``h:mm:ss`` from an hour (or when ``hours``)."""
    h, m, s, _ = _split(ms)
    if hours is None:
        hours = h > 0
    if hours:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{m}:{s:02d}"
