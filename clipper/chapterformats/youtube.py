"""YouTube chapters: the ``0:00 Title`` block pasted into a video description.

YouTube's rules: the first time is ``0:00``, times go up, there are at least 3 chapters and each
lasts at least 10 seconds. Times are ``m:ss`` under an hour and ``h:mm:ss`` from an hour, whole
seconds. ``youtube_fixups`` repairs what it can (and says what it changed); the writer applies it.
YouTube refuses a description holding ``<`` or ``>`` ("Invalid characters"), so a title's ``<`` and ``>``
are written as ``‹`` and ``›``; a block longer than a description's 5,000 characters is said, not cut.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import timecode
from ..errors import ClipperError, InputError, ParseError
from ..model import Chapter, ChapterList
from ..registry import Format
from ._common import Read, build, clean_title, line_share, render, rows

MIN_CHAPTERS = 3
MIN_SECONDS = 10
MAX_DESCRIPTION = 5_000  # characters in a YouTube description, the chapter block and all
_ANGLES = str.maketrans({"<": "\u2039", ">": "\u203a"})  # ‹ ›: YouTube refuses < and > in a description

_LINE = re.compile(
    r"^\s*(?P<time>(?:\d+:)?\d{1,2}:\d{2})\s+(?:[-\u2013\u2014|:]\s+)?(?P<title>\S.*?)\s*$"
)


class TooFewChapters(InputError):
    """The chapters cannot make a YouTube chapter list: fewer than 3 of at least 10 s (``path``: the summary
    they came from, when the caller names it). Other formats can still be written."""


def _sec(ms: int) -> int:
    return ms // 1000


def _yt(ms: int) -> str:
    return timecode.format_youtube(ms)


def youtube_fixups(cl: ChapterList, *, source: str | None = None) -> tuple[ChapterList, list[str]]:
    """Make ``cl`` follow YouTube's rules; return the fixed list and one message per change.

    Chapters out of order are sorted; the first chapter is moved to 0:00; a chapter shorter than
    10 s (in the whole seconds YouTube shows) is merged into the chapter before it (the first one into
    the chapter after it, which then starts at 0:00). Fewer than 3 chapters left is ``TooFewChapters``
    (naming ``source``, the summary the chapters came from, when given). A title's ``<`` and ``>``
    become ``‹`` and ``›``. A block (as the built-in template writes it) longer than ``MAX_DESCRIPTION``
    characters is said with its length: that is a warning, not a change, and is said every time.
    """
    messages: list[str] = []
    chs: list[Chapter] = list(cl.chapters)
    if not chs:
        raise ClipperError("no chapters to write")
    angled = [c.title for c in chs if "<" in c.title or ">" in c.title]
    notes: list[str] = []  # said with the fixes, but no reason for too few chapters
    if angled:
        chs = [replace(c, title=c.title.translate(_ANGLES)) for c in chs]
        shown = ", ".join(repr(t) for t in angled[:3]) + (f" and {len(angled) - 3} more" if len(angled) > 3 else "")
        notes.append(f"'<' and '>' written as '\u2039' and '\u203a' in {len(angled)} chapter title"
                        f"{'' if len(angled) == 1 else 's'} ({shown}): YouTube refuses them in a description")
    if any(b.start < a.start for a, b in zip(chs, chs[1:])):
        chs.sort(key=lambda c: c.start)
        messages.append("chapters were not in time order; sorted them")
    if chs[0].start != 0:
        if _sec(chs[0].start) != 0:
            messages.append(
                f"first chapter {chs[0].title!r} moved from {_yt(chs[0].start)} to 0:00 "
                "(YouTube needs the first chapter at 0:00)"
            )
        chs[0] = replace(chs[0], start=0)
    last = chs[-1]
    episode_end = cl.duration if cl.duration is not None and cl.duration > last.start else (
        last.end if last.end > last.start else None
    )
    while True:
        short = None
        for i, c in enumerate(chs):
            nxt = chs[i + 1].start if i + 1 < len(chs) else episode_end
            if nxt is not None and _sec(nxt) - _sec(c.start) < MIN_SECONDS:
                short = i
                break
        if short is None or len(chs) == 1:
            break
        c = chs[short]
        nxt = chs[short + 1].start if short + 1 < len(chs) else episode_end
        length = _sec(nxt) - _sec(c.start)  # type: ignore[operator]
        if short == 0:
            into = chs[1]
            messages.append(
                f"chapter {c.title!r} at 0:00 lasts {length} s (YouTube needs {MIN_SECONDS}): "
                f"merged into the next chapter {into.title!r}, which now starts at 0:00"
            )
            chs[1] = replace(into, start=0)
        else:
            into = chs[short - 1]
            messages.append(
                f"chapter {c.title!r} at {_yt(c.start)} lasts {length} s (YouTube needs {MIN_SECONDS}): "
                f"merged into the chapter before it, {into.title!r}"
            )
            chs[short - 1] = replace(into, end=max(into.end, c.end))
        del chs[short]
    fixed = []
    for i, c in enumerate(chs):
        end = chs[i + 1].start if i + 1 < len(chs) else max(c.end, c.start)
        fixed.append(replace(c, end=end) if end >= c.start else c)
    if len(fixed) < MIN_CHAPTERS:
        raise TooFewChapters(
            f"YouTube needs at least {MIN_CHAPTERS} chapters of at least {MIN_SECONDS} s; "
            f"only {len(fixed)} left after fixing" + (f" ({'; '.join(messages)})" if messages else ""),
            path=source,
        )
    messages = notes + messages
    result = replace(cl, chapters=tuple(fixed))
    length = len(render("chapters.youtube.j2", result, rows(result, time=_yt), None).rstrip("\n"))
    if length > MAX_DESCRIPTION:
        messages.append(f"the YouTube chapter list is {length:,} characters; a YouTube description holds at most "
                        f"{MAX_DESCRIPTION:,} (shorten the titles or merge chapters)")
    return result, messages


def write(cl: ChapterList, *, templates: str | None = None) -> str:
    """The description block. Applies ``youtube_fixups`` (call it yourself to see its messages)."""
    fixed, _ = youtube_fixups(cl)
    return render("chapters.youtube.j2", fixed, rows(fixed, time=_yt), templates)


def _timed_lines(text: str, path: str, lenient: bool) -> tuple[list[Read], list[str]]:
    found: list[Read] = []
    skipped = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
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
            raise ParseError("not a chapter line (expected 'm:ss Title' or 'h:mm:ss Title')", path=path, line=n, text=line)
        found.append(Read(ms, m.group("title"), n))  # type: ignore[union-attr]
    notes = [f"{path}: skipped {skipped} line(s) that are not chapter lines"] if skipped else []
    return found, notes


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    found, notes = _timed_lines(text, path, lenient)
    return build(found, path=path, lenient=lenient, skipped=notes)


def sniff(text: str) -> float:
    share = line_share(text, _LINE)
    return share * 0.9 if share >= 0.5 else 0.0


FORMAT = Format(
    "youtube",
    "YouTube description chapters (0:00 Title)",
    extensions=(".youtube.txt", "youtube.txt"),
    read=read,
    write=write,
    sniff=sniff,
    filename="youtube.txt",
)

__all__ = ["FORMAT", "TooFewChapters", "youtube_fixups", "write", "read", "clean_title"]
