"""Small text helpers shared by the text-based transcript and summary readers."""
from __future__ import annotations

import html
import re

_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def clean_inline(text: str) -> str:
    """Markdown links to their text, HTML tags dropped, entities decoded, spaces folded."""
    text = _MD_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\u00a0", " ")
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


# "Lex: Hello there.", "Dario Amodei: Sure, ..." — a speaker label (one to three capitalised words) and speech
_LABELLED = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}):\s+(?P<text>\S.*)$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
SPEECH_WORDS = 10  # after a label, this many words read as speech even without a sentence end


def speech_label(text: str) -> str | None:
    """The speaker named at the start of a line of speech (``Lex: Hello there.`` -> ``Lex``), else ``None``.

    The text after the label must read as speech: a sentence end, or ``SPEECH_WORDS`` words or more.
    A chapter title with a colon (``Claude: the model``, ``ASL-3: what changes``) is not speech."""
    m = _LABELLED.match(text.strip())
    if not m:
        return None
    rest = m.group("text")
    return m.group("name") if _SENTENCE_END.search(rest) or len(rest.split()) >= SPEECH_WORDS else None
