"""SubRip (SRT) transcripts: numbered cues, ``Name:`` speaker prefixes and ``- `` dialogue dashes.

Reading:

- ``Name: text`` (a short capitalised name and a colon at the start of a cue) names the speaker; the
  speaker carries on through the following cues until another name or a dash. A label in capitals
  (``JOHN:``, ``SPEAKER 1:``) or of one Title-case word (``Lex:``) names a speaker when the file uses it
  consistently (``_text.capital_speakers``: it recurs, or several labels in capitals take turns, or, for a
  Title-case word, the file's other cues name speakers), so ``NOTE:``, ``Remember: this`` or one shouted
  line is text. A capital is one of any cased script (``Émile:``, ``Özil Şahin:``, ``Иван:``); in a script
  without case (CJK, Arabic, Hebrew, Thai) a short label (one word of up to 8 letters, or two to four words)
  before ``:`` or ``：`` names a speaker when it recurs (``田中: 今日は``, ``田中：今日は``), or once in the
  form CJK subtitles and this writer use (``王小明：我也去。``: full-width colon, no space) when the file's
  other cues name speakers; ``注意：明日は休みです。`` in a file without labels is text.
- A line starting with ``- `` (or ``>>``, as broadcast captions mark it) starts a new speaker whose name
  is not given (speaker ``None``, ``turn`` set). A cue with two dash lines becomes two segments that
  share the cue's time span, split by character length.
- Formatting tags (``<i>``, ``<font ...>``, ``{\\an8}``) are dropped; line breaks inside a cue are
  kept as ``\\n``. HTML entities (``&amp;``, ``&lt;``, ``&#39;``), which caption exporters write, are
  decoded like every other reader does, so the text is plain (and a VTT writer escapes it once).
- YouTube auto-captions converted to SRT (yt-dlp ``--convert-subs srt``, ffmpeg) keep YouTube's rolling
  display: each cue repeats the line before it, and 10 ms "echo" cues repeat a finished line. When most
  cues start with the previous cue's last line, only the new lines are read, so every word comes once.
- Cues overlap when speakers talk at once: a cue may start before the previous one ends, and keeps its
  words. It may not start before the previous cue *starts* (the numbering is the showing order).

Writing writes the text plain (SRT has no escapes), puts ``Name: `` on the first cue of each speaker's
turn, and ``- `` on a cue whose speaker is unknown right after a named one or that starts an unnamed
turn (unless its text starts with the dash already, as VTT caption text and subtitle cues do), so the
reader gives back the same speakers and turns. A cue whose text opens with an empty line (``subtitles`` at a
narrow width, where the label and the first word do not fit on one line) gets the label on that line alone
(``Dario Amodei:`` / ``Exactly.``), which the reader takes as naming the speaker of the lines below. A cue that goes on with a named speaker's turn but whose text
would read as a label ("...in a 2020 paper, / Zoom In: An Introduction to Circuits.") names its speaker
again ("Lex Fridman: Zoom In: ..."), so it is not read as a new speaker "Zoom In".
"""
from __future__ import annotations

import html
import re

from .. import timecode
from ..errors import InputError, ParseError
from ..model import Ms, Segment, Transcript
from ..registry import Format
from . import TRANSCRIPT_FORMATS, WRITES
from ._text import ATTRS, capital_speakers, reads_as_label, speaker_label, speaker_prefix
from .vtt import check_order

_SRT_TIME = re.compile(r"^\d{1,3}:[0-5]\d:[0-5]\d[,.]\d{1,3}$")
_TIMING = re.compile(r"^\s*(?P<a>\S+)\s*-->\s*(?P<b>\S+)(?:\s.*)?$")
_INDEX = re.compile(r"^\s*\d+\s*$")
# Only the formatting tags players honour in SRT, as they are written (``<i>``, ``</b>``, ``<font color="red">``);
# other text in angle brackets ("<laughs>", "<A>", "when a<b and c>d") is text.
_TAG = re.compile(rf"</?[ibus]\s*>|<font{ATTRS}\s*>|</font\s*>|\{{\\[^}}]*\}}", re.IGNORECASE)
_DASH = re.compile(r"^(?:[-–—]\s+|>>\s*)")


def _time(text: str, *, path: str, line: int, raw: str) -> Ms:
    if not _SRT_TIME.match(text):
        raise ParseError(f"bad timestamp {text!r} (want hh:mm:ss,mmm)", path=path, line=line, text=raw)
    return timecode.parse(text)


