"""A transcript in the form of YouTube's auto-captions as yt-dlp writes them, for benchmarks and tests.

YouTube's speech recognition gives lowercase words without punctuation or speakers; yt-dlp writes them
as rolling two-line cues (the previous line, then the new one with an inline ``<hh:mm:ss.mmm><c> word</c>``
time per word) and a 10 ms "echo" cue that repeats the finished line. ``auto_captions(transcript)``
turns any timed transcript into that text, so the readers and the chapter engine can be measured on
the form most real inputs take, with the original's times as the truth.
"""
from __future__ import annotations

import re

from .. import timecode
from ..model import Transcript, Word
from ..subtitles import interpolate_words

_KEEP = re.compile(r"[^\w']+")


def asr_words(transcript: Transcript) -> list[Word]:
    """Every word lowercased with punctuation removed, timed (interpolated inside segments without word times)."""
    out: list[Word] = []
    for seg in transcript.segments:
        for w in seg.words or interpolate_words(seg):
            text = _KEEP.sub("", w.text.lower().replace("’", "'")).strip("'")
            if text:
                # recognisers give every word its own instant: nudge words that share one (a
                # paragraph stamped at the same second as the next) 10 ms apart
                start = max(w.start, out[-1].start + 10) if out else w.start
                out.append(Word(start, max(w.end, start + 10), text))
    return out


def auto_captions(transcript: Transcript, words_per_line: int = 8) -> str:
    """The yt-dlp WebVTT text of ``transcript`` as YouTube auto-captions."""
    words = asr_words(transcript)
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    prev = " "
    for i in range(0, len(words), words_per_line):
        line = words[i:i + words_per_line]
        start, end = line[0].start, max(line[-1].end, line[0].start + 20)
        tagged = line[0].text + "".join(f"<{timecode.format_clock(w.start)}><c> {w.text}</c>" for w in line[1:])
        text = " ".join(w.text for w in line)
        out += [f"{timecode.format_clock(start)} --> {timecode.format_clock(end - 10)} align:start position:0%",
                prev, tagged, ""]
        out += [f"{timecode.format_clock(end - 10)} --> {timecode.format_clock(end)} align:start position:0%",
                text, " ", ""]
        prev = text
    return "\n".join(out)
