"""Summary formats: the written summary whose section headings name the chapters.

Readers: ``read(text: str, *, path: str = "<string>", lenient: bool = False, warnings: list[str] | None
= None) -> Summary``. A summary with no sections is an ``InputError``. A summary whose sections all carry
times (an existing chapter list) is returned with ``Section.start`` set, and clipper uses those times as
they are. What a reader leaves out inside the sections (a line of page chrome between two of them) is
told as ``"file:line: ..."`` into ``warnings``, or, when no list is given, the ``clipper.summaries`` log.
"""
from __future__ import annotations

import os

from ..model import ChapterList, Section, Summary
from ..registry import Registry
from ..textio import read_text

SUMMARY_FORMATS: Registry[Summary] = Registry("summary")


# Chapter formats whose lines the ``chapterlist`` summary reader reads as they are ("0:00 Intro").
_READ_AS_CHAPTER_LINES = frozenset({"youtube", "mp4chaps"})
# Read as chapters only when named: a WebVTT file given as the summary is far likelier a caption track.
_NAMED_ONLY = frozenset({"vtt"})


def chapter_format(text: str, path: str | os.PathLike[str] | None = None, format: str | None = None) -> str | None:
    """The chapter format (``clipper.chapterformats``) ``text`` is written in when it is a chapter file
    clipper can read back (chapters.cue, .json, .psc.xml, .mkv.xml, .ffmetadata, .audacity.txt), else
    ``None``. ``format``, when given, must name such a format (and not a summary format) to count."""
    from ..chapterformats import CHAPTER_FORMATS  # lazily: chapterformats imports the model side of summaries
    from ..errors import UnknownFormatError

    readable = set(CHAPTER_FORMATS.names(readable=True)) - _READ_AS_CHAPTER_LINES
    if format is not None:
        return format if format in readable and format not in SUMMARY_FORMATS.names() else None
    try:
        fmt = CHAPTER_FORMATS.detect(text, path)
    except UnknownFormatError:
        return None
    return fmt.name if fmt.name in readable - _NAMED_ONLY else None


def _line_of_titles(text: str, titles: list[str]) -> list[int | None]:
    """Best effort: the line each title is on, searching on from the previous one's."""
    lines = text.split("\n")
    out: list[int | None] = []
    i = 0
    for title in titles:
        j = next((k for k in range(i, len(lines)) if title and title in lines[k]), None)
        out.append(None if j is None else j + 1)
        i = i if j is None else j + 1
    return out


def chapters_to_summary(chapters: ChapterList, text: str = "", *, format: str, path: str) -> Summary:
    """A ``ChapterList`` as a timed summary: one section per chapter, the title its heading, its notes the
    body, its start the section's time (as ``chapterlist`` gives YouTube lines: chapters already placed).
    ``text``, the file read, gives each section the line its title is on."""
    from ..errors import InputError

    if not chapters.chapters:
        raise InputError(f"no chapters in this {format} chapter file", path=path, line=1)
    lines = _line_of_titles(text, [c.title for c in chapters.chapters])
    sections = tuple(Section(c.title, c.notes, c.start, line) for c, line in zip(chapters.chapters, lines))
    return Summary(chapters.title, sections, format=format, source=path)


def misordered_pin(sections) -> tuple[int, int] | None:
    """``(j, k)``: section ``j`` states a start before (or at) that of pinned section ``k`` above it; ``None``
    when the pinned starts increase, as sections keep their order."""
    last = None
    for j, sec in enumerate(sections):
        if sec.start is None:
            continue
        if last is not None and sec.start <= sections[last].start:
            return j, last
        last = j
    return None


def parse_summary(
    text: str, *, format: str | None = None, path: str = "<string>", lenient: bool = False,
    warnings: list[str] | None = None,
) -> Summary:
    """Read a summary. A chapter file clipper writes (``chapter_format``) is read with its chapter reader
    and becomes a timed summary, the chapters used as they are placed."""
    as_chapters = chapter_format(text, path, format)
    if as_chapters is not None:
        from ..chapterformats import parse_chapters

        chapters = parse_chapters(text, format=as_chapters, path=path, lenient=lenient)
        return chapters_to_summary(chapters, text, format=as_chapters, path=path)
    fmt = SUMMARY_FORMATS.get(format) if format else SUMMARY_FORMATS.detect(text, path)
    return SUMMARY_FORMATS.reader(fmt.name)(text, path=path, lenient=lenient, warnings=warnings)


def load_summary(path: str | os.PathLike[str], *, format: str | None = None, lenient: bool = False,
                 warnings: list[str] | None = None) -> Summary:
    """Read a summary file; the format is detected unless named. ``warnings`` collects what was left out."""
    return parse_summary(read_text(path), format=format, path=str(path), lenient=lenient, warnings=warnings)


from . import page, markdown, headings, chapterlist  # noqa: E402,F401
