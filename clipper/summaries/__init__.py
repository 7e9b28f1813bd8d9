"""Summary formats: the written summary whose section headings name the chapters.

Readers: ``read(text: str, *, path: str = "<string>", lenient: bool = False, warnings: list[str] | None
= None) -> Summary``. A summary with no sections is an ``InputError``. A summary whose sections all carry
times (an existing chapter list) is returned with ``Section.start`` set, and clipper uses those times as
they are. What a reader leaves out inside the sections (a line of page chrome between two of them) is
told as ``"file:line: ..."`` into ``warnings``, or, when no list is given, the ``clipper.summaries`` log.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace

from ..model import ChapterList, Section, Summary
from ..registry import Registry
from ..textio import read_text

SUMMARY_FORMATS: Registry[Summary] = Registry("summary")


# Chapter formats whose lines the ``chapterlist`` summary reader reads as they are ("0:00 Intro").
_READ_AS_CHAPTER_LINES = frozenset({"youtube", "mp4chaps"})
_KIND_CHAPTERS = re.compile(r"^Kind:\s*chapters\s*$", re.I | re.M)
CHAPTER_CUE_MS = 30_000  # a caption is on screen for seconds; a chapter lasts minutes


def _vtt_chapters(text: str) -> bool:
    """A WebVTT chapters track (clipper's own chapters.vtt, or one made for ``<track kind="chapters">``):
    every cue is one line with no voice tag, and half of them or more last ``CHAPTER_CUE_MS`` or longer
    (the last cue of a track whose end was unknown lasts 1 ms, so the median, not every cue)."""
    from ..chapterformats import vtt
    from ..errors import ClipperError

    try:
        chapters = vtt.read(text, lenient=True).chapters
    except ClipperError:
        return False
    if not chapters or "<v " in text or "<v." in text:
        return False
    if _KIND_CHAPTERS.search(text.split("\n\n", 1)[0]):
        return True  # the header says so ("Kind: chapters"), whatever the chapters' lengths
    if not _one_line_cues(text.split("\n\n", 1)[-1]):
        return False  # a cue of two or more text lines: a caption
    lengths = sorted(c.end - c.start for c in chapters)
    return lengths[len(lengths) // 2] >= CHAPTER_CUE_MS


def _one_line_cues(text: str) -> bool:
    """Whether every cue (a blank-line block with a timing line) has one line of text after its timing: a chapter's
    title, not a caption's two lines."""
    blocks = [b.strip().split("\n") for b in text.replace("\r\n", "\n").split("\n\n") if "-->" in b]
    return not any(len(b) - next(i for i, ln in enumerate(b) if "-->" in ln) > 2 for b in blocks)


_CUE_TIMING = re.compile(
    r"^\s*(?P<a>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+(?P<b>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$")
CAPTION_SHARE = 0.2  # at least this share of the non-empty lines are cue timing lines: a caption file


def caption_track(text: str) -> tuple[int, int, int] | None:
    """``(line of the first cue timing, cues, median cue length in ms)`` when ``text`` is a caption or
    subtitle track (WebVTT or SRT cues: ``00:00:01,588 --> 00:00:03,120`` timing lines make up
    ``CAPTION_SHARE`` of its lines or more), else ``None``. A chapters track is ``chapter_format``'s."""
    from .. import timecode

    lines = text.split("\n")
    cues: list[tuple[int, int]] = []
    nonempty = 0
    for no, ln in enumerate(lines, 1):
        if not ln.strip():
            continue
        nonempty += 1
        m = _CUE_TIMING.match(ln)
        if m:
            try:
                cues.append((no, timecode.parse(m.group("b")) - timecode.parse(m.group("a"))))
            except ValueError:
                continue
    if not cues or len(cues) < CAPTION_SHARE * nonempty:
        return None
    lengths = sorted(n for _, n in cues)
    return cues[0][0], len(cues), lengths[len(lengths) // 2]


def _refuse_caption_track(text: str, path: str) -> None:
    """An ``InputError`` naming ``path`` when ``text`` is a caption track: its cues are a transcript's."""
    from ..errors import InputError

    found = caption_track(text)
    if found is None:
        return
    line, n, median = found
    kind = "WebVTT caption" if text.lstrip("\ufeff").startswith("WEBVTT") else "subtitle (SRT)"
    if median >= CHAPTER_CUE_MS and _one_line_cues(text):  # chapters, in a form no chapter reader takes
        raise InputError(
            f"{n:,} one-line cue{'s' if n != 1 else ''} of minutes in {kind.split()[0]} form, not a summary: if they are "
            "chapters, write them as a chapter list ('0:00 Title' lines) or a WebVTT chapters track",
            path=path, line=line)
    raise InputError(
        f"this is a {kind} track ({n:,} cue{'s' if n != 1 else ''}, typically {median / 1000:.1f} s long), not a "
        "summary or chapter list: give it as the TRANSCRIPT", path=path, line=line)


def chapter_format(text: str, path: str | os.PathLike[str] | None = None, format: str | None = None) -> str | None:
    """The chapter format (``clipper.chapterformats``) ``text`` is written in when it is a chapter file
    clipper can read back (chapters.cue, .json, .psc.xml, .mkv.xml, .ffmetadata, .audacity.txt, .vtt), else
    ``None``. ``format``, when given, must name such a format (and not a summary format) to count. A WebVTT
    file counts when named, or when its cues are chapters, not captions (``_vtt_chapters``)."""
    from ..chapterformats import CHAPTER_FORMATS  # lazily: chapterformats imports the model side of summaries
    from ..errors import UnknownFormatError

    readable = set(CHAPTER_FORMATS.names(readable=True)) - _READ_AS_CHAPTER_LINES
    if format is not None:
        return format if format in readable and format not in SUMMARY_FORMATS.names() else None
    try:
        fmt = CHAPTER_FORMATS.detect(text, path)
    except UnknownFormatError:
        return None
    if fmt.name == "vtt":  # a caption track far more often than chapters: chapters only when its cues are
        return fmt.name if _vtt_chapters(text) else None
    return fmt.name if fmt.name in readable else None


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


# A terminal escape sequence goes whole (ECMA-48): ESC [ CSI ... final 0x40-0x7E; a control string, ESC ] OSC,
# ESC P DCS, ESC X SOS, ESC ^ PM, ESC _ APC, to its BEL or ST (not past the line); ESC, intermediates 0x20-0x2F, one
# final 0x30-0x7E (ESC ( B, what ``tput sgr0`` prints; ESC 7, ESC c). Any other C0/C1 control then goes alone: a
# heading with ESC in it would colour (or retitle) the terminal that prints it, and players show junk. 8-bit C1
# controls in decoded text are nearly always mojibake ("Scaling \x9bLaws"), so they take text with them only when a
# well-formed sequence follows: a CSI (U+009B) digits and ';' with at least one digit, then a final byte ("\x9b31m");
# a control string (U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM, U+009F APC) only up to its terminator.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b(?=[0-9;]*[0-9])[0-9;]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
)
_LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HEADING_SPACE = re.compile(r"[ \t\n]+")  # ASCII only: a heading's U+3000 or no-break space is typography
# C1 codes no terminal uses, which text decoded as Latin-1 instead of Windows-1252 carries for that code page's
# characters ("Don\x92t", "\x80 5", "caf\x8a"): given back. NEL (0x85) stays a line break; the codes that open or
# close escape strings (0x90 0x98 0x9B-0x9F) stay controls.
_CP1252_PUNCTUATION = str.maketrans({chr(c): bytes([c]).decode("cp1252")
                                     for c in (*range(0x80, 0x85), *range(0x86, 0x90), *range(0x91, 0x98), 0x99, 0x9A)
                                     if c not in (0x81, 0x8D, 0x8F)})


def clean_text(text: str, *, one_line: bool = False) -> str:
    """``text`` without C0/C1 control characters (escape sequences go whole); tabs and line breaks stay
    (a vertical tab, form feed, CR or NEL becomes a line break), or with ``one_line`` become a space."""
    text = _CONTROL.sub("", _LINE_BREAK.sub("\n", _ESCAPE.sub("", text)).translate(_CP1252_PUNCTUATION))
    return _HEADING_SPACE.sub(" ", text).strip() if one_line else text


def clean_summary(summary: Summary) -> Summary:
    """``summary`` with control characters taken out of its title, headings and bodies (``clean_text``), so
    every chapter format, the report and ``clipper inspect`` see clean text. Unchanged when already clean."""
    sections = tuple(
        replace(s, heading=clean_text(s.heading, one_line=True), body=clean_text(s.body)) for s in summary.sections
    )
    title = clean_text(summary.title, one_line=True) if summary.title is not None else None
    if sections == summary.sections and title == summary.title:
        return summary
    return replace(summary, title=title, sections=sections)


def parse_summary(
    text: str, *, format: str | None = None, path: str = "<string>", lenient: bool = False,
    warnings: list[str] | None = None,
) -> Summary:
    """Read a summary. A chapter file clipper writes (``chapter_format``) is read with its chapter reader
    and becomes a timed summary, the chapters used as they are placed. Control characters are taken out of
    the headings and bodies (``clean_summary``). A caption or subtitle track (WebVTT or SRT cues of seconds,
    ``caption_track``) is an ``InputError``: it is a transcript."""
    as_chapters = chapter_format(text, path, format)
    if as_chapters is not None:
        from ..chapterformats import parse_chapters

        chapters = parse_chapters(text, format=as_chapters, path=path, lenient=lenient)
        return clean_summary(chapters_to_summary(chapters, text, format=as_chapters, path=path))
    _refuse_caption_track(text, path)
    fmt = SUMMARY_FORMATS.get(format) if format else SUMMARY_FORMATS.detect(text, path)
    return clean_summary(SUMMARY_FORMATS.reader(fmt.name)(text, path=path, lenient=lenient, warnings=warnings))


def load_summary(path: str | os.PathLike[str], *, format: str | None = None, lenient: bool = False,
                 warnings: list[str] | None = None) -> Summary:
    """Read a summary file; the format is detected unless named. ``warnings`` collects what was left out."""
    return parse_summary(read_text(path), format=format, path=str(path), lenient=lenient, warnings=warnings)


from . import page, markdown, headings, chapterlist  # noqa: E402,F401
