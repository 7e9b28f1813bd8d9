"""Give an untimed transcript the times of a timed one of the same episode, by aligning their text.

The two texts differ: one is a clean human transcript, the other auto-captions with misheard words;
one drops "like" and stutters the other keeps. So words are matched, not positions:

1. tokens are normalised (lower case, punctuation and apostrophes dropped, numbers as written);
2. anchors are word n-grams that occur exactly once in each text; the longest chain of anchors in
   the same order on both sides is kept (longest increasing subsequence), so a repeated phrase or a
   passage only one side has cannot pull the alignment out of order;
3. the gaps between anchors are aligned on their own (smaller unique n-grams first when a gap is
   large, then ``difflib.SequenceMatcher`` on the gap only), which keeps the work near linear;
4. a matched word takes its partner's time; the others are spread between their matched neighbours
   by character length (beyond the first or last match: at the timed transcript's speaking rate).

Timed input with only paragraph times gets word times inside each paragraph first (by character
length). The result keeps the untimed segmentation and text, with word times, and each segment's
speaker (when it has none) from the timed segment holding its first matched word. A segment wholly
before the first or after the last matched word (an outro the timed copy lacks) gets no speaker:
nothing says who speaks it.

``retime_checked`` also says how well the texts matched: a timed transcript of only part of the
episode (a 49-minute preview) or of other text gives times that are guesses where nothing matched,
and its ``warnings`` say so, with the share of words matched and the stretches whose times are guesses.
The other way round too: an untimed text of only part of the episode (seed 000, its first 49 minutes)
matches well where it has text, but leaves most of the timed transcript unmatched; that is said as well,
and so is a long stretch in the middle of the timed transcript that the text skips. Untimed text in
another order than the timed one (a block moved) cannot be retimed in order: that is an ``InputError``
naming the line where the text goes back in time (inside a passage read as one, a speaker's turn of
caption lines, its first words and the passage's line). So is an untimed text none of whose words match.
"""
from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from . import timecode
from .errors import InputError
from .model import Ms, Segment, Transcript, Word
from .subtitles import transcript_words

_DROP = re.compile(r"[^\w]+", re.UNICODE)


def normalise(token: str) -> str:
    """Comparison form of a word: case-folded, no punctuation or apostrophes ("We’ve," -> "weve",
    "Fußball" -> "fussball")."""
    return _DROP.sub("", token.casefold()).replace("_", "")


@dataclass(frozen=True, slots=True)
class Alignment:
    """Matched index pairs (untimed token, timed word), increasing on both sides."""

    pairs: tuple[tuple[int, int], ...]

    def __len__(self) -> int:
        return len(self.pairs)


