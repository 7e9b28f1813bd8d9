"""Chapter formats: writers (and, where a format can be read back, readers) in one registry.

Writer signature: ``write(chapters: ChapterList, *, templates: str | None = None) -> str``; a writer that
names the audio file (cue's ``FILE`` line) also takes ``audio_name`` (the audio's file name), which
``render`` and ``write_all`` pass when given ``audio``.
Reader signature: ``read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList``.
Each format has a fixed file name used by ``--all``.
"""
from __future__ import annotations

import inspect
import os
from pathlib import Path

from ..model import ChapterList
from ..registry import Registry
from ..textio import check_writable, read_text, write_text

CHAPTER_FORMATS: Registry[ChapterList] = Registry("chapter")


def check_writer(format: str, *, option: str = "--format") -> str:
    """``format`` when chapters can be written in it, else an error listing those that can."""
    return CHAPTER_FORMATS.writable(format, option=option)


def output_format(path: str | os.PathLike[str], named: str | None = None, *, default: str = "youtube",
                  option: str = "--format") -> str:
    """The format to write the chapter file ``path`` in (``Registry.output_format``): ``-o x.json`` writes
    JSON; a name no writer owns (``x.txt``) takes ``named`` or ``default``."""
    return CHAPTER_FORMATS.output_format(path, named, default=default, option=option)


def all_paths(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Where ``write_all`` writes: every writable format's fixed file name in ``out_dir``."""
    return [Path(out_dir) / f.filename for f in CHAPTER_FORMATS if f.write and f.filename]


def check_all(out_dir: str | os.PathLike[str], *, force: bool = False, inputs: tuple = ()) -> list[Path]:
    """Check every ``write_all`` target (``textio.check_writable``) without writing anything."""
    return [check_writable(p, force=force, inputs=inputs) for p in all_paths(out_dir)]


def render(chapters: ChapterList, format: str, *, templates: str | os.PathLike[str] | None = None,
           audio: str | os.PathLike[str] | None = None) -> str:
    """``chapters`` as ``format`` text. ``audio``, the episode's audio when known, is named (by its file
    name: the chapter file sits next to it) by the formats that name one (a CUE sheet's ``FILE`` line)."""
    writer = CHAPTER_FORMATS.writer(format)
    options = {}
    if audio is not None and "audio_name" in inspect.signature(writer).parameters:
        options["audio_name"] = Path(audio).name
    return writer(chapters, templates=str(templates) if templates else None, **options)


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
    inputs: tuple = (),
    warnings: list[str] | None = None,
    source: str | os.PathLike[str] | None = None,
    audio: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write every writable format into ``out_dir`` under its fixed name; return the paths.

    Everything is rendered and every target checked first, so a template error, an existing file
    (without ``force``) or one of ``inputs`` among the targets (even with ``force``) writes nothing.
    YouTube's rules apply (``youtube.youtube_fixups``): fewer than 3 chapters of 10 s is a
    ``youtube.TooFewChapters`` error for the whole set, unless ``warnings`` is given: then youtube.txt
    alone is left out, and why is added to ``warnings`` (naming ``source``, the summary, when given).
    ``audio``, the episode's audio when known, is named as ``render`` names it.
    """
    from .youtube import TooFewChapters

    out = Path(out_dir)
    written = []
    rendered = []
    for f in CHAPTER_FORMATS:
        if not (f.write and f.filename):
            continue
        try:
            rendered.append((f, render(chapters, f.name, templates=templates, audio=audio)))
        except TooFewChapters as e:
            if warnings is None:
                raise TooFewChapters(e.message, path=None if source is None else str(source)) from None
            where = f"{source}: " if source is not None else ""
            warnings.append(f"{where}{f.filename} not written: {e.message}")
    for f, _ in rendered:
        check_writable(out / f.filename, force=force, inputs=inputs)
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
