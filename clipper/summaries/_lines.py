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


def is_paragraph(line: str, min_words: int = 20) -> bool:
    return len(line.split()) >= min_words