def _unique_ngrams(keys: list[str], lo: int, hi: int, n: int) -> dict[tuple[str, ...], int]:
    seen: dict[tuple[str, ...], int] = {}
    dup = set()
    for i in range(lo, hi - n + 1):
        g = tuple(keys[i:i + n])
        if g in seen:
            dup.add(g)
        else:
            seen[g] = i
    for g in dup:
        del seen[g]
    return seen


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain increasing in both coordinates (pairs sorted by the first), O(n log n)."""
    tails: list[int] = []  # timed index at the end of the best chain of each length
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos else -1
    out = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


GAP_DIRECT = 400  # gaps up to this many tokens a side go straight to SequenceMatcher


def align_tokens(a: list[str], b: list[str]) -> Alignment:
    """Align two normalised token lists; empty tokens never match."""
    out: list[tuple[int, int]] = []
    _align(a, b, 0, len(a), 0, len(b), 4, out)
    return Alignment(tuple(out))


def _align(a, b, alo, ahi, blo, bhi, n, out) -> None:
    if alo >= ahi or blo >= bhi:
        return
    if (ahi - alo <= GAP_DIRECT and bhi - blo <= GAP_DIRECT) or n < 2:
        _direct(a, b, alo, ahi, blo, bhi, out)
        return
    ua = _unique_ngrams(a, alo, ahi, n)
    ub = _unique_ngrams(b, blo, bhi, n)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if g in ub and all(g))
    chain = _lis(pairs)
    if not chain:
        _align(a, b, alo, ahi, blo, bhi, n - 1, out)
        return
    ca, cb = alo, blo  # cursor: everything before is aligned
    for i, j in chain:
        if i < ca or j < cb:
            continue
        _align(a, b, ca, i, cb, j, n, out)
        k = 0
        while i + k < ahi and j + k < bhi and a[i + k] and a[i + k] == b[j + k]:
            out.append((i + k, j + k))  # the anchor, extended while the words agree
            k += 1
        ca, cb = i + k, j + k
    _align(a, b, ca, ahi, cb, bhi, n, out)


# Text in another order: seed 001 with its last third moved to the front. The increasing alignment
# keeps the larger, ordered part and leaves the moved third unmatched, which looked like a timed
# transcript lacking it. Of the unique 4-grams the two texts share, the alignment drops 18 of 39,839
# for seed 001 against the page (24 of 5,620 for seed 000, 31 for seed 001 against the page with an hour
# cut, 44 for it without its middle third), 12,351 of 39,837 for the text with its last third first, and
# 1,153 for seed 001 with its lines 5000-5299 (1,599 words) moved after line 6000: under 5% of the pairs,
# so a share of them missed it. The evidence is the block itself: runs of shared 4-grams in both orders
# hold up to 20 pairs by chance, a moved block hundreds or thousands, in a row far back in time.
RUN = 50  # shared 4-grams in a row, in order on both sides: a block of text, not chance
DROPPED = 4 * RUN  # at least this many shared 4-grams out of the increasing alignment: a block, not a stray quote
BACK = 1_000  # a block starting this many timed words before the block above it ends is out of order


REPEAT_N = 8  # words: an 8-word run said again ...
REPEAT_RUN = 50  # ... at this many positions in a row (57 words verbatim) is text pasted twice, not speech
REPEAT_GAP = 200  # words between the original's end and its copy: a paste lands next to what it copies


def repeated(a: list[str], b: list[str]) -> tuple[int, int] | None:
    """``(i, k)``: untimed tokens from ``i`` on repeat those from ``k`` just above them (a block pasted
    twice: the copy starts within ``REPEAT_GAP`` words of where the original ends), for at least
    ``REPEAT_RUN`` 8-grams in a row that the timed tokens ``b`` do not say twice; ``None`` when there is none.
    People repeat phrases, not 57 words in a row; a cold open repeated hours later is far from its
    original, not pasted next to it."""
    timed: dict[tuple[str, ...], int] = {}
    for j in range(len(b) - REPEAT_N + 1):
        g = tuple(b[j:j + REPEAT_N])
        timed[g] = timed.get(g, 0) + 1
    seen: dict[tuple[str, ...], int] = {}
    runs: list[tuple[int, int, int]] = []  # (copy start, original start, 8-grams in a row)
    for i in range(len(a) - REPEAT_N + 1):
        g = tuple(a[i:i + REPEAT_N])
        k = seen.get(g)
        if k is not None and all(g) and timed.get(g, 0) < 2:
            if runs and runs[-1][0] + runs[-1][2] == i and runs[-1][1] + runs[-1][2] == k:
                runs[-1] = (runs[-1][0], runs[-1][1], runs[-1][2] + 1)
            else:
                runs.append((i, k, 1))
        seen.setdefault(g, i)
    for i, k, n in runs:
        if n >= REPEAT_RUN and i - (k + n + REPEAT_N - 1) <= REPEAT_GAP:
            return i, k
    return None


def out_of_order(a: list[str], b: list[str], starts: frozenset[int] | set[int] = frozenset()) -> tuple[int, int] | None:
    """Where a large block of ``a`` (the untimed tokens) matches ``b`` far before the block above it:
    ``(i, j)``, its first token and the timed word it matches; ``None`` when ``a`` is in ``b``'s order.
    ``starts`` are the tokens that start a line or passage of the untimed text: where the words at the join
    could belong to either block, the block starts at one of them."""
    ua = _unique_ngrams(a, 0, len(a), 4)
    ub = _unique_ngrams(b, 0, len(b), 4)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if g in ub and all(g))
    if len(pairs) - len(_lis(pairs)) < DROPPED:
        return None
    runs: list[list[tuple[int, int]]] = []
    for k, p in enumerate(pairs):
        if k and 0 < p[1] - pairs[k - 1][1] <= 300:
            runs[-1].append(p)
        else:
            runs.append([p])
    big = [r for r in runs if len(r) >= RUN]
    for above, block in zip(big, big[1:]):
        if block[0][1] < above[-1][1] - BACK:
            return _block_start(a, b, above[-1], block[0], starts)
    return None


def _block_start(a, b, above: tuple[int, int], first: tuple[int, int], starts) -> tuple[int, int]:
    """The first token of a moved block and its timed partner, from the last shared 4-gram of the block
    above and the block's first one. The block runs back from its 4-gram while its words are the timed
    words before its partner; the block above runs on while its words are the timed words after its own.
    Where both claim words (a line ending "it." above one starting "It's"), a line start among them decides;
    where neither does (the block's first words worded differently: "we've" for "we have"), the first two
    words in a row before its 4-gram that match the timed words before its partner start it."""
    ia, ja = above
    e = ia + 4  # the first token not agreeing with the timed words after the block above
    while e < len(a) and ja + e - ia < len(b) and a[e] and a[e] == b[ja + e - ia]:
        e += 1
    i, j = first
    w = i  # the first of the block's words agreeing with the timed words before its partner
    while w - 1 >= ia + 4 and j - (i - w) - 1 >= 0 and a[w - 1] and a[w - 1] == b[j - (i - w) - 1]:
        w -= 1
    if w <= e:
        k = next((k for k in range(w, e + 1) if k in starts), w)
        return k, j - (i - k)
    jw = j - (i - w)
    blo = max(0, jw - 2 * (w - e) - 50)
    sm = SequenceMatcher(None, a[e:w], b[blo:jw], autojunk=False)
    head = next((m for m in sm.get_matching_blocks() if m.size >= 2 and all(a[e + m.a:e + m.a + 2])), None)
    return (e + head.a, blo + head.b) if head else (w, jw)


def _direct(a, b, alo, ahi, blo, bhi, out) -> None:
    if (ahi - alo) * (bhi - blo) > 4_000_000:  # both sides huge and nothing in common: leave unmatched
        return
    # In a large gap (one side is text the other lacks: an hour cut from the timed transcript), a word or
    # two in common ("and", "I think") is chance, and taking its time would squeeze the hour's words
    # into no time after it: only runs of 3 words count there.
    least = 1 if ahi - alo <= GAP_DIRECT and bhi - blo <= GAP_DIRECT else 3
    sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    for m in sm.get_matching_blocks():
        if m.size < least:
            continue
        for k in range(m.size):
            if a[alo + m.a + k]:
                out.append((alo + m.a + k, blo + m.b + k))


LONG = 50  # unmatched untimed words in a row: a stretch the timed transcript may lack
STRAY = 5  # at most this many matched words between such a stretch and a jump in time are chance


def drop_strays(pairs, tw, rate: float) -> tuple[tuple[int, int], ...]:
    """``pairs`` without the few matched words stranded across a hole in the timed transcript: the page
    with 1:00-2:00 cut out has "... on its own. And these things" around the hole, and seed 001's
    "on its own. And in the latest" matches the "And" after it, an hour on, though the hour's text
    follows; seed 001 without its middle third has "like, actually" match "actually I" in the middle
    of what it lacks. A run of at most ``STRAY`` matches with a jump in time (a minute more than the
    words between take) on one side and another jump or ``LONG`` unmatched untimed words on the other
    is dropped."""
    cuts = []  # between pairs k-1 and k: "time" (a jump) or "text" (a long unmatched stretch)
    for k in range(1, len(pairs)):
        (i1, j1), (i2, j2) = pairs[k - 1], pairs[k]
        if i2 - i1 - 1 >= LONG:
            cuts.append((k, "text"))
        elif tw[j2].start - tw[j1].end > SLACK + (i2 - i1) * 6 / rate:
            cuts.append((k, "time"))
    bounds = [(0, None)] + cuts + [(len(pairs), None)]
    drop = set()
    for (a, why_a), (b, why_b) in zip(bounds, bounds[1:]):
        if b - a <= STRAY and "time" in (why_a, why_b) and why_a and why_b:
            drop.update(range(a, b))
    return tuple(p for k, p in enumerate(pairs) if k not in drop) if drop else tuple(pairs)


def _rate(words) -> float:
    """Typical speaking rate of the timed side, characters per ms."""
    rates = []
    for k in range(0, len(words) - 20, 20):
        span = words[k + 20].start - words[k].start
        if span > 0:
            rates.append(sum(len(w.text) + 1 for w in words[k:k + 20]) / span)
    return statistics.median(rates) if rates else 0.015


# How well the texts matched. Measured on the real episode (seed 001's 59,420 words against the
# timed page, bench data in /work/shared): the full page matches 89.9% of the words, its auto-caption
# form 89.9%, with every substituted word 40% of the time still 53%; in windows of 100 words, none of
# these has more than 2 windows in a row under 30% matched (only the last, partial window of the text).
# A page cut at 0:49:12 (the length of the YouTube preview in seed 000) matches 13.8%, and 506 windows
# in a row are under 30%; unrelated text (the GPL) 8.3%, the summary of the episode 37.5%; the page
# with 1:00:00-1:30:00 left out matches 82.1% overall, but 51 windows in a row are under 30%.
MIN_SHARE = 0.5  # under half the words matched: warn
WINDOW = 100  # words
SPARSE = 0.3  # a window with under 30% of its words matched ...
MIN_RUN = 3  # ... and at least 3 such windows in a row (300 words, about 2 minutes of speech): guessed times


@dataclass(frozen=True)
class Guessed:
    """A stretch of the untimed text that matched nothing: its times are spread, not taken.
    ``after``/``before`` are the times of the matched words either side (``None``: none that side)."""

    after: Ms | None
    before: Ms | None
    words: int

    def describe(self) -> str:
        """``"after 00:49:27"``, ``"before 00:18:16"``, ``"from 01:00:26 to 01:30:08"``, or ``"all"``."""
        if self.after is None and self.before is None:
            return "all"
        if self.after is None:
            return f"before {timecode.format_hms(self.before)}"  # type: ignore[arg-type]
        if self.before is None:
            return f"after {timecode.format_hms(self.after)}"
        return f"from {timecode.format_hms(self.after)} to {timecode.format_hms(self.before)}"


@dataclass(frozen=True)
class Retimed:
    """The retimed transcript and how well its text matched the timed one."""

    transcript: Transcript
    words: int  # words of the untimed text (those with letters or digits)
    matched: int  # of them, how many took a timed word's time
    guessed: tuple[Guessed, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.matched / self.words if self.words else 0.0


def retime(untimed: Transcript, timed: Transcript) -> Transcript:
    """The untimed transcript's segments and text, with times (and speakers) taken from ``timed``."""
    return retime_checked(untimed, timed).transcript


def _where(seg: Segment, tokens: list[str], owner: list[int], i: int, on: str = "") -> str:
    """Where token ``i`` is, then ``on``: its line when it starts one (a caption line, a paragraph), else its
    first words (a passage read as one, a speaker's turn of caption lines joined) and the passage's line."""
    words = f"“{' '.join(tokens[i:i + 6])}”{on}"
    if i == 0 or owner[i - 1] != owner[i]:
        return f"line {seg.line}{on}" if seg.line else words
    return words + (f" (in the passage from line {seg.line})" if seg.line else "")


def retime_checked(untimed: Transcript, timed: Transcript) -> Retimed:
    """``retime``, with the share of words matched, the stretches whose times are guesses, and a
    warning when the match is poor (see ``MIN_SHARE``, ``MIN_RUN``)."""
    if not timed.timed:
        raise InputError("the transcript to take times from has no times", path=timed.source)
    timed_end = timed.duration or 0
    tw = transcript_words(timed.with_segments(fit_paragraphs(timed.segments)))
    if not tw:
        raise InputError("the timed transcript has no words", path=timed.source)
    tokens: list[str] = []
    owner: list[int] = []
    for si, seg in enumerate(untimed.segments):
        for tok in seg.text.split():
            tokens.append(tok)
            owner.append(si)
    a, b = [normalise(t) for t in tokens], [normalise(w.text) for w in tw]
    if twice := repeated(a, b):
        seg, orig = untimed.segments[owner[twice[0]]], untimed.segments[owner[twice[1]]]
        raise InputError(f"the text from {_where(seg, tokens, owner, twice[0])} repeats the text from "
                         f"{_where(orig, tokens, owner, twice[1])}, which the timed transcript says once: "
                         f"is a block pasted twice?", path=untimed.source, line=seg.line)
    if moved := out_of_order(a, b, {k for k in range(len(owner)) if not k or owner[k - 1] != owner[k]}):
        seg = untimed.segments[owner[moved[0]]]
        raise InputError(f"the text from {_where(seg, tokens, owner, moved[0], ' on')} matches the timed transcript at "
                         f"{timecode.format_hms(tw[moved[1]].start)}, before text above it: is it in another order?",
                         path=untimed.source, line=seg.line)
    alignment = align_tokens(a, b)
    timed_end = max(timed_end, max(w.end for w in tw))
    alignment = Alignment(drop_strays(alignment.pairs, tw, _rate(tw)))
    if not alignment.pairs and any(a):
        # "Yeah." against a 5-hour episode, or another episode's text: no time can be taken from it, and
        # spreading the words over the timed transcript's length gave one cue lasting 5:14:26
        raise InputError(f"none of its words match {timed.source or 'the timed transcript'}: is it the same episode?",
                         path=untimed.source)
    times = _times(tokens, tw, alignment)
    matched_to = dict(alignment.pairs)
    first_match = alignment.pairs[0][0] if alignment.pairs else len(tokens)
    last_match = alignment.pairs[-1][0] if alignment.pairs else -1

    keys = [normalise(t) for t in tokens]
    spans = guessed_spans(keys, set(matched_to))
    segs: list[Segment] = []
    k = 0
    last_end = 0
    for si, seg in enumerate(untimed.segments):
        n = len(seg.text.split())
        ws = tuple(Word(s, e, tokens[k + m]) for m, (s, e) in enumerate(times[k:k + n]))
        speaker = seg.speaker
        if speaker is None:
            first = next((matched_to[k + m] for m in range(n) if k + m in matched_to), None)
            if first is not None:
                speaker = tw[first].speaker
            elif ws and (k + n <= first_match or k > last_match):
                pass  # beyond every match (an outro the timed copy lacks): its speaker is unknown, not guessed
            elif ws and any(a <= k and k + n <= b for a, b in spans):
                pass  # inside a stretch the timed transcript lacks: who speaks there is not known either
            elif ws:
                speaker = tw[max(0, bisect.bisect_right([w.start for w in tw], ws[0].start) - 1)].speaker
        start = ws[0].start if ws else last_end
        end = ws[-1].end if ws else last_end
        # an unnamed turn stays one while no name is found for it; a named speaker says where turns are
        segs.append(Segment(start, end, seg.text, speaker, ws, seg.line, turn=seg.turn and speaker is None))
        last_end = end
        k += n
    out = Transcript(tuple(segs), format=untimed.format, source=untimed.source, skipped=untimed.skipped)
    words = sum(1 for key in keys if key)
    guessed = tuple(Guessed(times[a - 1][1] if a else None, times[b][0] if b < len(tokens) else None,
                            sum(1 for key in keys[a:b] if key))
                    for a, b in spans)
    note = match_warning(words, len(alignment), guessed, timed_end, timed.source)
    notes = [note] if note else []
    if words and len(alignment) >= MIN_SHARE * words:  # the texts are of the same talk: does it cover the timed one?
        timed_keys = sum(1 for w in tw if normalise(w.text))
        hit = [j for _, j in alignment.pairs]
        if cover := coverage_warning(timed_keys, len(hit), tw[min(hit)].start, tw[max(hit)].end, timed_end,
                                     timed.source, skip=largest_skip(tw, hit)):
            notes.append(cover)
    return Retimed(out, words, len(alignment), guessed, tuple(notes))


# A page stamps where paragraphs start, so a paragraph's end is the next one's start. Where the timed
# transcript lacks a part (the page with 1:00-2:00 cut out), the paragraph before the hole "lasts" an
# hour, its words get spread over it, and the untimed text of the missing hour is squeezed into no time
# after them. On the full page, no paragraph lasts more than 6 s longer than its text takes at the
# page's median rate ("Mm-hmm." stamped 6 s before the next paragraph); with the hour cut out, one lasts
# an hour longer.
SLACK = 60_000  # a paragraph (no word times) lasting this much longer than its text takes ...
SLOW = 4  # ... and over 4 times as long: its words take their time from its start, the rest is a hole


def fit_paragraphs(segments: tuple[Segment, ...]) -> list[Segment]:
    """``segments`` with every paragraph that has no word times of its own and lasts far longer than
    its text takes to say (see ``SLACK``, ``SLOW``) ended when its text is said, at the median rate."""
    rates = [(len(s.text) + 1) / (s.end - s.start) for s in segments
             if s.start is not None and s.end is not None and s.end > s.start and not s.words]
    if not rates:
        return list(segments)
    rate = statistics.median(rates)  # characters per ms
    out = []
    for s in segments:
        if s.start is not None and s.end is not None and not s.words:
            says = int((len(s.text) + 1) / rate)
            if s.end - s.start > max(SLOW * says, says + SLACK):
                s = replace(s, end=s.start + says)
        out.append(s)
    return out


def guessed_spans(keys: list[str], matched: set[int]) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` with no times of their own: runs of at least ``MIN_RUN`` windows of
    ``WINDOW`` words under ``SPARSE`` matched, widened to the nearest matched word either side."""
    idx = [i for i, key in enumerate(keys) if key]
    runs: list[tuple[int, int]] = []
    first = None
    windows = (len(idx) + WINDOW - 1) // WINDOW
    for w in range(windows + 1):
        win = idx[w * WINDOW:(w + 1) * WINDOW]
        sparse = bool(win) and sum(i in matched for i in win) < SPARSE * len(win)
        if sparse and first is None:
            first = w
        elif not sparse and first is not None:
            if w - first >= MIN_RUN:
                runs.append((idx[first * WINDOW], idx[min(w * WINDOW, len(idx)) - 1] + 1))
            first = None
    hits = sorted(matched)
    out: list[tuple[int, int]] = []
    for a, b in runs:
        lost = [i for i in range(a, b) if keys[i] and i not in matched]
        k = bisect.bisect_left(hits, lost[0])
        a = hits[k - 1] + 1 if k else 0  # just after the last match before the first unmatched word
        k = bisect.bisect_left(hits, lost[-1])
        b = hits[k] if k < len(hits) else len(keys)  # up to the first match after the last one
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def match_warning(words: int, matched: int, guessed: tuple[Guessed, ...], timed_end: Ms,
                  source: str | None = None) -> str | None:
    """The warning for a poor match (``None`` for a good one)."""
    if not words:
        return None
    share = matched / words
    if share >= MIN_SHARE and not guessed:
        return None
    name = f" ({source})" if source else ""
    if not matched:
        return (f"none of the words matched the timed transcript{name}: is it the same episode? all times are "
                f"guesses, spread over its {timecode.format_hms(timed_end)}")
    if share < MIN_SHARE:
        head = f"only {share:.0%} of the words matched the timed transcript{name}"
    else:
        unmatched = sum(g.words for g in guessed)
        head = f"a stretch of {unmatched:,} words did not match the timed transcript{name}" if len(guessed) == 1 else \
            f"{unmatched:,} words in {len(guessed)} stretches did not match the timed transcript{name}"
    if not guessed:
        return f"{head}: is it the same episode? the times are rough"
    parts = [g.describe() for g in guessed[:3]] + ([f"{len(guessed) - 3} more stretch{'' if len(guessed) == 4 else 'es'}"] if len(guessed) > 3 else [])
    times = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    tail = guessed[-1]
    if tail.before is None and tail.after is not None and timed_end - tail.after <= 60_000:
        why = ": the timed transcript ends there (a preview or a cut-off copy?)"
    elif share < MIN_SHARE:
        why = " (is the timed transcript of the same episode?)"
    else:
        why = " (the timed transcript lacks that part)"
    return f"{head}; times {times} are guesses{why}"


# The other direction: the untimed text of only part of the episode (seed 000 is the first 49 minutes of
# a 5:14:26 episode) matches the timed transcript well where it has text, so nothing above warns, and
# chapters for the whole episode get crammed into those minutes. Measured on the page: seed 001 covers
# 0:00-5:14:26 and 97.6% of the page's words; seed 000 0:00-0:49:23 and 14.8%.
MAX_UNCOVERED = 0.25  # more than a quarter of the timed transcript's time outside the matched words: warn


# A missing middle is not seen at the ends: seed 001 without its middle third matches 90% of its words
# and covers 0:00-5:14 of the page, but none of the page's words from 1:50 to 3:36. Seed 001 itself
# skips at most 5 s of the page anywhere (a "Correct." it lacks).
MIN_SKIP = 10 * 60_000  # a stretch of the timed transcript's words this long with none matched ...
MIN_SKIP_SHARE = 0.05  # ... and this share of its length: warn


def largest_skip(tw, hit: list[int]) -> tuple[Ms, Ms] | None:
    """From the first to the last word of the longest run of timed words ``tw`` none of which is in
    ``hit`` (increasing), between two that are; ``None`` if every run is a single word or none."""
    best: tuple[Ms, Ms] | None = None
    for j1, j2 in zip(hit, hit[1:]):
        if j2 - j1 > 1 and (best is None or tw[j2 - 1].end - tw[j1 + 1].start > best[1] - best[0]):
            best = (tw[j1 + 1].start, tw[j2 - 1].end)
    return best


def coverage_warning(timed_words: int, matched: int, first: Ms, last: Ms, timed_end: Ms,
                     source: str | None = None, skip: tuple[Ms, Ms] | None = None) -> str | None:
    """The warning when the untimed text covers only part of the timed transcript: its matched words
    (``matched`` of ``timed_words``) span only ``first``-``last`` of ``timed_end``, they skip the
    stretch ``skip`` of the timed transcript (see ``MIN_SKIP``), or under ``MIN_SHARE`` of the timed
    words are matched. ``None`` when it covers the timed transcript."""
    if not timed_words or not timed_end:
        return None
    uncovered = first + max(0, timed_end - last)
    share = matched / timed_words
    skipped = skip is not None and skip[1] - skip[0] >= max(MIN_SKIP, MIN_SKIP_SHARE * timed_end)
    if uncovered <= MAX_UNCOVERED * timed_end and share >= MIN_SHARE and not skipped:
        return None
    name = f" ({source})" if source else ""
    span = f"{timecode.format_hms(first)}-{timecode.format_hms(min(last, timed_end))}"
    if uncovered > MAX_UNCOVERED * timed_end:
        return (f"the text covers only {span} of the timed transcript's {timecode.format_hms(timed_end)}{name}: "
                f"is it a cut-off copy?")
    if skipped:
        return (f"the text skips {timecode.format_hms(skip[0])}-{timecode.format_hms(skip[1])} of the timed "  # type: ignore[index]
                f"transcript{name}: is part of it missing?")
    return (f"the text holds only {share:.0%} of the timed transcript's words{name}, over {span} of its "
            f"{timecode.format_hms(timed_end)}: does it leave parts out?")


def _times(tokens: list[str], tw, alignment: Alignment) -> list[tuple[Ms, Ms]]:
    """Every token's time."""
    n = len(tokens)
    out: list[tuple[Ms, Ms] | None] = [None] * n
    for i, j in alignment.pairs:
        out[i] = (tw[j].start, tw[j].end)
    rate = _rate(tw)
    anchors = [i for i in range(n) if out[i] is not None]
    if not anchors:  # nothing in common: spread the words over the timed transcript's span
        first, last = tw[0].start, max(w.end for w in tw)
        return _spread(tokens, 0, n, first, last)
    # before the first match: back from it at the speaking rate
    a0 = anchors[0]
    if a0 > 0:
        chars = sum(len(t) + 1 for t in tokens[:a0])
        begin = max(0, out[a0][0] - int(chars / rate))  # type: ignore[index]
        for idx, v in zip(range(a0), _spread(tokens, 0, a0, begin, out[a0][0])):  # type: ignore[index]
            out[idx] = v
    for p, q in zip(anchors, anchors[1:]):
        if q > p + 1:
            lo = out[p][1]  # type: ignore[index]
            hi = max(lo, out[q][0])  # type: ignore[index]
            for idx, v in zip(range(p + 1, q), _spread(tokens, p + 1, q, lo, hi)):
                out[idx] = v
    # after the last match: on at the speaking rate, even past the timed transcript's end. That end is
    # not the episode's: a page stamps where paragraphs start, so its last paragraph's end is itself an
    # estimate, and text it lacks (seed 001's outro, 25 s) was spoken after it. Squeezing such words into
    # what is left (80 ms for 60 words) would make unreadable subtitles and a preview's 5 hours vanish;
    # match_warning names these times as guesses, and run/chapters fit chapters to a measured audio length.
    z = anchors[-1]
    if z < n - 1:
        chars = sum(len(t) + 1 for t in tokens[z + 1:])
        lo = out[z][1]  # type: ignore[index]
        for idx, v in zip(range(z + 1, n), _spread(tokens, z + 1, n, lo, lo + int(chars / rate))):
            out[idx] = v
    # keep time running forwards (a matched word can end after the next one starts)
    fixed: list[tuple[Ms, Ms]] = []
    last = 0
    for s, e in out:  # type: ignore[misc]
        s = max(s, last)
        e = max(e, s)
        fixed.append((s, e))
        last = s
    return fixed


def _spread(tokens: list[str], lo: int, hi: int, t0: Ms, t1: Ms) -> list[tuple[Ms, Ms]]:
    weights = [len(t) + 1 for t in tokens[lo:hi]]
    total = sum(weights) or 1
    span = max(0, t1 - t0)
    out, acc = [], 0
    for w in weights:
        a = t0 + span * acc // total
        acc += w
        b = t0 + span * acc // total
        out.append((a, max(a, b)))
    return out
