"""JSON transcripts: Whisper/faster-whisper output and the Podcasting 2.0 JSON transcript.

``whisper-json``::

    {"text": "...", "segments": [{"start": 0.0, "end": 2.5, "text": " Hello there.", "speaker": "A",
      "words": [{"word": " Hello", "start": 0.0, "end": 0.4}, ...]}]}

(``word`` or ``text`` for a word's text; ``speaker`` optional, as whisperX and diarizers add it.
A segment whose words lack times, as whisperX leaves numbers, keeps its text without word times.)

``podcast-json`` (Podcasting 2.0, ``application/json`` transcripts)::

    {"version": "1.0.0", "segments": [{"speaker": "Alice", "startTime": 0.0, "endTime": 1.5, "body": "Hello"}]}

Seconds become integer milliseconds at the reader. Errors name the line of the bad segment (or
word); JSON syntax errors the line ``json`` reports.
"""
from __future__ import annotations

import json
import re
from typing import Any

from .. import timecode
from ..errors import InputError, ParseError
from ..model import Ms, Segment, Transcript, Word
from ..registry import Format
from . import TRANSCRIPT_FORMATS, WRITES
from ._json import SEGMENTS_ARRAY, element_lines, elements, line_of, load, members, text_field

MAX_SECONDS = 1_000_000  # eleven days: a larger time is a broken file, not an episode


def _item_lines(text: str, key: str) -> list[int]:
    """1-based line of each element of the top-level array ``key`` (a valid document)."""
    return element_lines(text, (key,))


def _word_lines(text: str, seg_line: int, n: int) -> int:
    """The line of word ``n`` of the segment starting on ``seg_line`` (best effort: the segment's line)."""
    lines = text.split("\n")
    i = sum(len(ln) + 1 for ln in lines[: seg_line - 1])
    i = text.find("{", i)
    try:
        for k, j in members(text, i):
            if k == "words" and text[j] == "[":
                for m, w in enumerate(elements(text, j)):
                    if m == n:
                        return line_of(text, w)
    except (ValueError, IndexError):
        pass
    return seg_line


# --- reading -------------------------------------------------------------------------------------


def _seconds(obj: dict, key: str, where: str) -> Ms:
    if key not in obj:
        raise KeyError(f"{where} has no {key!r}")
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= MAX_SECONDS:  # NaN fails too
        raise ValueError(f"{where}: {key!r} must be a number of seconds from 0 to {MAX_SECONDS:,}, not {v!r}")
    return timecode.seconds_to_ms(v)


def _speaker(obj: dict, where: str) -> str | None:
    v = obj.get("speaker")
    if v is None:
        return None
    if not isinstance(v, (str, int)) or isinstance(v, bool):
        raise ValueError(f"{where}: 'speaker' must be a string, not {v!r}")
    return str(v).strip() or None


def _segments(text: str, path: str, lenient: bool, fmt: str, build) -> Transcript:
    doc = load(text, path)
    if not isinstance(doc, dict) or not isinstance(doc.get("segments"), list):
        line = line_of(text, text.find('"segments"')) if '"segments"' in text else 1
        raise ParseError(f"not a {fmt} transcript: no 'segments' list", path=path, line=line,
                         text=text.lstrip().split("\n", 1)[0])
    items = doc["segments"]
    lines = _item_lines(text, "segments")
    segs: list[Segment] = []
    skipped = 0
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 1
        where = f"segment {n + 1}"
        try:
            if not isinstance(item, dict):
                raise ValueError(f"{where} is not an object")
            seg = build(item, where, line)
        except _WordError as e:
            if not lenient:
                raise ParseError(str(e.args[0]), path=path, line=_word_lines(text, line, e.args[1]),
                                 text=json.dumps(e.args[2])[:80]) from None
            skipped += 1
            continue
        except (KeyError, ValueError) as e:
            if not lenient:
                msg = e.args[0] if e.args else str(e)
                raise ParseError(str(msg), path=path, line=line, text=json.dumps(item)[:80]) from None
            skipped += 1
            continue
        if seg.text:
            segs.append(seg)
    if not segs:
        raise ParseError(f"no segments with text in this {fmt} transcript", path=path, line=1,
                         text=text.lstrip().split("\n", 1)[0])
    return Transcript(tuple(segs), format=fmt, source=path, skipped=skipped)


class _WordError(ValueError):
    """A bad word: (message, word index, word)."""


