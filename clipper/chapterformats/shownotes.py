"""Show notes: the episode title, the chapter list with YouTube-style times, and each section's text.

``markdown`` escapes the Markdown punctuation in titles; ``html`` is one self-contained page (inline
CSS, no scripts, nothing fetched) from an autoescaped template.
"""
from __future__ import annotations

import re

from .. import timecode
from ..model import ChapterList
from ..registry import Format
from ._common import clean_title, render, rows

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", clean_title(text))


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def write_markdown(cl: ChapterList, *, templates: str | None = None) -> str:
    items = rows(cl, time=timecode.format_youtube, title=md_escape)
    return render("shownotes.md.j2", cl, items, templates, title_text=md_escape(cl.title) if cl.title else None)


def write_html(cl: ChapterList, *, templates: str | None = None) -> str:
    items = rows(cl, time=timecode.format_youtube)
    return render("shownotes.html.j2", cl, items, templates, paragraphs=paragraphs,
                  title_text=clean_title(cl.title) if cl.title else None)


MARKDOWN = Format(
    "markdown",
    "Show notes in Markdown (chapter list and each section's summary)",
    extensions=(".md", ".markdown"),
    write=write_markdown,
    filename="shownotes.md",
)
HTML = Format(
    "html",
    "Show notes as one self-contained HTML page",
    extensions=(".html", ".htm"),
    write=write_html,
    filename="shownotes.html",
)
