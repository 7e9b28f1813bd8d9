"""Helpers shared by the chapter writers and readers: spans, titles, template rows, building results.

Writers see a ``ChapterList``; a chapter's ``end`` may equal its ``start`` when the episode length
is unknown, so ``spans`` works out the end each format should show. Readers collect
``(start, title, line)`` rows and hand them to ``build``, which checks the order and fills in ends.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .. import templating
from ..errors import ParseError
from ..model import Chapter, ChapterList, Ms

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean_title(title: str) -> str:
    """One line of printable text: whitespace runs (newlines, tabs) become one space, control characters go."""
    return _CONTROL.sub("", _SPACE.sub(" ", title)).strip()


def spans(cl: ChapterList) -> list[tuple[Ms, Ms]]:
    """``(start, end)`` per chapter, the end being the chapter's own end when it has one, else the next
    chapter's start, else the episode length; a last chapter with none of those has ``end == start``."""
    out = []
    chs = cl.chapters
    for i, c in enumerate(chs):
        end = c.end
        if end <= c.start:
            if i + 1 < len(chs):
                end = chs[i + 1].start
            elif cl.duration is not None:
                end = cl.duration
        out.append((c.start, max(end, c.start)))
    return out


@dataclass(frozen=True)
class Row:
    """One chapter as a template sees it: raw values plus the strings this format shows."""

    index: int  # 1-based
    start: Ms
    end: Ms
    title: str  # the raw title
    notes: str
    url: str | None
    img: str | None
    confidence: float
    start_text: str
    end_text: str
    title_text: str  # the title as this format carries it (cleaned, escaped where the format escapes)


def rows(
    cl: ChapterList,
    *,
    time: Callable[[Ms], str],
    title: Callable[[str], str] = clean_title,
    end_time: Callable[[Ms], str] | None = None,
) -> list[Row]:
    end_time = end_time or time
    return [
        Row(i + 1, s, e, c.title, c.notes, c.url, c.img, c.confidence, time(s), end_time(e), title(c.title))
        for i, (c, (s, e)) in enumerate(zip(cl.chapters, spans(cl)))
    ]


def render(template: str, cl: ChapterList, items: Sequence[Row], templates: str | None, **extra) -> str:
    """Render a chapter template. Context: ``title`` (episode, may be None), ``chapters`` (rows),
    ``duration`` (ms or None), ``estimated``, ``warnings``, ``cl`` (the ChapterList), plus ``extra``.
    A broken template (the user's own, usually) is an ``InputError`` naming the template file and line
    (clipper.templating.render)."""
    return _render(template, cl, items, templates, **extra)


def _render(template: str, cl: ChapterList, items: Sequence[Row], templates: str | None, **extra) -> str:
    return templating.render(
        template,
        templates=templates,
        title=cl.title,
        chapters=list(items),
        duration=cl.duration,
        estimated=cl.estimated,
        warnings=list(cl.warnings),
        cl=cl,
        **extra,
    )


@dataclass(frozen=True)
class Read:
    """One chapter as a reader found it."""

    start: Ms
    title: str
    line: int
    end: Ms | None = None
    url: str | None = None
    img: str | None = None


def build(
    items: Iterable[Read],
    *,
    path: str,
    lenient: bool = False,
    title: str | None = None,
    duration: Ms | None = None,
    skipped: Sequence[str] = (),
) -> ChapterList:
    """Chapters in file order. Strictly, starts must not go backwards and every chapter needs a title (a
    ``ParseError`` at the line); leniently they are sorted, an untitled one is "Chapter N", and a warning says
    so. Titles are one line (whitespace runs are a space). Missing ends become the next chapter's start."""
    got = list(items)
    warnings = list(skipped)
    if not got:
        raise ParseError("no chapters found", path=path, line=1)
    for a, b in zip(got, got[1:]):
        if b.start < a.start:
            if not lenient:
                raise ParseError(
                    f"chapter starts before the one above it (line {a.line}); chapters must be in time order",
                    path=path,
                    line=b.line,
                    text=b.title,
                )
            warnings.append(f"{path}: chapters were not in time order; sorted them")
            got.sort(key=lambda r: r.start)
            break
    chapters = []
    for i, r in enumerate(got):
        name = " ".join(r.title.split())  # one line, as every format shows it (a newline or tab is a space)
        if not name:
            if not lenient:
                raise ParseError(f"chapter {i + 1} has no title", path=path, line=r.line, text=r.title or None)
            name = f"Chapter {i + 1}"
            warnings.append(f"{path}:{r.line}: chapter {i + 1} has no title; called it {name!r}")
        end = r.end
        if end is None or end < r.start:
            if i + 1 < len(got):
                end = got[i + 1].start
            elif duration is not None and duration >= r.start:
                end = duration
            else:
                end = r.start
        chapters.append(Chapter(r.start, end, name, url=r.url, img=r.img))
    title = " ".join(title.split()) or None if title is not None else None
    return ChapterList(tuple(chapters), title=title, duration=duration, warnings=tuple(warnings))


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def line_share(text: str, pattern: re.Pattern[str]) -> float:
    """Share of non-blank lines matching ``pattern`` (a sniff score)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:200]
    if not lines:
        return 0.0
    return sum(1 for ln in lines if pattern.match(ln)) / len(lines)
