"""Stamped-paragraph text, as transcript pages publish it.

Forms read (one paragraph per stamp; a paragraph without a speaker continues the last one):

    Speaker [(HH:MM:SS)](url) text          transcript pages with clickable stamps
    Speaker (HH:MM:SS): text / (HH:MM:SS) text / [HH:MM:SS] text
    HH:MM:SS Speaker: text / HH:MM:SS text
    Speaker  HH:MM:SS / HH:MM:SS             the stamp line alone (Otter, YouTube's transcript panel),
    text ...                                 the text on the lines after it
    Speaker                                  podcast apps:
    Starting point is HH:MM:SS               the stamp on its own line,
    text ...                                 the text on the lines after it

Headings, tables of contents, link lists and page chrome are not transcript text: only a stamp
opens a paragraph, lines that look like page furniture close it, and table-of-contents entries (a stamp
then a dash, or short stamped lines under a "Contents"/"Chapters"/"Timestamps" heading) are passed over.
Lines right after a stamp line join its paragraph; a blank line ends it (except in the podcast-app form).
"""
from __future__ import annotations

import re

from .. import timecode
from ..errors import ParseError
from ..model import Segment, Transcript
from ..registry import Format
from . import TRANSCRIPT_FORMATS
from ._text import UNCASED_NAME, UPPER, clean_inline, speech_label, word_count

_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_SPK = r"[^\s\[\(#*>|][^\[\(\n]{0,58}?"
FORMS = (
    # Speaker [(HH:MM:SS)](url) text
    re.compile(rf"^(?:(?P<spk>{_SPK})\s+)?\[\((?P<t>{_T})\)\]\((?:[^()]|\([^)]*\))*\)\s*(?P<text>.*)$"),
    # Speaker (HH:MM:SS): text  |  (HH:MM:SS) text  |  [HH:MM:SS] text
    re.compile(rf"^(?:(?P<spk>{_SPK})\s+)?[\(\[](?P<t>{_T})[\)\]]\s*:?\s*(?P<text>.*)$"),
    # HH:MM:SS Speaker: text  |  HH:MM:SS text
    re.compile(rf"^(?P<t>{_T})\s+(?P<text>\S.*)$"),
    # Speaker  HH:MM:SS  |  HH:MM:SS   alone on a line, the text on the lines after it (Otter exports,
    # YouTube's "Show transcript" panel copied); the name must look like one: capitalised words
    re.compile(rf"^(?:(?P<spk>{UPPER}[\w.'’-]*(?:\s(?:{UPPER}|[0-9])[\w.'’-]*){{0,3}})\s+)?(?P<t>{_T})\s*(?P<text>)$"),
)
_CUE_INDEX = re.compile(r"^INDEX \d\d \d+:\d\d:\d\d$")
_STARTING = re.compile(rf"^Starting point is (?P<t>{_T})\s*$", re.IGNORECASE)
# "Ann Lee: text" at the start of a paragraph's text (after a stamp): a short capitalised name and a colon
# (or, in a script without case, a short name: "田中：", as the caption readers take it)
_NAME_COLON = re.compile(rf"^(?P<spk>{UPPER}[\w.'’-]*(?: [\w.'’-]+){{0,3}}|{UNCASED_NAME})(?::\s+|：\s*)(?P<text>\S.*)$")
_MAX_SPEAKER_WORDS = 5
MS_PER_WORD = 375  # 160 words a minute: conversation's typical rate (clipper.align.SPEECH_WPM: 150-180)
# A stamp followed by a dash is a table-of-contents entry ("0:00 – Introduction"), never speech.
_TOC_ENTRY = re.compile(r"^\s*[-–—|]\s")
_TOC_HEADING = re.compile(r"^(?:#+\s*)?(?:table of )?(?:contents|chapters|timestamps|outline|topics)\s*:?\s*$", re.I)
# Page furniture: headings, tables, bullet and link lists, blog footers. Such a line closes the open paragraph.
_FURNITURE = re.compile(
    r"^(?:#|\||[*+•]\s|!?\[[^\]]*\]\([^)]*\)\s*$|this (?:entry|post) was posted|view all posts|"
    r"posted (?:in|on|by)\b|leave a (?:reply|comment)\b)",
    re.IGNORECASE,
)
# a footer line that is only a UI word, or "About <Name>"
_SHORT_FOOTER = re.compile(
    r"^(?:[Aa]bout(?: [A-Z][\w.'’-]*){1,3}|(?i:share|subscribe|comments?|related posts|tags|categories))\s*:?$"
)


