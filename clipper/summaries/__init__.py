"""Summary formats: the written summary whose section headings name the chapters.

Readers: ``read(text: str, *, path: str = "<string>", lenient: bool = False, warnings: list[str] | None
= None) -> Summary``. A summary with no sections is an ``InputError``. A summary whose sections all carry
times (an existing chapter list) is returned with ``Section.start`` set, and clipper uses those times as
they are. What a reader leaves out inside the sections (a line of page chrome between two of them) is
told as ``"file:line: ..."`` into ``warnings``, or, when no list is given, the ``clipper.summaries`` log.
"""
from __future__ import annotations

import os

from ..model import Summary
from ..registry import Registry
from ..textio import read_text

SUMMARY_FORMATS: Registry[Summary] = Registry("summary")


def parse_summary(
    text: str, *, format: str | None = None, path: str = "<string>", lenient: bool = False,
    warnings: list[str] | None = None,
) -> Summary:
    fmt = SUMMARY_FORMATS.get(format) if format else SUMMARY_FORMATS.detect(text, path)
    return SUMMARY_FORMATS.reader(fmt.name)(text, path=path, lenient=lenient, warnings=warnings)


def load_summary(path: str | os.PathLike[str], *, format: str | None = None, lenient: bool = False,
                 warnings: list[str] | None = None) -> Summary:
    """Read a summary file; the format is detected unless named. ``warnings`` collects what was left out."""
    return parse_summary(read_text(path), format=format, path=str(path), lenient=lenient, warnings=warnings)


from . import page, markdown, headings, chapterlist  # noqa: E402,F401
