"""Synthetic episodes for tests and benchmarks: speech-like bursts with known silent gaps.

``layout(duration, seed=...)`` lays out phrases of words (bursts of a voiced, syllable-modulated
tone) separated by pauses of known length; inside a phrase words are separated by gaps too short
to count as pauses, as in running speech. ``render_args`` builds the ffmpeg command that renders a
layout with ffmpeg's own generators (``aevalsrc`` per phrase, ``anullsrc`` per pause, joined by
``concat``), so the gaps are exact to the sample. ``transcript`` gives the timed transcript an ASR
would: the layout's words with times a little off (``jitter``). Nothing here is needed to cut clips.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass

from ..model import Ms, Segment, Transcript, Word

RATE = 48_000  # 48 samples per ms: every ms boundary is a whole sample
SYLLABLES = ("ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "ni", "pa", "qua", "zin", "bre", "fo", "tus",
             "gal", "ver", "shi", "mon", "dra", "el", "ix", "ump", "ost")


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[Word, ...]  # exact times of each word's burst
    pitch: float  # Hz
    level: float  # peak amplitude 0..1

    @property
    def start(self) -> Ms:
        return self.words[0].start

    @property
    def end(self) -> Ms:
        return self.words[-1].end


@dataclass(frozen=True, slots=True)
class Layout:
    phrases: tuple[Phrase, ...]
    duration: Ms

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for p in self.phrases for w in p.words)

    @property
    def pauses(self) -> tuple[tuple[Ms, Ms], ...]:
        """The silent gaps between phrases (and before the first / after the last), exact."""
        edges = [0] + [t for p in self.phrases for t in (p.start, p.end)] + [self.duration]
        return tuple((edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i + 1] > edges[i])

    def shifted(self, offset: Ms, *, seed: int) -> "Layout":
        """The same audio ``offset`` ms later, with new words (for looped renders)."""
        rng = random.Random(seed)
        phrases = tuple(
            Phrase(tuple(Word(w.start + offset, w.end + offset, pseudo_word(rng)) for w in p.words), p.pitch, p.level)
            for p in self.phrases)
        return Layout(phrases, self.duration + offset)


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3))))


def layout(duration: Ms, *, seed: int = 0, lead: Ms = 600, pause: tuple[Ms, Ms] = (300, 900),
           short_pause: tuple[Ms, Ms] = (160, 240), gap: tuple[Ms, Ms] = (25, 70),
           word: tuple[Ms, Ms] = (160, 420), phrase_words: tuple[int, int] = (3, 9)) -> Layout:
    """Phrases filling ``duration`` ms: ``lead`` ms of silence first; pauses between phrases (one in
    four of ``short_pause`` length, shorter than the default padding); ``gap`` between words."""
    rng = random.Random(seed)
    phrases = []
    t = lead
    while True:
        n = rng.randint(*phrase_words)
        words = []
        s = t
        for k in range(n):
            d = rng.randint(*word)
            words.append(Word(s, s + d, pseudo_word(rng)))
            s += d + (rng.randint(*gap) if k < n - 1 else 0)
        tail = rng.randint(*(short_pause if rng.random() < 0.25 else pause))
        if s + max(tail, lead) > duration:
            break
        phrases.append(Phrase(tuple(words), round(rng.uniform(110, 230), 1), round(rng.uniform(0.25, 0.8), 2)))
        t = s + tail
    return Layout(tuple(phrases), duration)


def _sec(ms: Ms) -> str:
    return f"{ms / 1000:.3f}"


def phrase_expr(p: Phrase) -> str:
    """aevalsrc expression of one phrase (t from 0 at the phrase start): a voiced tone with
    harmonics, modulated at a syllable rate, gated on during each word."""
    f = p.pitch
    voice = (f"{p.level}*(0.55*sin(2*PI*{f}*t)+0.3*sin(2*PI*{2 * f:.1f}*t)+0.15*sin(2*PI*{3 * f:.1f}*t)"
             f"+0.08*(2*random(0)-1))*(0.6+0.4*sin(2*PI*4.3*t))")
    gate = "+".join(f"between(t,{_sec(w.start - p.start)},{_sec(w.end - p.start - 0.001)})" for w in p.words)
    return f"{voice}*({gate})"


def render_args(lay: Layout, out: str | os.PathLike[str], *, rate: int = RATE, codec: list[str] | None = None) -> list[str]:
    """ffmpeg arguments rendering ``lay`` into ``out`` (WAV unless ``codec`` says otherwise)."""
    pieces = []
    t = 0
    for p in lay.phrases:
        if p.start > t:
            pieces.append(f"anullsrc=r={rate}:cl=mono,atrim=end_sample={(p.start - t) * rate // 1000}")
        dur = p.end - p.start
        pieces.append(f"aevalsrc='{phrase_expr(p)}':s={rate}:c=mono,atrim=end_sample={dur * rate // 1000}")
        t = p.end
    if lay.duration > t:
        pieces.append(f"anullsrc=r={rate}:cl=mono,atrim=end_sample={(lay.duration - t) * rate // 1000}")
    graph = ";".join(f"{src}[p{i}]" for i, src in enumerate(pieces))
    graph += ";" + "".join(f"[p{i}]" for i in range(len(pieces))) + f"concat=n={len(pieces)}:v=0:a=1[out]"
    return ["-filter_complex", graph, "-map", "[out]", *(codec or ["-c:a", "pcm_s16le"]), "-y", str(out)]


def transcript(lay: Layout, *, jitter: Ms = 40, seed: int = 1, per_phrase: bool = True) -> Transcript:
    """The layout's words as an ASR would time them: each edge moved by up to ``jitter`` ms (never
    so far that a word leaves its burst). One segment per phrase (or a single segment)."""
    rng = random.Random(seed)
    segs = []
    last = 0
    for p in lay.phrases:
        words = []
        for w in p.words:
            j = min(jitter, (w.end - w.start) // 3)
            s = max(last, w.start + rng.randint(-j, j))  # words in order, never overlapping
            e = max(s + 1, w.end + rng.randint(-j, j))
            words.append(Word(s, e, w.text))
            last = e
        segs.append(Segment(words[0].start, words[-1].end, " ".join(w.text for w in words), words=tuple(words)))
    if not per_phrase:
        ws = tuple(w for s in segs for w in s.words)
        segs = [Segment(ws[0].start, ws[-1].end, " ".join(w.text for w in ws), words=ws)]
    return Transcript(tuple(segs), format="synthetic")
