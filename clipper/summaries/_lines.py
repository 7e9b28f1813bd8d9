"""Line helpers for the summary readers."""
from __future__ import annotations

import logging
import re

from ..transcripts._text import clean_inline

log = logging.getLogger("clipper.summaries")

BULLET = re.compile(r"^\s*(?:[-*+•·▪‣◦]|\d{1,3}[.)])\s+")
# The heading of a summary's preamble (not a chapter): "Brief Summary", "Key takeaways", "TL;DR" ...
PREAMBLE = re.compile(r"^(?:brief summary|summary|key (?:takeaways|points)|tl;? ?dr|highlights)\s*:?$", re.I)
# Page furniture around (and sometimes inside) a summary page's sections: a line that is only one of these.
CHROME = re.compile(
    r"^(?:watch (?:the )?(?:video|episode)|listen (?:to (?:the )?(?:episode|podcast)|now)|share(?: this(?: \w+)?)?|"
    r"subscribe(?: now)?|sign up|newsletter|stay informed\b.*|follow us\b.*|read more|more (?:from|like this)\b.*|"
    r"related(?: articles| posts| summaries)?|advertisement|sponsored|back to top|comments?|leave a (?:reply|comment)|"
    r"privacy policy|terms(?: of (?:use|service))?|(?:©|\(c\)|copyright)\b.*|all rights reserved\.?)\s*:?$",
    re.I,
)
# Inline Markdown: images and links to their text, bold, italic, strike-through, code.
_INLINE_MD = (
    (re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),
)


def strip_markdown(text: str) -> str:
    """A heading or title without its inline Markdown: ``**Limits** of `LLM` _scaling_`` -> ``Limits of LLM
    scaling``, ``[Claude](https://...)`` -> ``Claude``. A ``*`` or ``_`` inside a word (``snake_case``,
    ``5*3``) stays. Only Markdown: entities and HTML tags are ``clean_inline``'s (run it first, once)."""
    for rx, repl in _INLINE_MD:
        text = rx.sub(repl, text)
    return " ".join(text.split())


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
    colon, inline Markdown (``1. **Scaling** laws:`` -> ``Scaling laws``); ``None`` when what is left is
    not heading-shaped."""
    h = line.strip()
    h = bold_heading(h) or h
    h = BULLET.sub("", h, count=1).strip()
    h = bold_heading(h) or h
    h = strip_markdown(h.rstrip(":").strip())
    return h if is_heading_shaped(h, max_words) else None


def is_paragraph(line: str, min_words: int = 20) -> bool:
    return len(line.split()) >= min_words



def warn(warnings: list[str] | None, message: str) -> None:
    """Tell what a reader left out: into the caller's list, or (no list given) the ``clipper.summaries`` log."""
    if warnings is None:
        log.warning(message)
    else:
        warnings.append(message)