def _match(line: str):
    """The stamp match of a paragraph line, or None (a long "speaker" is prose that happens to hold a stamp)."""
    for rx in FORMS:
        m = rx.match(line)
        if m:
            spk = m.groupdict().get("spk")
            if spk and (len(spk.split()) > _MAX_SPEAKER_WORDS or spk.rstrip().endswith((".", "?", "!", ","))):
                return None
            return m
    return None


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line) or _SHORT_FOOTER.match(line))


def _speaker(raw: str | None) -> str | None:
    if not raw:
        return None
    s = clean_inline(raw).strip(" *_:")
    return s or None


def _next_nonblank(lines: list[str], i: int) -> str:
    return next((x.strip() for x in lines[i:] if x.strip()), "")


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    lines = text.split("\n")
    paras: list[list] = []  # [start, speaker, [texts], line]
    skipped = 0
    speaker: str | None = None
    open_ = False  # whether plain lines join the last paragraph
    podcast_app = False  # "Starting point is" form: the text may follow after a blank line
    pending_speaker: str | None = None
    in_toc = False
    last_t = -1
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            open_ = open_ and podcast_app
            continue
        if _TOC_HEADING.match(line):
            in_toc, open_ = True, False
            continue
        sp = _STARTING.match(line)
        m = None if sp else _match(line)
        if m and (_TOC_ENTRY.match(m.group("text")) or (in_toc and not m.groupdict().get("spk")
                                                         and len(m.group("text").split()) <= 10)):
            open_ = False
            continue  # a table-of-contents entry
        if sp or m:
            in_toc = False
            try:
                t = timecode.parse((sp or m).group("t"))
            except ValueError as e:
                if lenient:
                    skipped, open_ = skipped + 1, False
                    continue
                raise ParseError(f"bad timestamp: {e}", path=path, line=no, text=line) from None
            if t < last_t:
                if lenient:
                    skipped, open_ = skipped + 1, False
                    continue
                raise ParseError(
                    f"timestamp goes backwards (after {timecode.format_hms(last_t)})", path=path, line=no, text=line
                )
            last_t = t
            if sp:
                spk, body, podcast_app = pending_speaker, "", True
            else:
                spk, body = _speaker(m.groupdict().get("spk")), clean_inline(m.group("text"))
                named = None if spk else _NAME_COLON.match(body)
                if named:
                    spk, body = named.group("spk"), named.group("text")
            speaker = spk or speaker
            paras.append([t, speaker, [body] if body else [], no])
            pending_speaker, open_ = None, True
            continue
        if _is_furniture(line):
            in_toc = in_toc and not line.startswith("#")  # a TOC ends at the next heading
            open_ = False
            continue
        if len(line) <= 40 and not line.endswith((".", "?", "!", ",")) and _STARTING.match(_next_nonblank(lines, no)):
            pending_speaker, open_ = _speaker(line), False  # the speaker line of the next "Starting point"
            continue
        if open_ and paras:
            paras[-1][2].append(clean_inline(line))
    paras = [p for p in paras if p[2]]
    if not paras:
        raise ParseError("no stamped paragraphs found", path=path, line=1)
    return Transcript(_segments(paras), format="stamped", source=path, skipped=skipped)


def _segments(paras: list[list]) -> tuple[Segment, ...]:
    """A paragraph ends where the next stamp starts; the last one at its words spoken at ``MS_PER_WORD``
    (the gaps before it say nothing about it: a page may skip an hour between stamps, or stamp sparsely)."""
    texts = [" ".join(p[2]) for p in paras]
    out = []
    i = 0
    while i < len(paras):
        # Paragraphs that share one stamp (pages stamp to the second, and a short reply often gets the
        # question's second) share the time up to the next stamp by their length; the first keeps its
        # stamp. Otherwise all but the last would last no time at all.
        k = i
        while k + 1 < len(paras) and paras[k + 1][0] == paras[i][0]:
            k += 1
        start = paras[i][0]
        if k + 1 < len(paras):
            end = paras[k + 1][0]
        else:
            end = start + sum(word_count(t) for t in texts[i:k + 1]) * MS_PER_WORD
        sizes = [max(len(t), 1) for t in texts[i:k + 1]]
        total, acc = sum(sizes), 0
        for p, text, size in zip(paras[i:k + 1], texts[i:k + 1], sizes):
            a = start + (end - start) * acc // total
            acc += size
            b = start + (end - start) * acc // total
            out.append(Segment(a, max(a, b), text, p[1], line=p[3]))
        i = k + 1
    return tuple(out)


