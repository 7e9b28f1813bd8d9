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
    """(line number, cleaned text) of every non-empty line, hard-wrapped paragraphs joined (``unwrap``)."""
    return [(i, clean_inline(ln)) for i, ln in unwrap(text.split("\n")) if ln.strip()]


WRAP_WIDTHS = (50, 200)  # columns text is hard-wrapped at (72, 76, 80 ...): narrower or wider is not wrapping
WRAP_BAND = 12  # a wrapped line ends within this many columns of the width
WRAP_SHARE = 0.2  # ... and at least this share of the lines do: the text is wrapped
WRAP_LOWER = 0.3  # ... and at least this share of the lines after them start in lower case (prose goes on)
# wrappers count differently (``fold -s`` counts the space it breaks at, and bytes: "•" is three), so a word
# that would have overshot the width by less than this still counts as the reason for the break
WRAP_SLACK = 3
_ENDS = re.compile(r"[.!?…][\"'”’)\]]*$")
_NO_JOIN = re.compile(r"^\s*(?:[-*+•·▪‣◦#>]|\d{1,3}[.):]|\(?\d{1,2}:\d\d)")  # starts a list item, heading, stamp


def wrap_width(lines: list[str]) -> int | None:
    """The width a text was hard-wrapped at (an email, a terminal, ``fold``), or ``None``: the widest line
    length ``W`` in ``WRAP_WIDTHS`` with at least ``WRAP_SHARE`` of the non-empty lines ``WRAP_BAND`` short of it,
    at most half of those ending a sentence (one paragraph a line, of similar lengths, is not wrapped)."""
    rows = [ln.rstrip() for ln in lines if ln.strip()]
    # what follows a line directly (no blank line between): in wrapped prose mostly a lower-case word
    after = {k: lines[k + 1].strip() for k in range(len(lines) - 1) if lines[k].strip() and lines[k + 1].strip()}
    for w in sorted({len(r) for r in rows if WRAP_WIDTHS[0] <= len(r) <= WRAP_WIDTHS[1]}, reverse=True):
        band = [r for r in rows if w - WRAP_BAND <= len(r) <= w]
        # a wrap falls between any two words, seldom after a sentence; one paragraph a line ends one each time
        if len(band) < WRAP_SHARE * len(rows) or sum(1 for r in band if _ENDS.search(r)) > len(band) / 2:
            continue
        # ... and the next line goes on in lower case at least a third of the time; a list of long
        # titles ("Scaling laws and why ...", "Limits of ...") starts every line with a capital
        nexts = [after[k] for k in after if w - WRAP_BAND <= len(lines[k].rstrip()) <= w]
        if nexts and sum(1 for t in nexts if t[:1].islower()) >= WRAP_LOWER * len(nexts):
            return w
    return None


def unwrap(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) with hard-wrapped paragraphs joined, numbered by their first line. A line is
    joined to the one before when it was broken only for width: this line's first word would not have
    fitted on the one before. A heading over its paragraph, a list item, a
    stamp, or text that is not wrapped at all stay as they are."""
    width = wrap_width(lines)
    out: list[tuple[int, str]] = []
    prev_open = False  # the last line kept can take the next one
    for i, ln in enumerate(lines, 1):
        first = ln.split(maxsplit=1)[0] if ln.strip() else ""
        if width and prev_open and first and not _NO_JOIN.match(ln):
            n, before = out[-1]
            last_row = before.rsplit("\n", 1)[-1] if "\n" in before else before
            if len(last_row.rstrip()) + 1 + len(first) >= width - WRAP_SLACK:
                out[-1] = (n, before.rstrip() + " " + ln.strip())
                prev_open = len(ln.rstrip()) <= width
                continue
        out.append((i, ln))
        prev_open = bool(width) and bool(ln.strip()) and len(ln.rstrip()) <= width
    return out


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


# A heading that carries its chapter's start ("12:20 Limits of LLM scaling", "Limits of LLM scaling (12:20)"):
# the section is pinned there, and the sections around it are found as usual.
_STAMP = r"\d{1,2}:[0-5]\d(?::[0-5]\d)?"
_PIN_FIRST = re.compile(rf"^[\(\[]?(?P<t>{_STAMP})[\)\]]?\s+(?:[-–—:|]\s+)?(?P<h>\S.*)$")
_PIN_LAST = re.compile(rf"^(?P<h>.*?\S)\s+(?:[\(\[](?P<t>{_STAMP})[\)\]]|[-–—|]\s+(?P<u>{_STAMP}))$")


def pinned(heading: str) -> tuple[int | None, str]:
    """``(start ms, heading)`` for a heading that states its start, else ``(None, heading)``."""
    from .. import timecode

    m = _PIN_FIRST.match(heading) or _PIN_LAST.match(heading)
    if not m or re.match(r"(?i)[ap]\.?m\b", m.group("h")):  # "9:00 AM standup" is a title, not a pin
        return None, heading
    stamp = m.group("t") or m.groupdict().get("u")
    return timecode.parse(stamp), m.group("h").strip()
