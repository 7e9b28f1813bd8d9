"""WebVTT transcripts: plain cues, ``<v Speaker>`` voices, inline word times, YouTube auto-captions.

Reading keeps the line number of every block, so errors say ``file:LINE: ...`` (webvtt-py's parser
gives no line numbers and drops bad blocks silently, so this module parses the text itself).

YouTube auto-captions as yt-dlp writes them are recognised and deduplicated. Their form:

    00:00:00.160 --> 00:00:03.429 align:start position:0%
    (a line holding one space)
    Linus,<00:00:00.960><c> do</c><00:00:01.520><c> your</c> ...     new words with start times

    00:00:03.429 --> 00:00:03.439 align:start position:0%           ~10 ms "echo" cue
    Linus, do your kids think your job is
    (a line holding one space)

    00:00:03.439 --> 00:00:05.749 align:start position:0%
    Linus, do your kids think your job is                          the previous line, plain
    cool<00:00:03.760><c> or</c> ...                                 new words

Every spoken word is kept once, in order, with its inline start time; it ends where the next word
starts (or at the cue end). Each caption line becomes one segment; a ``>>`` speaker-change mark is
dropped and starts a new segment marked as a turn. In plain cues a leading ``- `` or ``>>`` stays in
the text (it is how the captions look) and marks the segment as a turn. A cue without a voice that opens
with a speaker's label (``Ann Lee: ...``, as Zoom writes them, or ``JOHN:`` in capitals used consistently)
names its speaker, who carries on through the cues after it as in SRT, until a voice, a label or a turn.

Cues come in order of their starts, as WebVTT requires (a cue starting before the previous cue's start
is an error; ``lenient`` skips it). A cue may start before the previous one ends: two speakers talking
at once are captioned so, and both segments are kept, overlapping, with all their words.

Writing puts ``<v Speaker>`` on every cue with a speaker and, when a segment has word times, each
word's start as an inline ``<hh:mm:ss.mmm>`` timestamp before it (an extra one after a word that
ends before the next one starts), which this reader reads back exactly.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .. import timecode
from ..errors import InputError, ParseError
from ..model import Ms, Segment, Transcript, Word
from ..registry import Format
from . import TRANSCRIPT_FORMATS, WRITES
from ._text import ATTRS, capital_speakers, speaker_prefix

# Rounding slack: a cue may start this much before the previous cue's start (a rolling caption line this
# much before the previous line's end) without being out of order.
OVERLAP_TOLERANCE: Ms = 50

_VTT_TIME = re.compile(r"^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}$")
_TIMING = re.compile(r"^\s*(?P<a>\S+)\s+-->\s+(?P<b>\S+)(?P<settings>(?:\s.*)?)$")
_INLINE = re.compile(r"<((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
# WebVTT's cue markup: class, italic, bold, underline, ruby spans (with ``.class`` names), voice and language
# spans (with an annotation), and timestamps; SRT's ``<s>``/``<font>`` that converted files keep. Other text in
# angle brackets is text ("List<String>", "when a<b and c>d"), as WebVTT parsers show it too.
_TAG = re.compile(r"</?(?:c|i|b|u|s|ruby|rt)(?:\.[^\s<>.]+)*>|<(?:v|lang)(?:\.[^\s<>.]+)*(?:\s[^<>]*)?>"
                  rf"|</(?:v|lang)>|<font{ATTRS}\s*>|</font>|<(?:\d{{2,}}:)?\d{{2}}:\d{{2}}\.\d{{3}}>")
_YOUTUBE_C = re.compile(r"<(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}><c>")
_TURN_MARK = re.compile(r"^(?:[-–—]\s|>>)")  # a caption's new, unnamed speaker: "- Hi" or ">> Hi"
SPEAKER_MARK = ">>"  # YouTube's speaker change inside auto-captions: not speech, but a turn


@dataclass
class Cue:
    """A cue block as read: times, raw payload lines and where they were."""

    start: Ms
    end: Ms
    lines: list[str]
    line: int  # the block's first line (identifier or timing line)
    timing_line: int
    payload_line: int
    timing: str = ""


def parse_time(text: str, *, path: str, line: int, raw: str) -> Ms:
    """A WebVTT timestamp (``hh:mm:ss.ttt`` or ``mm:ss.ttt``) in ms, or a ``ParseError`` at ``line``."""
    if not _VTT_TIME.match(text):
        raise ParseError(f"bad timestamp {text!r} (want hh:mm:ss.mmm)", path=path, line=line, text=raw)
    return timecode.parse(text)


def split_blocks(lines: list[str], *, blank_if_whitespace: bool) -> list[tuple[int, list[str]]]:
    """Blocks of lines separated by blank lines, each with its first line's 1-based number.

    WebVTT counts a line holding only spaces as content (YouTube's cues have such lines), SRT does
    not. A line with ``-->`` that cannot be the timing line of the current block starts a new block.
    """
    out: list[tuple[int, list[str]]] = []
    block: list[str] = []
    first = 0
    for no, line in enumerate(lines, 1):
        blank = not line.strip() if blank_if_whitespace else not line
        if blank:
            if block:
                out.append((first, block))
            block = []
            continue
        if block and "-->" in line and (len(block) > 1 or "-->" in block[0]):
            out.append((first, block))
            block = []
        if not block:
            first = no
        block.append(line)
    if block:
        out.append((first, block))
    return out


def clean(text: str) -> str:
    """Cue text to plain text: tags dropped, entities decoded, spaces folded (line breaks kept)."""
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\u00a0", " ")
    return "\n".join(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())


def inline_words(payload: str, start: Ms, end: Ms, *, path: str, line: int) -> tuple[Word, ...]:
    """Words of a payload with inline timestamps: each starts at the timestamp before it.

    A run of several words between two timestamps shares that span by character length.
    """
    parts = _INLINE.split(payload)
    times = [start]
    for m in _INLINE.finditer(payload):
        t = timecode.parse(m.group(1))
        if t < times[-1] or t > end:
            what = "goes backwards" if t < times[-1] else "is after the cue end"
            raise ParseError(f"inline timestamp {m.group(0)} {what}", path=path,
                             line=line + payload.count("\n", 0, m.start()), text=m.group(0))
        times.append(t)
    words: list[Word] = []
    for k, chunk in enumerate(parts[0::2]):
        a = times[k]
        b = times[k + 1] if k + 1 < len(times) else end
        words.extend(spread(clean(chunk).split(), a, b))
    return tuple(words)


def spread(tokens: list[str], start: Ms, end: Ms) -> list[Word]:
    """Words for tokens sharing ``start..end``, split by character length."""
    if not tokens:
        return []
    total = sum(len(t) for t in tokens)
    out, acc = [], 0
    for tok in tokens:
        a = start + (end - start) * acc // total
        acc += len(tok)
        out.append(Word(a, start + (end - start) * acc // total, tok))
    return out


def _parse_cue(first: int, block: list[str], *, path: str) -> Cue | None:
    """A cue from a block, ``None`` for NOTE/STYLE/REGION blocks; ``ParseError`` for anything else."""
    head = block[0]
    if re.match(r"^(NOTE|STYLE|REGION)(\s|$)", head) and "-->" not in head:
        return None
    if "-->" in head:
        k = 0
    elif len(block) > 1 and "-->" in block[1]:
        k = 1  # a cue identifier, then the timing line
    else:
        raise ParseError("not a cue: expected a timing line 'start --> end'", path=path, line=first, text=head)
    no, timing = first + k, block[k]
    m = _TIMING.match(timing)
    if not m:
        raise ParseError("bad cue timing line (want 'start --> end')", path=path, line=no, text=timing)
    start = parse_time(m.group("a"), path=path, line=no, raw=timing)
    end = parse_time(m.group("b"), path=path, line=no, raw=timing)
    if end < start:
        raise ParseError("cue ends before it starts", path=path, line=no, text=timing)
    return Cue(start, end, block[k + 1:], first, no, no + 1, timing)


def read_cues(text: str, *, path: str, lenient: bool) -> tuple[list[Cue], int]:
    lines = text.split("\n")
    if not lines[0].startswith("WEBVTT") or lines[0][6:7] not in ("", " ", "\t"):
        raise ParseError("not WebVTT: the first line must be 'WEBVTT'", path=path, line=1, text=lines[0])
    blocks = split_blocks(lines, blank_if_whitespace=False)
    cues: list[Cue] = []
    skipped = 0
    for first, block in blocks[1:]:
        try:
            cue = _parse_cue(first, block, path=path)
        except ParseError:
            if not lenient:
                raise
            skipped += 1
            continue
        if cue is not None:
            cues.append(cue)
    # a header block that swallowed a cue (no blank line after WEBVTT)
    head_first, head = blocks[0]
    for k, ln in enumerate(head[1:], 1):
        if "-->" in ln:
            raise ParseError("blank line missing between the WEBVTT header and the first cue",
                             path=path, line=head_first + k, text=ln)
    return cues, skipped


def is_youtube_rolling(cues: list[Cue]) -> bool:
    """yt-dlp's YouTube auto-captions: ``<ts><c>`` word tags and lines repeated from the cue before."""
    if not any(_YOUTUBE_C.search(ln) for c in cues[:50] for ln in c.lines):
        return False
    prev: set[str] = set()
    for c in cues[:200]:
        plain = {clean(ln) for ln in c.lines if ln.strip()}
        if plain & prev:
            return True
        prev = plain
    return False


def _youtube_segments(cues: list[Cue], *, path: str, lenient: bool) -> tuple[list[Segment], int]:
    segs: list[Segment] = []
    skipped = 0
    prev_lines: set[str] = set()
    last_end = 0
    for c in cues:
        this_lines = set()
        new: list[tuple[int, Segment]] = []
        try:
            for k, raw in enumerate(c.lines):
                plain = clean(raw)
                if not plain:
                    continue
                this_lines.add(plain)
                no = c.payload_line + k
                if _INLINE.search(raw):
                    words = inline_words(raw, c.start, c.end, path=path, line=no)
                elif plain in prev_lines:
                    continue  # the rolling repeat of a line already read
                else:
                    words = tuple(spread(plain.split(), c.start, c.end))
                for turn, ws in split_at_marks(words):
                    new.append((no, Segment(ws[0].start, ws[-1].end, " ".join(w.text for w in ws), None, ws,
                                            line=no, turn=turn)))
        except ParseError:
            if not lenient:
                raise
            skipped += 1
            continue
        prev_lines = this_lines
        for no, s in new:
            if s.start < last_end - OVERLAP_TOLERANCE:
                if not lenient:
                    raise ParseError("caption words go back in time", path=path, line=no, text=c.lines[no - c.payload_line])
                skipped += 1
                continue
            segs.append(s)
            last_end = s.end
    return segs, skipped


def split_at_marks(words: tuple[Word, ...]) -> list[tuple[bool, tuple[Word, ...]]]:
    """Words cut at YouTube's ``>>`` marks, which are dropped: (a new speaker starts, words) runs."""
    runs: list[tuple[bool, tuple[Word, ...]]] = []
    turn, cur = False, []
    for w in words:
        if w.text == SPEAKER_MARK:
            if cur:
                runs.append((turn, tuple(cur)))
            turn, cur = True, []
        else:
            cur.append(w)
    if cur:
        runs.append((turn, tuple(cur)))
    return runs


def check_order(start: Ms, prev_start: Ms | None, *, path: str, line: int, text: str) -> None:
    """Cues must come in order of their starts (beyond ``OVERLAP_TOLERANCE``): WebVTT requires it, and SRT
    players show cues in their numbered order. A cue may start before the previous one *ends*: crosstalk,
    two speakers' captions on screen at once, which both formats allow."""
    if prev_start is not None and start < prev_start - OVERLAP_TOLERANCE:
        raise ParseError(
            f"cue starts at {timecode.format_clock(start)}, before the previous cue starts "
            f"({timecode.format_clock(prev_start)}): cues must be in time order",
            path=path, line=line, text=text,
        )


def _plain_segments(cues: list[Cue], *, path: str, lenient: bool) -> tuple[list[Segment], int]:
    segs: list[Segment] = []
    skipped = 0
    prev_start: Ms | None = None
    capitals = capital_speakers(clean("\n".join(c.lines)).split("\n", 1)[0] for c in cues)
    labelled: str | None = None  # the speaker a "Name:" label named, carrying on as in SRT
    for c in cues:
        payload = "\n".join(c.lines)
        try:
            check_order(c.start, prev_start, path=path, line=c.timing_line, text=c.timing)
            m = _VOICE.search(payload)
            speaker = (" ".join(html.unescape(m.group(1)).split()) or None) if m else None
            text = clean(payload)
            label = None if m else speaker_prefix(text, capitals)
            if label:
                labelled, text = label
            elif m or _TURN_MARK.match(text):
                labelled = None
            speaker = speaker or labelled
            words = inline_words(payload, c.start, c.end, path=path, line=c.payload_line) if _INLINE.search(payload) else ()
        except ParseError:
            if not lenient:
                raise
            skipped += 1
            continue
        prev_start = c.start
        if text:
            segs.append(Segment(c.start, c.end, text, speaker, words, line=c.line,
                                turn=speaker is None and bool(_TURN_MARK.match(text))))
    return segs, skipped


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    if not text.strip():
        raise InputError("file is empty", path=path, line=1)
    cues, skipped = read_cues(text, path=path, lenient=lenient)
    if is_youtube_rolling(cues):
        segs, more = _youtube_segments(cues, path=path, lenient=lenient)
    else:
        segs, more = _plain_segments(cues, path=path, lenient=lenient)
    if not segs:
        raise ParseError("no cues with text found", path=path, line=1, text=text.split("\n", 1)[0])
    return Transcript(tuple(segs), format="vtt", source=path, skipped=skipped + more)


# --- writing -------------------------------------------------------------------------------------


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stamp(ms: Ms) -> str:
    return f"<{timecode.format_clock(ms)}>"


def _words_fit(seg: Segment) -> bool:
    """Word times can be written inline: starts in order inside the cue, and the same tokens as the text.

    Words that overlap (an ASR's word ends after the next one starts) still fit: only the starts are
    ordered in WebVTT, so such a word is written without its end and reads back ending where the next begins.
    """
    if not seg.words or seg.start is None or seg.end is None:
        return False
    t = seg.start
    for w in seg.words:
        if w.start < t or not w.text or w.text != "".join(w.text.split()):
            return False
        t = w.start
    return t <= seg.end and [w.text for w in seg.words] == seg.text.split()


def payload(seg: Segment) -> str:
    """A segment's cue text: escaped, line breaks kept, inline word times when the words fit."""
    lines = [" ".join(ln.split()) for ln in seg.text.split("\n") if ln.strip()]
    if _words_fit(seg):
        out: list[str] = []
        words = iter(enumerate(seg.words))
        n = len(seg.words)
        for ln in lines:
            parts = []
            for _ in ln.split():
                i, w = next(words)
                piece = _stamp(w.start) + escape(w.text)
                nxt = seg.words[i + 1].start if i + 1 < n else seg.end
                if w.end < nxt:  # a gap after the word; an overlap cannot be written, the next start ends it
                    piece += _stamp(w.end)
                parts.append(piece)
            out.append(" ".join(parts))
        lines = out
    else:
        lines = [escape(ln) for ln in lines]
    if seg.speaker:
        lines[0] = f"<v {escape(seg.speaker)}>" + lines[0]
    elif seg.turn and not _TURN_MARK.match(seg.text.lstrip()):
        lines[0] = "- " + lines[0]  # an unnamed turn keeps its caption dash, as the SRT writer writes it
    return "\n".join(lines)


def write(transcript: Transcript) -> str:
    out = ["WEBVTT", ""]
    for seg in transcript.segments:
        if seg.start is None or seg.end is None:
            raise InputError("an untimed transcript cannot be written as WebVTT; give it times first "
                             "(clipper retime)", path=transcript.source, line=seg.line)
        if not seg.text.strip():
            continue
        out.append(f"{timecode.format_clock(seg.start)} --> {timecode.format_clock(seg.end)}")
        out.append(payload(seg))
        out.append("")
    return "\n".join(out)


def sniff(text: str) -> float:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return 0.95 if first.startswith("WEBVTT") and first[6:7] in ("", " ", "\t") else 0.0


WRITES["vtt"] = "WebVTT captions: one cue per segment, <v Speaker> voices and inline word times when known"
TRANSCRIPT_FORMATS.register(Format(
    "vtt", "WebVTT captions: <v Speaker> voices, inline word times, YouTube auto-captions (deduplicated)",
    (".vtt",), read=read, write=write, sniff=sniff,
))