def _plain(line: str) -> str:
    """A cue line as text: formatting tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(_TAG.sub("", line)).split())  # split() folds no-break spaces too


_COLONS = frozenset(":\uff1a")  # a label ends with a colon, full-width after a name in a wide script (田中：)


def _label_alone(lines: list[tuple[int, str]], capitals: frozenset[str] | None = None) -> list[tuple[int, str]]:
    """A cue that opens with a speaker's label on a line of its own ("Dario Amodei:" / "Exactly.", as the writer
    puts it when the label and a word are too wide for one line): its first two lines as one, the label
    opening the text. ``capitals``: only when that line names a speaker (``speaker_prefix``); ``None``: when
    it has the form of a label (to find the labels a file uses)."""
    first = lines[0][1] if lines else ""
    if len(lines) < 2 or first[-1:] not in _COLONS or set(first[:-1]) & _COLONS or _DASH.match(lines[1][1]):
        return lines
    (no, label), (_, text) = lines[0], lines[1]
    joined = f"{label} {text}"
    if reads_as_label(joined) if capitals is None else speaker_prefix(joined, capitals) == (label[:-1], text):
        return [(no, joined), *lines[2:]]
    return lines


def _split_turns(lines: list[tuple[int, str]], speaker: str | None, capitals: frozenset[str] = frozenset()
                 ) -> tuple[list[tuple[int, str | None, str, bool]], str | None]:
    """Cue lines -> (line, speaker, text, dashed) turns; a dash or a ``Name:`` prefix starts a new turn."""
    turns: list[list] = []
    lines = _label_alone(lines, capitals)
    for no, ln in lines:
        new = dashed = False
        if _DASH.match(ln):
            ln, speaker, new, dashed = _DASH.sub("", ln, count=1), None, True, True
        label = speaker_prefix(ln, capitals)
        if label:
            speaker, ln = label
            new = True
        if new or not turns:
            turns.append([no, speaker, [ln], dashed])
        else:
            turns[-1][2].append(ln)
    return [(no, spk, "\n".join(t), dashed and spk is None) for no, spk, t, dashed in turns], speaker


def _cues(text: str, *, path: str, lenient: bool) -> tuple[list[tuple[int, Ms, Ms, list[tuple[int, str]]]], int]:
    """(first line, start, end, [(line, text)]) per cue, checked; and how many bad cues were skipped."""
    lines = text.split("\n")
    cues = []
    skipped = 0
    prev_start: Ms | None = None
    for first, block in _blocks(lines):
        try:
            k = 1 if _INDEX.match(block[0]) else 0
            if k == 0 and "-->" not in block[0]:
                raise ParseError("not a cue: expected a cue number or a timing line", path=path, line=first,
                                 text=block[0])
            if len(block) <= k or "-->" not in block[k]:
                no = first + k if len(block) > k else first
                raise ParseError("cue has no timing line 'start --> end'", path=path, line=no, text=block[no - first])
            no, timing = first + k, block[k]
            m = _TIMING.match(timing)
            if not m:
                raise ParseError("bad cue timing line (want 'start --> end')", path=path, line=no, text=timing)
            start = _time(m.group("a"), path=path, line=no, raw=timing)
            end = _time(m.group("b"), path=path, line=no, raw=timing)
            if end < start:
                raise ParseError("cue ends before it starts", path=path, line=no, text=timing)
            check_order(start, prev_start, path=path, line=no, text=timing)
        except ParseError:
            if not lenient:
                raise
            skipped += 1
            continue
        prev_start = start
        payload = [(first + k + 1 + i, _plain(ln)) for i, ln in enumerate(block[k + 1:])]
        cues.append((first, start, end, [(n, ln) for n, ln in payload if ln]))
    return cues, skipped


def is_rolling(cues: list) -> bool:
    """YouTube's rolling captions: many two-line cues open with the line that closed the cue before
    (a speaker saying "Yeah." cue after cue repeats a whole one-line cue, which does not count)."""
    texts = [[ln for _, ln in payload] for *_, payload in cues[:300] if payload]
    rolls = sum(1 for a, b in zip(texts, texts[1:]) if len(b) >= 2 and b[0] == a[-1])
    return rolls >= 3 and rolls >= 0.25 * len(texts)


def _new_lines(cues: list) -> list:
    """Rolling captions: each cue keeps only the lines the cue before did not show."""
    out = []
    shown: set[str] = set()
    for first, start, end, payload in cues:
        new = [(n, ln) for n, ln in payload if ln not in shown]
        shown = {ln for _, ln in payload}
        if new:
            out.append((first if new[0] == payload[0] else new[0][0], start, end, new))
    return out


def read(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    if not text.strip():
        raise InputError("file is empty", path=path, line=1)
    cues, skipped = _cues(text, path=path, lenient=lenient)
    if is_rolling(cues):
        cues = _new_lines(cues)
    segs: list[Segment] = []
    speaker: str | None = None
    capitals = capital_speakers(ln for *_, payload in cues for _, ln in _label_alone(payload))
    for first, start, end, payload in cues:
        if not payload:
            continue
        turns, speaker = _split_turns(payload, speaker, capitals)
        total = sum(len(t) for _, _, t, _ in turns)
        acc = 0
        for i, (line_no, spk, body, dashed) in enumerate(turns):
            a = start + (end - start) * acc // total
            acc += len(body)
            b = start + (end - start) * acc // total
            segs.append(Segment(a, b, body, spk, line=first if i == 0 else line_no, turn=dashed))
    if not segs:
        raise ParseError("no cues with text found", path=path, line=1, text=text.split("\n")[0])
    return Transcript(tuple(segs), format="srt", source=path, skipped=skipped)


def _split(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blocks separated by blank lines. A line of spaces separates too, unless text follows it: then it
    is part of a cue (yt-dlp writes a rolling cue's empty first line as a space)."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    first = 0
    for i, ln in enumerate(lines):
        if not ln.strip():
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if ln == "" or not cur or not nxt.strip() or _INDEX.match(nxt) or _TIMING.match(nxt):
                if cur:
                    out.append((first, cur))
                    cur = []
                continue
        if not cur:
            first = i + 1
        cur.append(ln)
    if cur:
        out.append((first, cur))
    return out


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks; a cue number followed by a timing line also starts a block
    (files that lost a blank line)."""
    out = []
    for first, block in _split(lines):
        start = 0
        for i in range(2, len(block) - 1):
            if _INDEX.match(block[i]) and _TIMING.match(block[i + 1]) and i - start >= 2:
                out.append((first + start, block[start:i]))
                start = i
        out.append((first + start, block[start:]))
    for i in range(len(out) - 1):  # "...text / 4 / 00:00:08,000 --> ...": the number belongs to the next cue
        (f1, b1), (f2, b2) = out[i], out[i + 1]
        if len(b1) > 2 and _INDEX.match(b1[-1]) and f1 + len(b1) == f2 and _TIMING.match(b2[0]):
            out[i], out[i + 1] = (f1, b1[:-1]), (f2 - 1, [b1[-1], *b2])
    return out


