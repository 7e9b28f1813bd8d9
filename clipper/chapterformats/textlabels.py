"""Line-per-chapter text formats: Audacity labels and mp4v2/Nero chapter text (``mp4chaps``)."""
from __future__ import annotations

import re

from .. import timecode
from ..errors import ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, line_share, render, rows

# --- Audacity label track: start<TAB>end<TAB>label, seconds -----------------------------------


def _seconds(ms: int) -> str:
    return f"{ms // 1000}.{ms % 1000:03d}000"


def write_audacity(cl: ChapterList, *, templates: str | None = None) -> str:
    return render("chapters.audacity.j2", cl, rows(cl, time=_seconds), templates)


_AUD = re.compile(r"^(?P<start>\d+(?:\.\d+)?)\t(?P<end>\d+(?:\.\d+)?)(?:\t(?P<title>.*))?$")
_AUD_FREQ = re.compile(r"^\\\t")  # Audacity's spectral-label line: "\<TAB>low<TAB>high"


def read_audacity(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    found, skipped = [], 0
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or _AUD_FREQ.match(line):
            continue
        m = _AUD.match(line.rstrip("\n"))
        if m is None:
            if lenient:
                skipped += 1
                continue
            raise ParseError("not an Audacity label line (start<TAB>end<TAB>label, in seconds)", path=path,
                             line=n, text=line)
        found.append(Read(timecode.parse(m.group("start")), (m.group("title") or "").strip(), n,
                          end=timecode.parse(m.group("end"))))
    notes = [f"{path}: skipped {skipped} malformed line(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, skipped=notes)


def sniff_audacity(text: str) -> float:
    return line_share(text, _AUD) * 0.9


# --- mp4chaps: HH:MM:SS.mmm Title -------------------------------------------------------------


def write_mp4chaps(cl: ChapterList, *, templates: str | None = None) -> str:
    return render("chapters.mp4chaps.j2", cl, rows(cl, time=timecode.format_clock), templates)


_MP4 = re.compile(r"^\s*(?P<time>\d+:\d{2}:\d{2}\.\d{1,3})(?:\s+(?P<title>.*?))?\s*$")


def read_mp4chaps(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    found, skipped = [], 0
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _MP4.match(line)
        ms = None
        if m:
            try:
                ms = timecode.parse(m.group("time"))
            except ValueError:
                ms = None
        if ms is None:
            if lenient:
                skipped += 1
                continue
            raise ParseError("not a chapter line (expected 'HH:MM:SS.mmm Title')", path=path, line=n, text=line)
        found.append(Read(ms, m.group("title") or "", n))  # type: ignore[union-attr]
    notes = [f"{path}: skipped {skipped} malformed line(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, skipped=notes)


def sniff_mp4chaps(text: str) -> float:
    share = line_share(text, _MP4)
    return share * 0.85 if share >= 0.5 else 0.0


AUDACITY = Format(
    "audacity",
    "Audacity label track (start, end, label in seconds)",
    extensions=(".audacity.txt", "labels.txt"),
    read=read_audacity,
    write=write_audacity,
    sniff=sniff_audacity,
    filename="chapters.audacity.txt",
)
MP4CHAPS = Format(
    "mp4chaps",
    "mp4v2/Nero chapter text (HH:MM:SS.mmm Title)",
    extensions=(".mp4chaps.txt", ".chapters.txt"),
    read=read_mp4chaps,
    write=write_mp4chaps,
    sniff=sniff_mp4chaps,
    filename="chapters.mp4chaps.txt",
)
