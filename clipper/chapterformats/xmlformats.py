"""The XML chapter formats: Podlove Simple Chapters 1.2 (``psc``) and Matroska chapters (``mkvxml``).

Both are written from autoescaped templates and read with expat, which keeps each element's line for
error messages and never fetches the DTD a DOCTYPE names.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

from .. import timecode
from ..errors import ParseError
from ..model import ChapterList
from ..registry import Format
from ._common import Read, build, render, rows

PSC_NS = "http://podlove.org/simple-chapters"


@dataclass
class Node:
    tag: str  # "{namespace}local" for namespaced elements, else the plain name
    attrib: dict[str, str]
    line: int
    children: list["Node"] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> "Node | None":
        return next((c for c in self.children if c.tag == tag), None)

    def iter(self, tag: str):
        if self.tag == tag:
            yield self
        for c in self.children:
            yield from c.iter(tag)


def parse_xml(text: str, path: str) -> Node:
    p = xml.parsers.expat.ParserCreate(namespace_separator="}")
    stack: list[Node] = []
    root: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = "{" + name if "}" in name else name
        node = Node(tag, attrs, p.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def data(s: str) -> None:
        if stack:
            stack[-1].text += s

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    p.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        p.Parse(text.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError as e:
        lines = text.split("\n")
        bad = lines[e.lineno - 1] if 0 < e.lineno <= len(lines) else None
        raise ParseError(f"not well-formed XML: {xml.parsers.expat.ErrorString(e.code)}", path=path,
                         line=e.lineno, text=bad) from None
    return root[0]


def _time(value: str | None, what: str, node: Node, path: str) -> int:
    try:
        if value is None:
            raise ValueError
        return timecode.parse(value)
    except ValueError:
        raise ParseError(f"bad or missing {what}", path=path, line=node.line, text=value) from None


# --- Podlove Simple Chapters ------------------------------------------------------------------


def write_psc(cl: ChapterList, *, templates: str | None = None) -> str:
    return render("chapters.psc.j2", cl, rows(cl, time=timecode.format_clock), templates)


def read_psc(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    root = parse_xml(text, path)
    found, skipped = [], 0
    for node in root.iter("{%s}chapter" % PSC_NS):
        try:
            start = _time(node.attrib.get("start"), "start time (normal play time, HH:MM:SS.mmm)", node, path)
        except ParseError:
            if lenient:
                skipped += 1
                continue
            raise
        found.append(Read(start, node.attrib.get("title", ""), node.line,
                          url=node.attrib.get("href"), img=node.attrib.get("image")))
    if not found and root.tag != "{%s}chapters" % PSC_NS:
        raise ParseError("no psc:chapters element (namespace http://podlove.org/simple-chapters)", path=path,
                         line=root.line)
    notes = [f"{path}: skipped {skipped} malformed chapter(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, skipped=notes)


def sniff_psc(text: str) -> float:
    return 0.95 if PSC_NS in text[:4000] else 0.0


# --- Matroska chapters ------------------------------------------------------------------------


def _ns(ms: int) -> str:
    return timecode.format_clock(ms) + "000000"


def write_mkvxml(cl: ChapterList, *, templates: str | None = None) -> str:
    return render("chapters.mkvxml.j2", cl, rows(cl, time=_ns), templates, language="eng")


def read_mkvxml(text: str, *, path: str = "<string>", lenient: bool = False) -> ChapterList:
    root = parse_xml(text, path)
    if root.tag != "Chapters":
        raise ParseError("not Matroska chapters: the root element must be <Chapters>", path=path, line=root.line,
                         text=root.tag)
    edition = root.find("EditionEntry")
    if edition is None:
        raise ParseError("no <EditionEntry> in <Chapters>", path=path, line=root.line)
    found, skipped = [], 0
    for atom in (c for c in edition.children if c.tag == "ChapterAtom"):
        try:
            st = atom.find("ChapterTimeStart")
            start = _time(st.text.strip() if st is not None else None, "<ChapterTimeStart>", st or atom, path)
            et = atom.find("ChapterTimeEnd")
            end = _time(et.text.strip(), "<ChapterTimeEnd>", et, path) if et is not None else None
        except ParseError:
            if lenient:
                skipped += 1
                continue
            raise
        disp = atom.find("ChapterDisplay")
        s = disp.find("ChapterString") if disp is not None else None
        found.append(Read(start, s.text.strip() if s is not None else "", atom.line, end=end))
    notes = [f"{path}: skipped {skipped} malformed chapter(s)"] if skipped else []
    return build(found, path=path, lenient=lenient, skipped=notes)


_MKV = re.compile(r"<Chapters[\s>]")


def sniff_mkvxml(text: str) -> float:
    return 0.9 if _MKV.search(text[:4000]) and "<ChapterAtom" in text else 0.0


PSC = Format(
    "psc",
    "Podlove Simple Chapters 1.2 XML",
    extensions=(".psc.xml", ".psc"),
    read=read_psc,
    write=write_psc,
    sniff=sniff_psc,
    filename="chapters.psc.xml",
)
MKVXML = Format(
    "mkvxml",
    "Matroska chapters XML (mkvmerge --chapters)",
    extensions=(".mkv.xml",),
    read=read_mkvxml,
    write=write_mkvxml,
    sniff=sniff_mkvxml,
    filename="chapters.mkv.xml",
)
