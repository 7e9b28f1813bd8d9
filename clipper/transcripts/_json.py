"""JSON text for the transcript readers: loading with a line-numbered syntax error, and finding the
line of any value in a valid document (``members``/``elements`` walk it by index, ``line_of`` counts)."""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..errors import InputError, ParseError

DECODER = json.JSONDecoder()
WS = re.compile(r"[ \t\n\r]*")
SEGMENTS_ARRAY = re.compile(r'"segments"\s*:\s*\[\s*\{')  # Whisper and Podcasting JSON
JsonPath = tuple[Any, ...]  # keys and indexes into a document


def load(text: str, path: str) -> Any:
    if not text.strip():
        raise InputError("file is empty", path=path, line=1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        bad = text.split("\n")[e.lineno - 1] if e.lineno - 1 < len(text.split("\n")) else ""
        raise ParseError(f"JSON syntax error: {e.msg} (column {e.colno})", path=path, line=e.lineno,
                         text=bad.strip()) from None


def members(text: str, i: int) -> Iterator[tuple[str, int]]:
    """(key, index of its value) for the object starting at ``text[i] == '{'``."""
    i = WS.match(text, i + 1).end()
    if text[i] == "}":
        return
    while True:
        key, i = DECODER.raw_decode(text, i)
        i = WS.match(text, WS.match(text, i).end() + 1).end()  # past ':'
        yield key, i
        _, i = DECODER.raw_decode(text, i)
        i = WS.match(text, i).end()
        if text[i] == "}":
            return
        i = WS.match(text, i + 1).end()  # past ','


def elements(text: str, i: int) -> Iterator[int]:
    """Index of each element of the array starting at ``text[i] == '['``."""
    i = WS.match(text, i + 1).end()
    if text[i] == "]":
        return
    while True:
        yield i
        _, i = DECODER.raw_decode(text, i)
        i = WS.match(text, i).end()
        if text[i] == "]":
            return
        i = WS.match(text, i + 1).end()


def line_of(text: str, i: int) -> int:
    return text.count("\n", 0, i) + 1


def text_field(obj: dict, keys: tuple[str, ...], where: str) -> str:
    """The first of ``keys`` that ``obj`` has (not null) as a string; ``ValueError``/``KeyError`` naming
    ``where`` otherwise (readers turn those into ``ParseError`` at the item's line)."""
    for k in keys:
        if obj.get(k) is not None:
            if not isinstance(obj[k], str):
                raise ValueError(f"{where}: {k!r} must be a string, not {type(obj[k]).__name__}")
            return obj[k]
    raise KeyError(f"{where} has no {' or '.join(repr(k) for k in keys)}")


def value_at(text: str, path: JsonPath) -> int | None:
    """Index in ``text`` of the value at ``path`` in a valid document (the last of duplicate keys, as ``json``)."""
    i = WS.match(text).end()
    try:
        for step in path:
            found = None
            if isinstance(step, str):
                if text[i] != "{":
                    return None
                for k, j in members(text, i):
                    if k == step:
                        found = j
            else:
                if text[i] != "[":
                    return None
                for m, j in enumerate(elements(text, i)):
                    if m == step:
                        found = j
                        break
            if found is None:
                return None
            i = found
    except (ValueError, IndexError):
        return None
    return i


def line_at(text: str, path: JsonPath, default: int = 1) -> int:
    i = value_at(text, path)
    return default if i is None else line_of(text, i)


def element_lines(text: str, path: JsonPath) -> list[int]:
    """The line of each element of the array at ``path`` (empty when there is none)."""
    i = value_at(text, path)
    if i is None or text[i] != "[":
        return []
    lines, line, last = [], line_of(text, i), i
    try:
        for j in elements(text, i):  # counted on from the element before: linear in the array
            line += text.count("\n", last, j)
            lines.append(line)
            last = j
    except (ValueError, IndexError):
        return []
    return lines
