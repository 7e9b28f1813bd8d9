"""Any transcript clipper can write, it reads back unchanged (what the format can carry)."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clipper.model import Segment, Transcript, Word
from clipper.transcripts import TRANSCRIPT_FORMATS, dump_transcript, parse_transcript

# What each writable format carries besides start, end and text.
CARRIES = {
    "vtt": {"speaker", "words"},
    "srt": {"speaker"},
    "whisper-json": {"speaker", "words"},
    "podcast-json": {"speaker"},
}

_WORD = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S"), blacklist_characters="\ufeff\ufffe\uffff"),
    min_size=1,
    max_size=12,
)
_SPEAKER = st.sampled_from(["Lex Fridman", "Dario Amodei", "Amanda", "Chris Olah", "Zoë O'Brien-Łukasz"])


def _plain(word: str) -> bool:
    """Words that cannot be mistaken for SRT syntax: a dialogue dash (``-``), a ``Name:`` speaker
    prefix, a formatting tag (``<b>``, ``{\\an8}``), an HTML entity (``&amp;``, ``&#39;``, which the
    reader decodes). SRT has no way to escape those, so the generator avoids them (VTT escapes ``<`` and
    ``&``; the JSON formats carry any text)."""
    return (not word.startswith("-") and not word.endswith(":") and not re.search(r"<[^>]*>|\{\\", word)
            and html.unescape(word) == word)


@st.composite
def transcripts(draw, with_words: bool):
    n = draw(st.integers(1, 8))
    t = draw(st.integers(0, 100_000))
    segs = []
    for _ in range(n):
        words = draw(st.lists(_WORD.filter(_plain), min_size=1, max_size=8))
        durs = draw(st.lists(st.integers(1, 2_000), min_size=len(words), max_size=len(words)))
        start = t
        ws = []
        for w, d in zip(words, durs):
            ws.append(Word(t, t + d, w))
            t += d
        speaker = draw(st.one_of(st.none(), _SPEAKER))
        segs.append(Segment(start, t, " ".join(words), speaker, tuple(ws) if with_words else ()))
        t += draw(st.integers(0, 5_000))
    return Transcript(tuple(segs))


def _carried(t: Transcript, fmt: str) -> list[tuple]:
    keep = CARRIES[fmt]
    return [
        (s.start, s.end, s.text, s.speaker if "speaker" in keep else None,
         tuple(s.words) if "words" in keep else ())
        for s in t.segments
    ]


def test_every_writable_format_is_covered():
    assert set(TRANSCRIPT_FORMATS.names(writable=True)) == set(CARRIES)


def _lone_one_word_label(t: Transcript) -> bool:
    """SRT carries a speaker only as a ``Name:`` prefix on the first cue of a turn; a one-word label used
    once, the file's only label, reads as text ("Remember: this"), so SRT cannot carry that speaker."""
    labels = [s.speaker for prev, s in zip((None,) + t.segments, t.segments)
              if s.speaker and (prev is None or prev.speaker != s.speaker)]
    return len(labels) == 1 and " " not in labels[0]


@pytest.mark.parametrize("fmt", sorted(CARRIES))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_we_write_we_read_back(fmt, data):
    t = data.draw(transcripts(with_words="words" in CARRIES[fmt]))
    assume(fmt != "srt" or not _lone_one_word_label(t))
    text = dump_transcript(t, fmt)
    back = parse_transcript(text, format=fmt, path=f"roundtrip.{fmt}")
    assert _carried(back, fmt) == _carried(t, fmt)


@pytest.mark.parametrize("fmt", sorted(CARRIES))
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_written_files_are_detected_as_their_format(fmt, data):
    t = data.draw(transcripts(with_words=False))
    ext = {"vtt": ".vtt", "srt": ".srt"}.get(fmt, ".json")
    text = dump_transcript(t, fmt)
    assert TRANSCRIPT_FORMATS.detect(text, f"episode{ext}").name == fmt