def _paragraphs(text: str) -> list[list[str]]:
    """Runs of nonblank lines, a stamped line opening a new one (the YouTube panel has no blank lines)."""
    paras: list[list[str]] = []
    fresh = True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            fresh = True
            continue
        if fresh or _match(line) or _STARTING.match(line):
            paras.append([])
        paras[-1].append(line)
        fresh = False
    return paras


def _all_paragraphs_stamped(text: str) -> bool:
    """Every paragraph opens with a stamp and holds speech: text on the lines after the stamp, a transcript
    page's linked stamp, a labelled line of speech, or a long line. The ratio decides, not a count, so two
    paragraphs do; a chapter list (short titles on the stamp lines, nothing after them) never qualifies."""
    paras = _paragraphs(text)
    if len(paras) < 2:
        return False
    for para in paras:
        m = _match(para[0])
        if not m:
            return False
        body = clean_inline(m.group("text"))
        if not (_speech(para[1:]) or FORMS[0].match(para[0]) or speech_label(body) or word_count(body) >= 12):
            return False
    return True


def _speech(lines: list[str]) -> bool:
    """Lines that read as speech: one of them long or ending a sentence. A list of chapter titles under a
    stamp ("12:20 Limits of LLM scaling" / "Competition with OpenAI" / "Claude") does not."""
    return any(word_count(ln) >= 8 or ln.rstrip().endswith((".", "?", "!", ",", "…")) for ln in lines)


def sniff(text: str) -> float:
    lines = [ln.strip() for ln in text[:200_000].split("\n") if ln.strip()]
    if not lines or lines[0].startswith("WEBVTT") or any(_CUE_INDEX.match(ln) for ln in lines):
        return 0.0  # a caption track, or a CUE sheet ("INDEX 01 03:14:00" is no speaker's stamp)
    if sum(1 for ln in lines if _STARTING.match(ln)) >= 2:
        return 0.9
    stamped = [ln for ln in lines if _match(ln)]
    if len(stamped) == 2 and len(stamped) * 2 >= len(lines) and all(
            speech_label(clean_inline(_match(ln).group("text"))) for ln in stamped):
        return 0.75  # a short transcript: "[00:00:00] Host: Hello." and one more labelled line of speech
    if _all_paragraphs_stamped(text[:200_000]):
        return 0.75  # two (or more) paragraphs of speech, each opened by a stamp
    if len(stamped) < 3:
        return 0.0
    if sum(1 for ln in stamped if FORMS[0].match(ln)) >= 3:
        return 0.9
    # a chapter list is all stamps and short titles; a transcript has long stamped paragraphs
    long = sum(1 for ln in stamped if word_count(ln) >= 12)
    if long >= max(3, len(stamped) // 3):
        return 0.75
    # short lines of speech after a speaker label ("[00:00:01] Lex: Hello there."): chapter titles are not
    labelled = sum(1 for ln in stamped if speech_label(clean_inline(_match(ln).group("text"))))
    if labelled >= max(3, len(stamped) // 2):
        return 0.75
    # stamp lines with the text on the lines after them ("Lex Fridman  0:00", "Ann (01:02):", "0:03")
    # ... a line of speech follows each: "Scaling laws (00:03:14)" lines one after another are chapter titles
    followed = sum(1 for k, ln in enumerate(lines[:-1])
                   if _match(ln) and not _match(ln).group("text") and not _match(lines[k + 1]))
    if followed >= max(3, len(stamped) // 2):
        return 0.75
    # short stamped caption lines ("0:05 if you extrapolate the curves"): chapter titles start with a capital
    lower = sum(1 for ln in stamped if _match(ln).group("text")[:1].islower())
    return 0.6 if len(stamped) >= 5 and lower >= len(stamped) / 2 else 0.0


TRANSCRIPT_FORMATS.register(
    Format("stamped", "stamped paragraphs: transcript pages, (HH:MM:SS) or [HH:MM:SS] stamps, 'Starting point is'",
           (".md", ".txt"), read=read, sniff=sniff)
)
