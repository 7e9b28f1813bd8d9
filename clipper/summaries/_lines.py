"""Line helpers for the summary readers."""
from __future__ import annotations

import re

from ..transcripts._text import clean_inline

BULLET = re.compile(r"^\s*(?:[-*+•·▪‣◦]|\d{1,3}[.)])\s+")
# The heading of a summary's preamble (not a chapter): "Brief Summary", "Key takeaways", "TL;DR" ...
PREAMBLE = re.compile(r"^(?:brief summary|summary|key (?:takeaways|points)|tl;? ?dr|highlights)\s*:?$", re.I)


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """(line number, cleaned text) of every non-empty line."""
    return [(i, clean_inline(ln)) for i, ln in enumerate(text.split("\n"), 1) if ln.strip()]


def is_heading_shaped(line: str, max_words: int = 14) -> bool:
    """A short line that does not end a sentence."""
    w = line.split()
    return 0 < len(w) <= max_words and not line.rstrip().endswith((".", ",", ";", ":")) and not BULLET.match(line)


_BOLD = re.compile(r"^(?:\*\*|__)(?P<h>.+?)(?:\*\*|__)\s*:?$")
# A label over a list of chapter titles, not a chapter: "## Chapters", "Timestamps:", "Outline" ...
LIST_LABEL = re.compile(r"^#*\s*(?:chapters?|timestamps|outline|topics|table of contents|contents|episode chapters)\s*:?$",
                        re.I)


def bold_heading(line: str) -> str | None:
    """The text of a line that is bold and nothing else (``**Scaling laws**``), a Markdown habit for headings."""
    m = _BOLD.match(line.strip())
    return m.group("h").strip() if m else None


def heading_text(line: str, max_words: int = 14) -> str | None:
    """The heading a line states once its decorations go: bold markers, a number or bullet, a final
    colon (``1. **Scaling laws**:`` -> ``Scaling laws``); ``None`` when what is left is not heading-shaped."""
    h = line.strip()
    h = bold_heading(h) or h
    h = BULLET.sub("", h, count=1).strip()
    h = bold_heading(h) or h
    h = h.rstrip(":").strip()
    return h if is_heading_shaped(h, max_words) else None


def is_paragraph(line: str, min_words: int = 20) -> bool:
    return len(line.split()) >= min_words
