"""Podcasting 2.0 JSON chapters, version 1.2 (Podcastindex-org/podcast-namespace, chapters/jsonChapters.md).

``{"version": "1.2.0", "title": ..., "chapters": [{"startTime": s, "endTime": s, "title": ..., "url": ...,
"img": ...}]}``: seconds as numbers (whole seconds as ints), the episode ``title`` when known. Written
with ``json.dumps`` rather than a template: structured data wants a serializer, not text pasting.
"""
from __future__ import annotations

import json
import json.decoder
import json.scanner

from ..errors import ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, line_of, spans

VERSION = "1.2.0"


def _seconds(ms: int) -> int | float:
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def to_dict(cl: ChapterList) -> dict:
    doc: dict = {"version": VERSION}
    if cl.title:
        doc["title"] = cl.title
    chapters = []
    for c, (s, e) in zip(cl.chapters, spans(cl)):
        item: dict = {"startTime": _seconds(s)}
        if e > s:
            item["endTime"] = _seconds(e)
        item["title"] = c.title
        if c.url:
            item["url"] = c.url
        if c.img:
            item["img"] = c.img
        chapters.append(item)
    doc["chapters"] = chapters
    return doc


def write(cl: ChapterList, *, templates: str | None = None) -> str:
    return json.dumps(to_dict(cl), indent=2, ensure_ascii=False) + "\n"


class _At(dict):
    """A decoded JSON object that remembers where it started."""

    pos = 0


def _loads(text: str):
    """``json.loads`` whose objects carry their offset (the pure-Python scanner calls ``parse_object``)."""
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args):
        obj, end = json.decoder.JSONObject(s_and_end, *args)
        at = _At(obj)
        at.pos = s_and_end[1] - 1
        return at, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def _ms(value, what: str, obj: _At, text: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value:
        raise ParseError(f"{what} must be a number of seconds >= 0", path=path, line=line_of(text, obj.pos),
                         text=json.dumps(value))
    return int(round(value * 1000))


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    try:
        doc = _loads(text)
    except json.JSONDecodeError as e:
        raise ParseError(f"not valid JSON: {e.msg}", path=path, line=e.lineno,
                         text=text.split("\n")[e.lineno - 1]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("chapters"), list):
        raise ParseError('not JSON chapters: expected an object with a "chapters" list', path=path, line=1)
    found, skipped, silent = [], 0, 0
    for item in doc["chapters"]:
        if isinstance(item, dict) and item.get("toc") is False:
            silent += 1  # a "silent" marker, not shown to listeners: not a chapter
            continue
        try:
            if not isinstance(item, _At):
                raise ParseError("each chapter must be an object", path=path, line=1, text=json.dumps(item)[:60])
            if "startTime" not in item:
                raise ParseError('chapter without "startTime"', path=path, line=line_of(text, item.pos),
                                 text=json.dumps(item)[:60])
            start = _ms(item["startTime"], '"startTime"', item, text, path)
            end = _ms(item["endTime"], '"endTime"', item, text, path) if "endTime" in item else None
        except ParseError:
            if lenient:
                skipped += 1
                continue
            raise
        title = item.get("title")
        found.append(Read(start, title if isinstance(title, str) else "", line_of(text, item.pos), end=end,
                          url=item.get("url") if isinstance(item.get("url"), str) else None,
                          img=item.get("img") if isinstance(item.get("img"), str) else None))
    notes = [f"{path}: skipped {skipped} malformed chapter(s)"] if skipped else []
    if silent:
        notes.append(f"{path}: left out {silent} silent chapter(s) (\"toc\": false)")
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    return build(found, path=path, lenient=lenient, title=title, skipped=notes)


def sniff(text: str) -> float:
    head = text.lstrip()[:2000]
    return 0.95 if head.startswith("{") and '"chapters"' in text and "startTime" in text else 0.0


FORMAT = Format(
    "json",
    "Podcasting 2.0 JSON chapters 1.2",
    extensions=(".json",),
    read=read,
    write=write,
    sniff=sniff,
    filename="chapters.json",
)