def write(transcript: Transcript) -> str:
    out: list[str] = []
    n = 0
    speaker: str | None = None
    for seg in transcript.segments:
        if seg.start is None or seg.end is None:
            raise InputError("an untimed transcript cannot be written as SRT; give it times first "
                             "(clipper retime)", path=transcript.source, line=seg.line)
        lines = [" ".join(ln.split()) for ln in seg.text.split("\n") if ln.strip()]
        if not lines:
            continue
        if seg.speaker and (seg.speaker != speaker or reads_as_label(lines[0])):
            if seg.text.split("\n", 1)[0].strip():
                lines[0] = speaker_label(seg.speaker) + lines[0]
            else:  # the cue left its first line for the label: the label and a word are too wide for one
                lines.insert(0, speaker_label(seg.speaker).rstrip())
        elif not seg.speaker and (speaker or seg.turn) and not _DASH.match(lines[0]):
            lines[0] = f"- {lines[0]}"  # (a text that shows its dash already, as VTT captions do, keeps one)
        speaker = seg.speaker
        n += 1
        out += [str(n), f"{timecode.format_clock(seg.start, ',')} --> {timecode.format_clock(seg.end, ',')}", *lines, ""]
    return "\n".join(out)


def sniff(text: str) -> float:
    head = [ln.strip() for ln in text[:4000].split("\n")]
    head = [ln for ln in head if ln][:4]
    if not head or head[0].startswith("WEBVTT"):
        return 0.0
    timing = head[1] if _INDEX.match(head[0]) and len(head) > 1 else head[0]
    m = _TIMING.match(timing)
    if m and _SRT_TIME.match(m.group("a")) and _SRT_TIME.match(m.group("b")):
        return 0.95 if "," in m.group("a") else 0.8
    return 0.0


WRITES["srt"] = "SubRip subtitles: numbered cues, 'Name:' on a speaker's first cue, '- ' on an unnamed turn"
TRANSCRIPT_FORMATS.register(Format(
    "srt", "SubRip subtitles: 'Name:' speaker prefixes, '- ' dialogue dashes",
    (".srt",), read=read, write=write, sniff=sniff,
))
