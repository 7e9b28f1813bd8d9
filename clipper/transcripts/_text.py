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
