"""File-name slugs: ``slug("Ünïcødé Straße, part 2") == "unicode-strasse-part-2"``.

Latin letters are transliterated, not dropped: Unicode NFKD splits accented letters into a base
letter and combining marks (dropped), and ``LETTERS`` spells the letters NFKD leaves whole (ø, ß,
æ, œ, ł, đ, þ ...). Letters of other scripts, which have no single ASCII spelling, are kept as they
are (lower case, NFC), so a title in Greek or Japanese still names its file. Digits are kept (other
scripts' decimal digits as ASCII ones); apostrophes vanish ("don't" -> "dont");
everything else separates words, joined with "-".
"""
from __future__ import annotations

import re
import unicodedata

# Latin letters that NFKD does not decompose into an ASCII letter plus marks (lower case only:
# the text is lower-cased first).
LETTERS = {
    "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
    "ı": "i", "ȷ": "j", "ŀ": "l", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ƒ": "f", "ɖ": "d", "ɗ": "d", "ƀ": "b",
    "ɓ": "b", "ƈ": "c", "ȼ": "c", "ɇ": "e", "ǥ": "g", "ɠ": "g", "ɨ": "i", "ɉ": "j", "ƙ": "k", "ƚ": "l",
    "ɲ": "n", "ƞ": "n", "ɵ": "o", "ƥ": "p", "ɋ": "q", "ɍ": "r", "ʂ": "s", "ƭ": "t", "ʈ": "t", "ʉ": "u",
    "ʋ": "v", "ƴ": "y", "ɏ": "y", "ƶ": "z", "ȥ": "z", "ʒ": "z", "ǝ": "e", "ə": "e", "ɛ": "e", "ɔ": "o",
}
_APOSTROPHES = re.compile("['’ʼ`´]")


def _letters(text: str) -> str:
    """``text`` lower-cased, Latin letters as ASCII, marks dropped, every other character kept."""
    out = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch):
            continue
        if ch.isascii():
            out.append(ch)
        elif ch in LETTERS:
            out.append(LETTERS[ch])
        elif (d := unicodedata.decimal(ch, None)) is not None:
            out.append(str(d))
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def slug(text: str, limit: int = 40, default: str = "clip") -> str:
    """``text`` as a file-name stem: lower-case words of letters and digits joined with ``-``, at
    most ``limit`` characters (cut at a word boundary when one is in the second half), never empty
    (``default`` when ``text`` has no letter or digit)."""
    if limit < 1:
        raise ValueError("a slug needs a limit of at least 1 character")
    words = re.findall(r"[^\W_]+", _letters(_APOSTROPHES.sub("", text)))
    s = "-".join(words)
    if len(s) > limit:
        cut = s.rfind("-", 0, limit + 1)
        s = s[:cut] if cut > limit // 2 else s[:limit].rstrip("-")
    return s or default


__all__ = ["slug", "LETTERS"]
