"""JSON text for the transcript readers: loading with a line-numbered syntax error, and finding the
line of any value in a valid document (``members``/``elements`` walk it by index, ``line_of`` counts)."""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..errors import InputError, ParseError

DECODER = json.JSONDecoder()
WS = re.compile(r"[ \t\n\r]*")


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
