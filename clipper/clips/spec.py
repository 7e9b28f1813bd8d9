"""What to cut: clip specs from the command line or a ``--clips`` file (YAML or CSV).

A spec is exactly one of: a quote, a ``start``/``end`` range, or a chapter number; plus an optional
title and occurrence. ``parse_clips(text, path=...)`` reads a batch file: YAML (a list of mappings,
or a mapping with a ``clips:`` list) or CSV with a header row naming some of ``quote``, ``start``,
``end``, ``chapter``, ``title``, ``occurrence``. A malformed row is a ``ParseError`` with the file,
its line and the row's text.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import timecode
from ..errors import ParseError
from ..model import Ms
from ..textio import read_text

FIELDS = ("quote", "start", "end", "chapter", "title", "occurrence")


@dataclass(frozen=True, slots=True)
class ClipSpec:
    quote: str | None = None
    start: Ms | None = None
    end: Ms | None = None
    chapter: int | None = None
    title: str | None = None
    occurrence: int | None = None
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        kinds = [self.quote is not None, self.start is not None or self.end is not None, self.chapter is not None]
        if sum(kinds) != 1:
            raise ValueError("a clip is one of: a quote, a start and end, or a chapter number")
        if kinds[1]:
            if self.start is None or self.end is None:
                raise ValueError("a range clip needs both start and end")
            if self.end <= self.start:
                raise ValueError("a clip's end must come after its start")
        if self.quote is not None and not self.quote.strip():
            raise ValueError("empty quote")
        if self.chapter is not None and self.chapter < 1:
            raise ValueError("chapters are numbered from 1")
        if self.occurrence is not None and self.occurrence < 1:
            raise ValueError("occurrences are numbered from 1")

    @property
    def kind(self) -> str:
        return "quote" if self.quote is not None else "chapter" if self.chapter is not None else "range"


def _time(value: object) -> Ms | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"negative time {value!r}")
        return timecode.seconds_to_ms(float(value))
    return timecode.parse(str(value))


def _int(value: object, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(str(value).strip())
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {value!r}") from None


def spec_from_mapping(row: dict, *, path: str, line: int, raw: str) -> ClipSpec:
    unknown = [k for k in row if k not in FIELDS]
    if unknown:
        raise ParseError(f"unknown clip field {unknown[0]!r}; fields are: {', '.join(FIELDS)}", path=path, line=line, text=raw)
    try:
        quote = row.get("quote")
        title = row.get("title")
        return ClipSpec(
            quote=None if quote in (None, "") else str(quote),
            start=_time(row.get("start")),
            end=_time(row.get("end")),
            chapter=_int(row.get("chapter"), "chapter"),
            title=None if title in (None, "") else str(title),
            occurrence=_int(row.get("occurrence"), "occurrence"),
            path=path,
            line=line,
        )
    except ValueError as e:
        raise ParseError(f"bad clip: {e}", path=path, line=line, text=raw) from None


def parse_csv(text: str, *, path: str = "<string>") -> list[ClipSpec]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    out = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # a NUL byte, an unterminated quote at the end ...
            line = max(1, reader.line_num)
            raise ParseError(f"not valid CSV: {e}", path=path, line=line,
                             text=lines[line - 1] if line - 1 < len(lines) else None) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            if not set(header) & set(FIELDS):
                raise ParseError(f"the first row must name the columns ({', '.join(FIELDS)})", path=path, line=line,
                                 text=lines[line - 1])
            continue
        raw = lines[line - 1] if line - 1 < len(lines) else ",".join(row)
        if len(row) > len(header):
            raise ParseError(f"row has {len(row)} cells, the header names {len(header)}", path=path, line=line, text=raw)
        out.append(spec_from_mapping({h: c.strip() for h, c in zip(header, row) if h}, path=path, line=line, raw=raw))
    if not out:
        raise ParseError("no clips in the file", path=path, line=1)
    return out


def parse_yaml(text: str, *, path: str = "<string>") -> list[ClipSpec]:
    lines = text.split("\n")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        context = getattr(e, "context_mark", None)
        if context is not None and (line is None or line > len(lines) or not lines[line - 1].strip()):
            line = context.line + 1  # the error is at the end of the text: name where the construct began
        raise ParseError(f"not valid YAML: {getattr(e, 'problem', e)}", path=path, line=line,
                         text=lines[line - 1] if line and line <= len(lines) else None) from None
    if isinstance(node, yaml.MappingNode):  # {clips: [...]}
        items = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        node = items.get("clips")
    if not isinstance(node, yaml.SequenceNode):
        raise ParseError("expected a list of clips (or a 'clips:' list)", path=path, line=1)
    constructor = yaml.SafeLoader("")  # builds plain values from the nodes we already have

    def value_of(item: yaml.Node, line: int, raw: str) -> object:
        try:
            return constructor.construct_object(item, deep=True)
        except yaml.YAMLError as e:
            raise ParseError(f"not a plain value: {getattr(e, 'problem', e)}", path=path, line=line, text=raw) from None

    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        raw = lines[line - 1] if line - 1 < len(lines) else ""
        if isinstance(item, yaml.ScalarNode):  # a bare string is a quote
            value = value_of(item, line, raw)
            out.append(spec_from_mapping({"quote": value}, path=path, line=line, raw=raw))
            continue
        if not isinstance(item, yaml.MappingNode):
            raise ParseError("a clip is a mapping (quote/start/end/chapter/title)", path=path, line=line, text=raw)
        value = value_of(item, line, raw)
        out.append(spec_from_mapping({str(k): v for k, v in value.items()}, path=path, line=line, raw=raw))
    if not out:
        raise ParseError("no clips in the file", path=path, line=1)
    return out


def parse_clips(text: str, *, path: str = "<string>") -> list[ClipSpec]:
    """Clip specs from a YAML or CSV batch file (chosen by extension, else by content)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # YAML breaks lines at a lone CR too
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return parse_csv(text, path=path)
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text, path=path)
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.lstrip().startswith("#")), "")
    if first.lstrip().startswith(("-", "clips:")):
        return parse_yaml(text, path=path)
    return parse_csv(text, path=path)


def load_clips(path: str | os.PathLike[str]) -> list[ClipSpec]:
    return parse_clips(read_text(path), path=str(path))
