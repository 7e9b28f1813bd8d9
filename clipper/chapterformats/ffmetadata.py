"""ffmpeg's metadata file (``;FFMETADATA1``): ``[CHAPTER]`` sections with ``TIMEBASE=1/1000``.

Values escape ``=``, ``;``, ``#``, ``\\`` and newlines with a backslash, as ffmpeg's documentation says.
This is also the file ``clipper embed`` hands to ffmpeg for MP4/M4A.
"""
from __future__ import annotations

import re
from fractions import Fraction

from ..errors import ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, render, rows

_SPECIAL = re.compile(r"([=;#\\\n])")


def escape(value: str) -> str:
    return _SPECIAL.sub(r"\\\1", value)


def write(cl: ChapterList, *, templates: str | None = None) -> str:
    items = rows(cl, time=str, title=lambda t: escape(t.strip()))
    return render("chapters.ffmetadata.j2", cl, items, templates, title_text=escape(cl.title) if cl.title else None)


def _logical_lines(text: str):
    """(first line number, line) with backslash escapes kept and escaped newlines joined."""
    buf, first = "", None
    for n, raw in enumerate(text.split("\n"), 1):
        if first is None:
            first = n
        buf += raw
        tail = len(buf) - len(buf.rstrip("\\"))
        if tail % 2 == 1:  # an odd run of backslashes: the newline itself is escaped
            buf += "\n"
            continue
        yield first, buf
        buf, first = "", None
    if first is not None:
        yield first, buf


def _split(line: str) -> tuple[str, str] | None:
    """key=value at the first unescaped '=', both unescaped."""
    out, key, i = [], None, 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            out.append(line[i + 1])
            i += 2
            continue
        if ch == "=" and key is None:
            key, out = "".join(out), []
        else:
            out.append(ch)
        i += 1
    return None if key is None else (key, "".join(out))


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    lines = list(_logical_lines(text))
    if not lines or not lines[0][1].startswith(";FFMETADATA1"):
        raise ParseError("not an ffmetadata file: the first line must be ;FFMETADATA1", path=path, line=1,
                         text=lines[0][1] if lines else "")
    title = None
    found: list[Read] = []
    skipped = 0
    chapter: dict | None = None
    section = ""

    def close() -> None:
        nonlocal chapter, skipped
        if chapter is None:
            return
        c, chapter = chapter, None
        n = c["line"]
        try:
            base = Fraction(c.get("TIMEBASE", "1/1000"))
            if base <= 0:
                raise ValueError
            start = int(c["START"])
            end = int(c["END"]) if "END" in c else None
        except KeyError:
            if lenient:
                skipped += 1
                return
            raise ParseError("[CHAPTER] without START", path=path, line=n) from None
        except (ValueError, ZeroDivisionError):
            if lenient:
                skipped += 1
                return
            raise ParseError("bad TIMEBASE, START or END in [CHAPTER]", path=path, line=n,
                             text=f"TIMEBASE={c.get('TIMEBASE')} START={c.get('START')} END={c.get('END')}") from None
        to_ms = lambda v: int(round(v * base * 1000))  # noqa: E731
        found.append(Read(to_ms(start), c.get("title", ""), n, end=None if end is None else to_ms(end)))

    for n, line in lines[1:]:
        if not line.strip() or line.lstrip()[:1] in (";", "#"):
            continue
        if line.startswith("["):
            close()
            section = line.strip()
            if section == "[CHAPTER]":
                chapter = {"line": n}
            continue
        kv = _split(line)
        if kv is None:
            if lenient:
                skipped += 1
                continue
            raise ParseError("expected key=value", path=path, line=n, text=line)
        key, value = kv
        if chapter is not None:
            chapter[key.strip().upper() if key.strip().upper() in ("TIMEBASE", "START", "END") else key.strip()] = value
        elif not section and key.strip() == "title":
            title = value
    close()
    notes = [f"{path}: skipped {skipped} malformed line(s) or chapter(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, title=title, skipped=notes)


def sniff(text: str) -> float:
    return 0.95 if text.startswith(";FFMETADATA1") else 0.0


FORMAT = Format(
    "ffmetadata",
    "ffmpeg metadata file (;FFMETADATA1 [CHAPTER] sections)",
    extensions=(".ffmetadata", ".ffmeta"),
    read=read,
    write=write,
    sniff=sniff,
    filename="chapters.ffmetadata",
)