def _whisper_segment(item: dict, where: str, line: int) -> Segment:
    start = _seconds(item, "start", where)
    end = _seconds(item, "end", where)
    if end < start:
        raise ValueError(f"{where} ends before it starts")
    words: list[Word] = []
    raw_words = item.get("words") or []
    if not isinstance(raw_words, list):
        raise ValueError(f"{where}: 'words' must be a list")
    timed = all(isinstance(w, dict) and "start" in w and "end" in w for w in raw_words)
    for k, w in enumerate(raw_words):
        wwhere = f"{where}, word {k + 1}"
        try:
            if not isinstance(w, dict):
                raise ValueError(f"{wwhere} is not an object")
            token = text_field(w, ("word", "text"), wwhere).strip()
            if not timed:
                continue
            a, b = _seconds(w, "start", wwhere), _seconds(w, "end", wwhere)
            if b < a:
                raise ValueError(f"{wwhere} ends before it starts")
        except (KeyError, ValueError) as e:
            raise _WordError(e.args[0], k, w) from None
        if token:
            words.append(Word(a, b, token))
    return Segment(start, end, text_field(item, ("text",), where).strip(), _speaker(item, where), tuple(words), line=line)


def read_whisper(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    return _segments(text, path, lenient, "whisper-json", _whisper_segment)


def _podcast_segment(item: dict, where: str, line: int) -> Segment:
    start = _seconds(item, "startTime", where)
    end = _seconds(item, "endTime", where)
    if end < start:
        raise ValueError(f"{where} ends before it starts")
    return Segment(start, end, text_field(item, ("body",), where).strip(), _speaker(item, where), line=line)


def read_podcast(text: str, *, path: str = "<string>", lenient: bool = False) -> Transcript:
    return _segments(text, path, lenient, "podcast-json", _podcast_segment)


# --- writing -------------------------------------------------------------------------------------


def _timed(transcript: Transcript, fmt: str) -> None:
    for seg in transcript.segments:
        if seg.start is None:
            raise InputError(f"an untimed transcript cannot be written as {fmt}; give it times first "
                             "(clipper retime)", path=transcript.source, line=seg.line)


def _text(seg: Segment) -> str:
    """A cue's text without the empty first line a subtitle cue leaves for its speaker's label (SRT writes the
    label there; JSON has the speaker as a field)."""
    return seg.text.lstrip("\n")


def write_whisper(transcript: Transcript) -> str:
    _timed(transcript, "whisper-json")
    segs = []
    for n, s in enumerate(transcript.segments):
        d: dict[str, Any] = {"id": n, "start": timecode.ms_to_seconds(s.start), "end": timecode.ms_to_seconds(s.end),
                             "text": _text(s)}
        if s.speaker:
            d["speaker"] = s.speaker
        if s.words:
            d["words"] = [{"word": " " + w.text, "start": timecode.ms_to_seconds(w.start),
                           "end": timecode.ms_to_seconds(w.end)} for w in s.words]
        segs.append(d)
    text = " ".join(_text(s) for s in transcript.segments)
    return json.dumps({"text": text, "segments": segs}, ensure_ascii=False, indent=1) + "\n"


def write_podcast(transcript: Transcript) -> str:
    _timed(transcript, "podcast-json")
    segs = []
    for s in transcript.segments:
        d: dict[str, Any] = {}
        if s.speaker:
            d["speaker"] = s.speaker
        d.update(startTime=timecode.ms_to_seconds(s.start), endTime=timecode.ms_to_seconds(s.end), body=_text(s))
        segs.append(d)
    return json.dumps({"version": "1.0.0", "segments": segs}, ensure_ascii=False, indent=1) + "\n"


# --- telling them apart ----------------------------------------------------------------------------



def _first_segment_keys(text: str) -> set[str]:
    """The keys of the first element of the ``segments`` array, wherever it is: Whisper writes the whole
    episode's ``text`` before ``segments``, so a long episode puts it far past any fixed prefix. (Inside a
    JSON string a quote is escaped, so the pattern cannot match text within a value.)"""
    if not text.lstrip().startswith("{"):
        return set()
    m = SEGMENTS_ARRAY.search(text)
    if not m:
        return set()
    return set(re.findall(r'"(\w+)"\s*:', text[m.end(): m.end() + 3000]))


def sniff_whisper(text: str) -> float:
    keys = _first_segment_keys(text)
    return 0.95 if {"start", "end", "text"} <= keys and not keys & {"startTime", "body"} else 0.0


def sniff_podcast(text: str) -> float:
    keys = _first_segment_keys(text)
    return 0.95 if {"startTime", "body"} <= keys else 0.0


WRITES["whisper-json"] = "Whisper JSON: text, then segments with start, end, text, speaker and word times"
WRITES["podcast-json"] = "Podcasting 2.0 JSON transcript: segments with speaker, startTime, endTime, body"
TRANSCRIPT_FORMATS.register(Format(
    "whisper-json", "Whisper / faster-whisper JSON: segments with word times (and speakers from diarization)",
    (".json",), read=read_whisper, write=write_whisper, sniff=sniff_whisper,
))
TRANSCRIPT_FORMATS.register(Format(
    "podcast-json", "Podcasting 2.0 JSON transcript: segments with startTime, endTime, speaker, body",
    (".json",), read=read_podcast, write=write_podcast, sniff=sniff_podcast,
))
