"""Speech-to-text service JSON: AssemblyAI transcripts and Deepgram pre-recorded responses.

``assemblyai-json`` (``GET /v2/transcript/{id}``; times in **milliseconds**)::

    {"id": "...", "status": "completed", "text": "...",
     "words": [{"text": "Hello.", "start": 250, "end": 650, "confidence": 0.97, "speaker": "A"}, ...],
     "utterances": [{"speaker": "A", "start": 250, "end": 3100, "text": "Hello. ...", "confidence": 0.9,
                     "words": [...]}, ...]}

Utterances (there when speaker labels were on) are the segments, speaker ``"A"`` read as
``"Speaker A"``; without them the ``words`` are grouped into segments (see below).

``deepgram-json`` (``POST /v1/listen``; times in **seconds**)::

    {"metadata": {...}, "results": {
      "channels": [{"alternatives": [{"transcript": "...", "confidence": 0.99,
          "words": [{"word": "hello", "start": 0.08, "end": 0.4, "confidence": 0.99,
                     "punctuated_word": "Hello.", "speaker": 0}, ...],
          "paragraphs": {"transcript": "...", "paragraphs": [{"sentences": [{"text": "Hello.", "start": 0.08,
                         "end": 0.4}], "speaker": 0, "start": 0.08, "end": 0.4, "num_words": 1}]}}]}],
      "utterances": [{"start": 0.08, "end": 2.1, "transcript": "...", "speaker": 0, "channel": 0, "words": [...]}]}}

``utterances`` (``utterances=true``) are preferred, speaker ``0`` read as ``"Speaker 0"``; else the
paragraphs of the first alternative (``paragraphs=true`` or ``smart_format``), given the words whose
start falls inside them; else its words grouped. A word's text is ``punctuated_word`` when present.
Each channel of a multichannel response is read and the segments merged by start; a segment
without a speaker there is named ``"Channel N"``.

Grouping words: a segment ends after a word that ends a sentence (``. ? !``), before a word spoken
by another speaker, at a pause of ``PAUSE`` or more, and before it would grow past ``LONGEST``
(output without punctuation still reads as segments of a readable size).

Rules as for the other JSON readers (``jsonfmt``): errors name the line of the bad item (utterance,
paragraph or word); ``lenient=True`` skips bad items and counts them; segments and words (per channel)
come in order of their starts, beyond ``vtt.OVERLAP_TOLERANCE``, but one may start before the one before
it ends (crosstalk); words with empty text are
dropped, and a segment whose words lack times keeps its text without word times.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from typing import Any, Callable, Hashable

from .. import timecode
from ..errors import ParseError
from ..model import Ms, Segment, Transcript, Word
from ..registry import Format
from . import TRANSCRIPT_FORMATS
from ._json import SEGMENTS_ARRAY, JsonPath, element_lines, line_at, load, text_field
from .vtt import OVERLAP_TOLERANCE

PAUSE: Ms = 2000  # grouped words: a silence this long starts a new segment
LONGEST: Ms = 30_000  # grouped words: a segment grows no longer than this

_SENTENCE_END = re.compile(r"[.?!\u2026][\"'\u201d\u2019)\]]*$")
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "prof.", "jr.", "sr."}
_LABEL = re.compile(r"[A-Z]{1,2}|\d{1,3}")  # a diarizer's label, not a name





def _show(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False)[:80]


class _Reading:
    """One document being read: where errors point, and what lenient mode skipped."""

    def __init__(self, text: str, path: str, lenient: bool, fmt: str) -> None:
        self.text, self.path, self.lenient, self.fmt = text, path, lenient, fmt
        self.skipped = 0

    def fatal(self, message: str, at: JsonPath, item: Any = None) -> ParseError:
        line = line_at(self.text, at) if at else 1
        shown = _show(item) if item is not None else self.text.lstrip().split("\n", 1)[0]
        return ParseError(message, path=self.path, line=line, text=shown)

    def bad(self, message: str, line: int, item: Any) -> None:
        """A bad item: an error, or (lenient) skipped and counted."""
        if not self.lenient:
            raise ParseError(message, path=self.path, line=line, text=_show(item)) from None
        self.skipped += 1

    def transcript(self, segs: list[Segment]) -> Transcript:
        segs = [s for s in segs if s.text]
        if not segs:
            raise ParseError(f"no segments with text in this {self.fmt} transcript", path=self.path, line=1,
                             text=self.text.lstrip().split("\n", 1)[0])
        segs.sort(key=lambda s: s.start)  # channels merged; one channel is already in order
        return Transcript(tuple(segs), format=self.fmt, source=self.path, skipped=self.skipped)


# --- values ----------------------------------------------------------------------------------------


def _number(obj: dict, key: str, where: str, unit: str, scale: int) -> float:
    if obj.get(key) is None:
        raise KeyError(f"{where} has no {key!r}")
    v = obj[key]
    too_big = isinstance(v, float) and not math.isfinite(v * scale)  # NaN, Infinity, 1e308 s
    if isinstance(v, bool) or not isinstance(v, (int, float)) or too_big or v < 0:
        raise ValueError(f"{where}: {key!r} must be a number of {unit} >= 0, not {v!r}")
    return v


def _ms(obj: dict, key: str, where: str) -> Ms:
    return int(round(_number(obj, key, where, "milliseconds", 1)))


def _seconds(obj: dict, key: str, where: str) -> Ms:
    return timecode.seconds_to_ms(_number(obj, key, where, "seconds", 1000))


def _speaker(obj: dict, where: str) -> str | None:
    """``"A"`` or ``0`` (a diarizer's label) -> ``"Speaker A"``, ``"Speaker 0"``; a name stays a name."""
    v = obj.get("speaker")
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise ValueError(f"{where}: 'speaker' must be a label or a name, not {v!r}")
    name = " ".join(str(v).split())
    if not name:
        return None
    return f"Speaker {name}" if _LABEL.fullmatch(name) else name


def _channel(obj: dict) -> Hashable:
    v = obj.get("channel")
    return v if isinstance(v, (str, int)) and not isinstance(v, bool) else None


def _span(obj: dict, where: str, time: Callable[[dict, str, str], Ms]) -> tuple[Ms, Ms]:
    start, end = time(obj, "start", where), time(obj, "end", where)
    if end < start:
        raise ValueError(f"{where} ends before it starts")
    return start, end


def _in_order(start: Ms, prev_start: Ms | None, where: str) -> None:
    """The ordering rule of the caption readers (``vtt.check_order``), worded for JSON items: items come
    in order of their starts; one may start before the one before it ends (crosstalk, overlapping words)."""
    if prev_start is not None and start < prev_start - OVERLAP_TOLERANCE:
        raise ValueError(f"{where} starts at {timecode.format_clock(start)}, before the one before it starts "
                         f"({timecode.format_clock(prev_start)}): times go back")


class _WordError(ValueError):
    """A bad word inside a segment: (message, word index, word)."""


def _segment_words(raw: Any, where: str, time, keys: tuple[str, ...]) -> tuple[Word, ...]:
    """The words of one utterance; none when any lacks times (its text stays in the segment)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"{where}: 'words' must be a list")
    timed = all(isinstance(w, dict) and w.get("start") is not None and w.get("end") is not None for w in raw)
    words: list[Word] = []
    prev_start: Ms | None = None
    for k, w in enumerate(raw):
        wwhere = f"{where}, word {k + 1}"
        try:
            if not isinstance(w, dict):
                raise ValueError(f"{wwhere} is not an object")
            token = " ".join(text_field(w, keys, wwhere).split())
            if not timed:
                continue
            a, b = _span(w, wwhere, time)
            _in_order(a, prev_start, wwhere)
        except (KeyError, ValueError) as e:
            raise _WordError(e.args[0], k, w) from None
        prev_start = a
        if token:
            words.append(Word(a, b, token))
    return tuple(words)


# --- the three ways a service gives segments -------------------------------------------------------


def _utterances(r: _Reading, items: list, at: JsonPath, *, time, text_keys: tuple[str, ...],
                word_keys: tuple[str, ...], unit: str) -> list[Segment]:
    """Utterances with their words: each one a segment."""
    lines = element_lines(r.text, at)
    channels = {_channel(u) for u in items if isinstance(u, dict)}
    prev_start: dict[Hashable, Ms] = {}
    segs: list[Segment] = []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else line_at(r.text, at)
        where = f"{unit} {n + 1}"
        try:
            if not isinstance(item, dict):
                raise ValueError(f"{where} is not an object")
            start, end = _span(item, where, time)
            ch = _channel(item)
            _in_order(start, prev_start.get(ch), where)
            body = " ".join(text_field(item, text_keys, where).split())
            speaker = _speaker(item, where)
            if speaker is None and len(channels) > 1 and ch is not None:
                speaker = f"Channel {ch}"
            words = _segment_words(item.get("words"), where, time, word_keys)
        except _WordError as e:
            r.bad(e.args[0], line_at(r.text, (*at, n, "words", e.args[1]), line), e.args[2])
            continue
        except (KeyError, ValueError) as e:
            r.bad(e.args[0], line, item)
            continue
        prev_start[ch] = start
        segs.append(Segment(start, end, body, speaker, words, line=line))
    return segs


def _read_words(r: _Reading, items: list, at: JsonPath, *, time, keys: tuple[str, ...]
                ) -> list[tuple[int, Word, str | None]]:
    """(line, word, speaker) for each good word of a top-level word list, in order."""
    lines = element_lines(r.text, at)
    prev_start: dict[Hashable, Ms] = {}
    out = []
    for k, w in enumerate(items):
        line = lines[k] if k < len(lines) else line_at(r.text, at)
        where = f"word {k + 1}"
        try:
            if not isinstance(w, dict):
                raise ValueError(f"{where} is not an object")
            token = " ".join(text_field(w, keys, where).split())
            a, b = _span(w, where, time)
            ch = _channel(w)
            _in_order(a, prev_start.get(ch), where)
            speaker = _speaker(w, where)
        except (KeyError, ValueError) as e:
            r.bad(e.args[0], line, w)
            continue
        prev_start[ch] = a
        if token:
            out.append((line, Word(a, b, token), speaker))
    return out


def _ends_sentence(token: str) -> bool:
    return bool(_SENTENCE_END.search(token)) and token.lower() not in _ABBREVIATIONS


def group_words(words: list[tuple[int, Word, str | None]]) -> list[Segment]:
    """Segments from (line, word, speaker) in order: split after a sentence end, at a change of
    speaker, at a pause of ``PAUSE`` and before a segment would last longer than ``LONGEST``."""
    segs: list[Segment] = []
    run: list[Word] = []
    first_line, speaker = 0, None

    def close() -> None:
        if run:
            segs.append(Segment(run[0].start, max(w.end for w in run), " ".join(w.text for w in run), speaker,
                                tuple(run), line=first_line))
            run.clear()

    for line, w, who in words:
        if run and (who != speaker or w.start - run[-1].end >= PAUSE or w.end - run[0].start > LONGEST):
            close()
        if not run:
            first_line, speaker = line, who
        run.append(w)
        if _ends_sentence(w.text):
            close()
    close()
    return segs


def _with_words(segs: list[Segment], words: list[Word]) -> list[Segment]:
    """Give each segment (in order) the words whose start falls inside it."""
    out = []
    j = 0
    for s in segs:
        while j < len(words) and words[j].start < s.start - OVERLAP_TOLERANCE:
            j += 1
        k = j
        while k < len(words) and words[k].start <= s.end:
            k += 1
        out.append(replace(s, words=tuple(words[j:k])))
        j = k
    return out


# --- AssemblyAI ------------------------------------------------------------------------------------

_AAI_UNFINISHED = {"queued", "processing", "error"}


def read_assemblyai(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    r = _Reading(text, path, lenient, "assemblyai-json")
    doc = load(text, path)
    if not isinstance(doc, dict):
        raise r.fatal("not an AssemblyAI transcript: the document is not an object", ())
    status = doc.get("status")
    if isinstance(status, str) and status in _AAI_UNFINISHED:
        why = f": {doc['error']}" if isinstance(doc.get("error"), str) else ""
        raise r.fatal(f"this AssemblyAI transcript is not finished (status {status!r}){why}", ("status",), status)
    utterances, words = doc.get("utterances"), doc.get("words")
    if isinstance(utterances, list) and utterances:
        segs = _utterances(r, utterances, ("utterances",), time=_ms, text_keys=("text",), word_keys=("text",),
                           unit="utterance")
    elif isinstance(words, list) and words:
        segs = group_words(_read_words(r, words, ("words",), time=_ms, keys=("text",)))
    else:
        bad = "utterances" if utterances is not None and not isinstance(utterances, list) else "words"
        raise r.fatal("not an AssemblyAI transcript: no 'utterances' or 'words' list with items",
                      (bad,) if bad in doc else ())
    return r.transcript(segs)


# --- Deepgram --------------------------------------------------------------------------------------

_DG_WORD = ("punctuated_word", "word")


def _dg_paragraphs(r: _Reading, items: list, at: JsonPath) -> list[Segment]:
    lines = element_lines(r.text, at)
    segs: list[Segment] = []
    prev_start: Ms | None = None
    for n, p in enumerate(items):
        line = lines[n] if n < len(lines) else line_at(r.text, at)
        where = f"paragraph {n + 1}"
        try:
            if not isinstance(p, dict):
                raise ValueError(f"{where} is not an object")
            sentences = p.get("sentences")
            if not isinstance(sentences, list):
                raise KeyError(f"{where} has no 'sentences' list")
            parts = []
            for k, s in enumerate(sentences):
                if not isinstance(s, dict):
                    raise ValueError(f"{where}, sentence {k + 1} is not an object")
                parts.append(" ".join(text_field(s, ("text",), f"{where}, sentence {k + 1}").split()))
            start, end = _span(p, where, _seconds)
            _in_order(start, prev_start, where)
            speaker = _speaker(p, where)
        except (KeyError, ValueError) as e:
            r.bad(e.args[0], line, p)
            continue
        prev_start = start
        segs.append(Segment(start, end, " ".join(x for x in parts if x), speaker, line=line))
    return segs


def _dg_channel(r: _Reading, ch: Any, at: JsonPath) -> list[Segment]:
    """The segments of one channel: paragraphs given the words inside them, else the words grouped."""
    alts = ch.get("alternatives") if isinstance(ch, dict) else None
    if not isinstance(alts, list) or not alts or not isinstance(alts[0], dict):
        raise r.fatal("a Deepgram channel needs an 'alternatives' list of objects", at, ch)
    alt, at = alts[0], (*at, "alternatives", 0)
    words = alt.get("words")
    if words is not None and not isinstance(words, list):
        raise r.fatal("'words' must be a list", (*at, "words"), words)
    read = _read_words(r, words or [], (*at, "words"), time=_seconds, keys=_DG_WORD)
    paragraphs = alt.get("paragraphs")
    if isinstance(paragraphs, dict) and isinstance(paragraphs.get("paragraphs"), list) and paragraphs["paragraphs"]:
        segs = _dg_paragraphs(r, paragraphs["paragraphs"], (*at, "paragraphs", "paragraphs"))
        return _with_words(segs, [w for _, w, _ in read])
    if paragraphs is not None and not isinstance(paragraphs, dict):
        raise r.fatal("'paragraphs' must be an object with a 'paragraphs' list", (*at, "paragraphs"), paragraphs)
    return group_words(read)


def read_deepgram(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    r = _Reading(text, path, lenient, "deepgram-json")
    doc = load(text, path)
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, dict):
        raise r.fatal("not a Deepgram response: no 'results' object", ("results",) if isinstance(doc, dict) else ())
    utterances = results.get("utterances")
    if isinstance(utterances, list) and utterances:
        segs = _utterances(r, utterances, ("results", "utterances"), time=_seconds, text_keys=("transcript",),
                           word_keys=_DG_WORD, unit="utterance")
        return r.transcript(segs)
    channels = results.get("channels")
    if not isinstance(channels, list) or not channels:
        raise r.fatal("not a Deepgram response: no 'results.channels' list with items",
                      ("results", "channels") if "channels" in results else ("results",))
    segs = []
    for c, ch in enumerate(channels):
        got = _dg_channel(r, ch, ("results", "channels", c))
        if len(channels) > 1:
            got = [s if s.speaker else replace(s, speaker=f"Channel {c}") for s in got]
        segs += got
    return r.transcript(segs)


# --- telling them apart ----------------------------------------------------------------------------

_DG_CHANNELS = re.compile(r'"channels"\s*:\s*\[\s*\{')
_DG_ALTERNATIVES = re.compile(r'"alternatives"\s*:\s*\[')
_DG_RESULTS = re.compile(r'"results"\s*:\s*\{')
_AAI_WORDS = re.compile(r'"words"\s*:\s*\[\s*\{')
_AAI_UTTERANCES = re.compile(r'"utterances"\s*:\s*\[\s*\{')
_KEY = re.compile(r'"(\w+)"\s*:')


def _first_keys(text: str, pattern: re.Pattern, flat: bool) -> set[str]:
    """The keys of the first object of the array ``pattern`` finds (``flat``: up to its first ``}``)."""
    m = pattern.search(text)
    if not m:
        return set()
    close = text.find("}", m.end()) if flat else -1
    return set(_KEY.findall(text, m.end(), close if close > 0 else m.end() + 3000))


def sniff_deepgram(text: str) -> float:
    if not text.lstrip().startswith("{"):
        return 0.0
    if _DG_RESULTS.search(text) and _DG_CHANNELS.search(text) and _DG_ALTERNATIVES.search(text):
        return 0.97
    return 0.0


def sniff_assemblyai(text: str) -> float:
    if not text.lstrip().startswith("{") or sniff_deepgram(text) or SEGMENTS_ARRAY.search(text):
        return 0.0
    word = _first_keys(text, _AAI_WORDS, flat=True)
    utterance = _first_keys(text, _AAI_UTTERANCES, flat=False)
    if ({"text", "start", "end", "confidence"} <= word and "word" not in word) or \
            {"speaker", "start", "end", "text"} <= utterance:
        return 0.97
    return 0.0


TRANSCRIPT_FORMATS.register(Format(
    "assemblyai-json", "AssemblyAI transcript JSON: utterances by speaker (or words grouped into sentences), "
    "times in ms", (".json",), read=read_assemblyai, sniff=sniff_assemblyai,
))
TRANSCRIPT_FORMATS.register(Format(
    "deepgram-json", "Deepgram pre-recorded response JSON: utterances, paragraphs or words, with speakers",
    (".json",), read=read_deepgram, sniff=sniff_deepgram,
))
