"""Chapter formats: writers (and, where a format can be read back, readers) in one registry.

Writer signature: ``write(chapters: ChapterList, *, templates: str | None = None) -> str``.
Reader signature: ``read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList``.
Each format has a fixed file name used by ``--all``.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..model import ChapterList
from ..registry import Registry
from ..textio import check_writable, read_text, write_text

CHAPTER_FORMATS: Registry[ChapterList] = Registry("chapter")


def render(chapters: ChapterList, format: str, *, templates: str | os.PathLike[str] | None = None) -> str:
    return CHAPTER_FORMATS.writer(format)(chapters, templates=str(templates) if templates else None)


def parse_chapters(text: str, *, format: str | None = None, path: str = "<string>", lenient: bool = False) -> ChapterList:
    fmt = CHAPTER_FORMATS.get(format) if format else CHAPTER_FORMATS.detect(text, path)
    return CHAPTER_FORMATS.reader(fmt.name)(text, path=path, lenient=lenient)


def load_chapters(path: str | os.PathLike[str], *, format: str | None = None, lenient: bool = False) -> ChapterList:
    return parse_chapters(read_text(path), format=format, path=str(path), lenient=lenient)


def write_all(
    chapters: ChapterList,
    out_dir: str | os.PathLike[str],
    *,
    force: bool = False,
    templates: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write every writable format into ``out_dir`` under its fixed name; return the paths.

    Everything is rendered and every target checked first, so a template error or an existing file
    (without ``force``) writes nothing. YouTube's rules apply (``youtube.youtube_fixups``): fewer than
    3 chapters of 10 s is a ``ClipperError`` for the whole set.
    """
    out = Path(out_dir)
    written = []
    rendered = [(f, render(chapters, f.name, templates=templates)) for f in CHAPTER_FORMATS if f.write and f.filename]
    for fmt, _ in rendered:
        check_writable(out / fmt.filename, force=force)  # type: ignore[operator]
    for fmt, text in rendered:
        written.append(write_text(out / fmt.filename, text, force=force))
    return written


def _register() -> None:
    from . import cue, ffmetadata, jsonchapters, shownotes, textlabels, vtt, xmlformats, youtube

    for fmt in (
        youtube.FORMAT,
        jsonchapters.FORMAT,
        vtt.FORMAT,
        ffmetadata.FORMAT,
        xmlformats.PSC,
        xmlformats.MKVXML,
        cue.FORMAT,
        textlabels.AUDACITY,
        textlabels.MP4CHAPS,
        shownotes.MARKDOWN,
        shownotes.HTML,
    ):
        CHAPTER_FORMATS.register(fmt)


_register()
