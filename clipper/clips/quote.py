"""Find a written quote in a timed transcript, tolerant of how people misquote speech.

Both sides are reduced to the same token form (``normalise``): lower case, curly quotes folded,
punctuation dropped, hyphenated words split, contractions and spoken forms expanded ("I'm" -> "i am",
"gonna" -> "going to"), filler words ("um", "uh", "like", "you know" ...) removed, symbols said as
words spelt out ("%" -> percent, "+", "=", "&", a minus in a formula) and numbers said in words read as
digits ("twenty twenty-six" -> 2026, "two thousand and five" -> 2005, ``fold_numbers``). Then:

1. candidate windows: every transcript position gets the IDF weight of its token when that token
   is in the quote; a sliding sum over quote-length windows (numpy) ranks places where the quote's
   rarer words cluster. The best few, apart from each other, are kept;
2. refinement: ``rapidfuzz.fuzz.partial_ratio_alignment`` places the quote inside each candidate's
   neighbourhood (character level; a quote of more than ``LONG`` tokens by its first and last
   ``HEAD`` tokens, so time grows with the quote's length, not its square), the alignment is snapped
   to whole tokens and its two ends are moved by up to a few tokens to maximise ``fuzz.ratio``
   (0-100) of quote against passage.

The score is that ratio. ``find_quote`` returns the best passage and every other passage at or above
the threshold and within ``OCCURRENCE_MARGIN`` of the best (another occurrence), or raises ``MatchError`` naming the three nearest passages.
Between equal scores the best is the place whose edges fit the quote's (``edge_fit``: a quote written
as a sentence, "Absolutely.", prefers a place that starts and ends one), then the first;
``QuoteMatch.equal`` says how many are as good as the best (``clear_best``: just the one).

Counting the places (``scan``): past the first ``CANDIDATES`` windows the scan goes on down the
ranking while candidates keep matching, and stops after ``CANDIDATES`` misses in a row, when no
window holds a quote word any more, or at ``COUNT_LIMIT`` places (then the count is a lower bound,
``QuoteMatch.complete`` is false). So "we" is found in each of its 786 places in a 5-hour episode,
not in the first twelve.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz

from .. import timecode
from ..errors import MatchError
from ..model import Ms, Transcript, Word
from ..subtitles import interpolate_words

THRESHOLD = 75.0  # fuzz.ratio of normalised quote vs passage; below it there is no match
OCCURRENCE_MARGIN = 10.0  # another place counts as an occurrence when it scores within this of the best
CANDIDATES = 12  # candidate windows refined per quote (at least), and misses in a row that end a scan
LONG = 40  # quote tokens: longer quotes are placed by their first and last HEAD tokens
HEAD = 16
COUNT_LIMIT = 1000  # places of one quote counted at most; past this the count is "at least"
FILLERS = frozenset("um umm uh uhh uhm er erm ah ahh hmm mm mhm like".split())
FILLER_PAIRS = frozenset({("you", "know"), ("i", "mean"), ("sort", "of"), ("kind", "of")})

_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_SPLIT = re.compile(r"[\s\-‐‑‒–—/…]+")
_DROP = re.compile(r"[^\w']+")


# Spoken forms that captions write one way and edited transcripts another.
EXPANSIONS = {
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"), "kinda": ("kind", "of"),
    "sorta": ("sort", "of"), "lotta": ("lot", "of"), "outta": ("out", "of"), "cause": ("because",),
    "cuz": ("because",), "okay": ("ok",), "alright": ("all", "right"), "yeah": ("yes",), "yep": ("yes",),
}


_SUFFIXES = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"))
_NOT_STEMS = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
_IS = frozenset("it that there here he she what who where how".split())


def expand(token: str) -> tuple[str, ...]:
    """A spoken form or contraction as the words it stands for (``gonna`` -> going to, ``I'm`` -> i am)."""
    if token in EXPANSIONS:
        return EXPANSIONS[token]
    for suffix, word in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            stem = token[: -len(suffix)]
            return (_NOT_STEMS.get(stem, stem) if suffix == "n't" else stem, word)
    if token.endswith("'s") and token[:-2] in _IS:
        return (token[:-2], "is")
    return (token,)


_SYMBOLS = str.maketrans({"%": " percent ", "+": " plus ", "=": " equals ", "&": " and ", "−": " minus ",
                          "×": " times "})
_LONE_DASH = re.compile(r"(?:(?<=\s)|^)[-‐‑‒–—](?=\s|$)")
_ARITHMETIC = re.compile(r"[+=×]")


def spell_symbols(text: str) -> str:
    """``text`` with the symbols people say as words spelt out: "50%" -> "50 percent", "3.5" -> "3 point 5",
    "+ = & %", and a dash standing alone as "minus" when the text has a "+" or "=" (a formula)."""
    if _ARITHMETIC.search(text):
        text = _LONE_DASH.sub(" minus ", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", " point ", text)
    return text.translate(_SYMBOLS)


def normalise(text: str) -> list[str]:
    """Comparable tokens of ``text``: see the module docstring. Fillers are kept (see ``drop_fillers``);
    numbers said in words are read by ``fold_numbers``."""
    out = []
    for raw in _SPLIT.split(spell_symbols(text.translate(_FOLD)).lower()):
        tok = _DROP.sub("", raw).strip("'_")
        if tok:
            out.extend(expand(tok))
    return out


def drop_fillers(tokens: Sequence[str]) -> list[int]:
    """Indices of the tokens that are not fillers ("you know" and friends count as one filler)."""
    keep: list[int] = []
    i, n = 0, len(tokens)
    while i < n:
        if i + 1 < n and (tokens[i], tokens[i + 1]) in FILLER_PAIRS:
            i += 2
            continue
        if tokens[i] not in FILLERS:
            keep.append(i)
        i += 1
    return keep


_UNITS = {w: v for v, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * v for v, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}


def _below_100(toks: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number under 100 said in words from ``toks[i]`` ("seven", "twenty six"): value, next index."""
    if i >= len(toks):
        return None
    t = toks[i]
    if t in _TENS:
        if i + 1 < len(toks) and 1 <= _UNITS.get(toks[i + 1], 0) <= 9:
            return _TENS[t] + _UNITS[toks[i + 1]], i + 2
        return _TENS[t], i + 1
    if t in _UNITS:
        return _UNITS[t], i + 1
    return None


def _below_1000(toks: Sequence[str], i: int) -> tuple[int, int, bool] | None:
    """A number under 1000 (or "nineteen hundred"): value, next index, whether "hundred" was said;
    digits count too ("10" billion)."""
    n = len(toks)
    if i < n and toks[i].isdigit() and (toks[i] == "0" or not toks[i].startswith("0")):
        return int(toks[i]), i + 1, False
    if i + 1 < n and toks[i] == "a" and (toks[i + 1] == "hundred" or toks[i + 1] in _SCALES):
        v, j = 1, i + 1
    elif i < n and toks[i] == "hundred":
        v, j = 1, i
    else:
        small = _below_100(toks, i)
        if small is None:
            return None
        v, j = small
    if j < n and toks[j] == "hundred":
        v, j = v * 100, j + 1
        rest = _below_100(toks, j + 1 if j < n and toks[j] == "and" else j)
        if rest and rest[0] > 0:
            v, j = v + rest[0], rest[1]
        return v, j, True
    return v, j, False


def _number(toks: Sequence[str], i: int) -> tuple[int, int] | None:
    """A number said from ``toks[i]``: value and next index. Reads 0-999 ("three hundred and five"),
    thousands to trillions ("two thousand and five", "10 billion") and years said in two halves
    ("nineteen ninety", "twenty twenty six", "twenty oh five")."""
    first = _below_1000(toks, i)
    if first is None:
        return None
    v, j, hundred = first
    n = len(toks)
    if not hundred and not toks[i].isdigit() and 11 <= v <= 20 and j < n:  # a year in two halves
        if toks[j] == "oh" and j + 1 < n and 1 <= _UNITS.get(toks[j + 1], 0) <= 9:
            return v * 100 + _UNITS[toks[j + 1]], j + 2
        second = _below_100(toks, j)
        if second and 10 <= second[0] <= 99:
            return v * 100 + second[0], second[1]
    total, last_scale = 0, None
    while j < n and toks[j] in _SCALES and (last_scale is None or _SCALES[toks[j]] < last_scale):
        last_scale = _SCALES[toks[j]]
        total, v, j = total + v * last_scale, 0, j + 1
        k = j + 1 if j < n and toks[j] == "and" else j
        more = _below_1000(toks, k) if k < n and not toks[k].isdigit() and toks[k] != "a" else None
        if more is None:
            break
        v, j = more[0], more[1]
    return total + v, j


def fold_numbers(toks: Sequence[str]) -> list[tuple[str, int, int]]:
    """``toks`` with every number said in words as its digits, one token ("twenty twenty six" -> "2026",
    "two thousand and five" -> "2005", "fifty" -> "50"), and "per cent" as "percent": each result
    token with the first and last index of the tokens it stands for."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t in _UNITS or t in _TENS or t in _SCALES or t == "hundred" or t == "a" or t.isdigit():
            found = _number(toks, i)
            if found is not None and (found[1] > i + 1 or not t.isdigit() or t == str(found[0])):
                out.append((str(found[0]), i, found[1] - 1))
                i = found[1]
                continue
        if t == "per" and i + 1 < n and toks[i + 1] == "cent":
            out.append(("percent", i, i + 1))
            i += 2
            continue
        out.append((t, i, i))
        i += 1
    return out


def quote_tokens(quote: str) -> list[str]:
    toks = normalise(quote)
    kept = [toks[i] for i in drop_fillers(toks)]
    return [t for t, _a, _b in fold_numbers(kept)]


@dataclass(frozen=True, slots=True)
class WordIndex:
    """The transcript's words (with times) and their comparable tokens.

    ``tokens[k]`` came from ``words[owner[k]]`` to ``words[last[k]]``: a hyphenated word gives several
    tokens, a number said in several words ("twenty twenty-six") one.
    """

    words: tuple[Word, ...]
    tokens: tuple[str, ...]
    owner: tuple[int, ...]
    last: tuple[int, ...]
    ids: np.ndarray  # token id per token
    idf: np.ndarray  # weight per token id
    vocab: dict[str, int]

    @classmethod
    def build(cls, words: Sequence[Word]) -> "WordIndex":
        raw: list[str] = []
        raw_owner: list[int] = []
        for wi, w in enumerate(words):
            text = w.text
            if _LONE_DASH.fullmatch(text.strip()) and any(
                    _ARITHMETIC.search(o.text) for o in words[max(0, wi - 2): wi + 3]):
                text = "−"  # "king – man + woman": a minus sign
            for tok in normalise(text):
                raw.append(tok)
                raw_owner.append(wi)
        keep = drop_fillers(raw)
        folded = fold_numbers([raw[i] for i in keep])
        tokens = tuple(t for t, _a, _b in folded)
        owner = tuple(raw_owner[keep[a]] for _t, a, _b in folded)
        last = tuple(raw_owner[keep[b]] for _t, _a, b in folded)
        vocab: dict[str, int] = {}
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), dtype=np.int64, count=len(tokens))
        counts = np.bincount(ids, minlength=len(vocab)) if len(tokens) else np.zeros(0)
        idf = np.log((len(tokens) + 1) / (counts + 1.0)) + 0.1
        return cls(tuple(words), tokens, owner, last, ids, idf, vocab)

    def text(self, lo: int, hi: int) -> str:
        """The original words behind tokens ``lo..hi-1``."""
        return " ".join(w.text for w in self.words[self.owner[lo]: self.last[hi - 1] + 1])

    def span(self, lo: int, hi: int) -> tuple[Ms, Ms]:
        return self.words[self.owner[lo]].start, self.words[self.last[hi - 1]].end


def word_rows(transcript: Transcript) -> tuple[tuple[Word, ...], tuple[str | None, ...], tuple[int | None, ...]]:
    """Every word of a timed transcript with its time (interpolated by characters inside segments
    without word times, ``clipper.subtitles.interpolate_words``), its speaker and the source line
    of its segment."""
    words: list[Word] = []
    speakers: list[str | None] = []
    lines: list[int | None] = []
    last = 0
    for seg in transcript.segments:
        if not seg.timed:
            continue
        for w in interpolate_words(seg):
            if not w.text.strip():
                continue
            s = max(w.start, last)  # overlapping sources must not run backwards
            words.append(Word(s, max(s, w.end), " ".join(w.text.split())))
            speakers.append(seg.speaker)
            lines.append(seg.line)
            last = s
    return tuple(words), tuple(speakers), tuple(lines)


def word_table(transcript: Transcript) -> tuple[tuple[Word, ...], tuple[str | None, ...]]:
    """Every word of a timed transcript with its time and its speaker (see ``word_rows``)."""
    words, speakers, _ = word_rows(transcript)
    return words, speakers


def transcript_words(transcript: Transcript) -> tuple[Word, ...]:
    return word_table(transcript)[0]


@dataclass(frozen=True, slots=True)
class Passage:
    """A place in the transcript: token range ``lo..hi-1``, its time, words and score (0-100)."""

    lo: int
    hi: int
    start: Ms
    end: Ms
    text: str
    score: float
    first_word: int
    last_word: int  # inclusive

    def describe(self) -> str:
        shown = self.text if len(self.text) <= 90 else self.text[:87] + "..."
        return f"{timecode.format_clock(self.start)} (score {self.score:.0f}): {shown!r}"


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    quote: str
    best: Passage
    occurrences: tuple[Passage, ...]  # every passage >= threshold, in time order (includes best)
    complete: bool = True  # False: the scan stopped at COUNT_LIMIT places; there may be more
    equal: int = 1  # occurrences as good as ``best`` (same score, edges that fit the quote as well)

    def count_text(self) -> str:
        """"3 places", or "at least 1000 places" when the scan stopped at its limit."""
        n = len(self.occurrences)
        return f"{'' if self.complete else 'at least '}{n} place{'' if n == 1 else 's'}"

    @property
    def chosen_number(self) -> int:
        return self.occurrences.index(self.best) + 1

    @property
    def clear_best(self) -> bool:
        """Whether ``best`` beats every other occurrence (by score, or by how its edges fit the quote's),
        rather than being the first of several equally good ones."""
        return self.equal == 1


_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")


def quote_edges(quote: str) -> tuple[bool, bool]:
    """Whether ``quote`` is written as a sentence's start (a capital first letter) and end (. ? ! …)."""
    letters = [c for c in quote if c.isalnum()]
    return bool(letters) and (letters[0].isupper() or letters[0].isdigit()), bool(_SENTENCE_END.search(quote.rstrip()))


def edge_fit(index: WordIndex, p: Passage, edges: tuple[bool, bool]) -> int:
    """How many of the quote's sentence edges (``quote_edges``) the passage has too: it starts where a
    sentence or the transcript starts, it ends where a sentence does."""
    starts = p.first_word == 0 or bool(_SENTENCE_END.search(index.words[p.first_word - 1].text.rstrip()))
    ends = bool(_SENTENCE_END.search(index.words[p.last_word].text.rstrip()))
    return int(edges[0] and starts) + int(edges[1] and ends)


def _windows(index: WordIndex, q: list[str]) -> Iterator[tuple[int, float]]:
    """Starts of quote-length windows and their weight (IDF of the quote tokens in it), most weight
    first, none within a window's length of one already given."""
    n, m = len(index.tokens), len(q)
    if n == 0:
        return
    qids = [index.vocab[t] for t in set(q) if t in index.vocab]
    weights = np.zeros(len(index.vocab))
    if qids:
        weights[qids] = index.idf[qids]
    hits = weights[index.ids] if len(index.vocab) else np.zeros(n)
    win = min(m, n)
    csum = np.concatenate(([0.0], np.cumsum(hits)))
    sums = csum[win:] - csum[:-win]  # sums[i] = weight of window i..i+win-1
    order = np.argsort(-sums, kind="stable")
    taken = np.zeros(len(sums), dtype=bool)
    for i in order:
        if taken[i]:
            continue
        yield int(i), float(sums[i])
        taken[max(0, i - win): i + win] = True


def _place(index: WordIndex, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Tokens ``s..e-1`` of ``lo..hi-1`` where ``needle`` fits best (character-level partial alignment)."""
    region = index.tokens[lo:hi]
    starts, pos = [], 0
    for t in region:
        starts.append(pos)
        pos += len(t) + 1
    al = fuzz.partial_ratio_alignment(needle, " ".join(region))
    if not al:
        return None
    s = lo + max(0, int(np.searchsorted(starts, al.dest_start, side="right")) - 1)
    e = lo + int(np.searchsorted(starts, max(al.dest_end - 1, 0), side="right"))
    return s, max(e, s + 1)


def _refine(index: WordIndex, qstr: str, m: int, at: int) -> tuple[int, int, float]:
    n = len(index.tokens)
    lo = max(0, at - m // 2 - 2)
    hi = min(n, at + m + m // 2 + 2)
    if m <= LONG:
        s0, e0 = _place(index, qstr, lo, hi) or (at, at + m)
    else:
        # a long quote is placed by its first and last HEAD tokens, each in its half of the
        # neighbourhood: aligning the whole quote costs time that grows with its length squared
        q = qstr.split()
        head = _place(index, " ".join(q[:HEAD]), lo, min(hi, at + m // 2 + HEAD + 2))
        tail = _place(index, " ".join(q[-HEAD:]), max(lo, at + m - m // 2 - HEAD - 2), hi)
        s0 = head[0] if head else at
        e0 = tail[1] if tail else at + m
        if e0 - s0 < m // 2:
            s0, e0 = at, at + m
    best = (s0, max(e0, s0 + 1), -1.0)
    reach, off = 3, float("inf")

    def consider(s: int, e: int) -> None:
        nonlocal best, off
        score = fuzz.ratio(qstr, " ".join(index.tokens[s:e]))
        # on a tie, the ends nearest the candidate window: a quote said twice within a few
        # words is two places, not the first one found twice
        d = abs(s - at) + abs(e - at - m)
        if score > best[2] + 1e-9 or (score > best[2] - 1e-9 and d < off):
            best, off = (s, e, score), d

    starts = range(max(0, s0 - reach), min(n - 1, s0 + reach) + 1)
    if m <= LONG:  # every pair of ends (inline: this loop is most of a short quote's time)
        tokens = index.tokens
        for s in starts:
            for e in range(max(s + 1, e0 - reach), min(n, e0 + reach) + 1):
                score = fuzz.ratio(qstr, " ".join(tokens[s:e]))
                d = abs(s - at) + abs(e - at - m)
                if score > best[2] + 1e-9 or (score > best[2] - 1e-9 and d < off):
                    best, off = (s, e, score), d
    else:  # the ends are far apart: each on its own, 14 scores of a long text rather than 49
        for s in starts:
            consider(s, e0)
        for e in range(max(best[0] + 1, e0 - reach), min(n, e0 + reach) + 1):
            consider(best[0], e)
    return _trim(index, qstr.split(), *best, steps=len(index.tokens) if m <= LONG else 2 * reach)


def _alike(token: str, others: Sequence[str]) -> bool:
    return any(token == o or fuzz.ratio(token, o) >= 75 for o in others)


def _trim(index: WordIndex, q: list[str], s: int, e: int, score: float, *, give: float = 1.0,
          steps: int = 1 << 30) -> tuple[int, int, float]:
    """Drop passage tokens at either end that are unlike the quote's first (last) words when that
    costs less than ``give`` points: character scores reward a stray neighbour sharing letters
    ("once. There's this ..." for "You can kind of, there's this ..."), and a clip should start
    with the quote, not the word before it."""
    qstr = " ".join(q)
    first, last = s + steps, e - steps  # at most ``steps`` tokens from each end
    while e - s > 1 and s < first and not _alike(index.tokens[s], q[:3]):
        trimmed = fuzz.ratio(qstr, " ".join(index.tokens[s + 1: e]))
        if trimmed < score - give:
            break
        s, score = s + 1, trimmed
    while e - s > 1 and e > last and not _alike(index.tokens[e - 1], q[-3:]):
        trimmed = fuzz.ratio(qstr, " ".join(index.tokens[s: e - 1]))
        if trimmed < score - give:
            break
        e, score = e - 1, trimmed
    return s, e, score


def search(index: WordIndex, quote: str, *, candidates: int = CANDIDATES) -> list[Passage]:
    """Passages for ``quote`` from the best ``candidates`` windows, best score first, none
    overlapping another."""
    return scan(index, quote, threshold=101.0, first=candidates, patience=0)[0]


def scan(index: WordIndex, quote: str, *, threshold: float = THRESHOLD, first: int = CANDIDATES,
         patience: int = CANDIDATES, limit: int = COUNT_LIMIT) -> tuple[list[Passage], bool]:
    """Passages for ``quote``, best score first, none overlapping another, and whether the scan
    saw every place that could match.

    The best ``first`` windows are always refined; after them the scan goes on while candidates
    keep matching (a passage at or above ``threshold`` and within ``OCCURRENCE_MARGIN`` of the best
    so far) and stops after ``patience`` misses in a row, or when no window holds a quote token.
    It also stops once ``limit`` passages match: then the second value is ``False``."""
    q = quote_tokens(quote)
    if not q:
        return [], True
    qstr = " ".join(q)
    found: list[Passage] = []
    covered = np.zeros(len(index.tokens) + 1, dtype=bool)
    best, matched, misses = -1.0, 0, 0
    for rank, (at, weight) in enumerate(_windows(index, q)):
        if rank >= first and (misses >= patience or weight <= 0):
            break
        if matched >= limit:
            return sorted(found, key=lambda p: (-p.score, p.start)), False
        s, e, score = _refine(index, qstr, len(q), at)
        if covered[s:e].any():
            misses += 1
            continue
        covered[s:e] = True
        start, end = index.span(s, e)
        p = Passage(s, e, start, end, index.text(s, e), round(score, 1), index.owner[s], index.last[e - 1])
        found.append(p)
        best = max(best, p.score)
        if p.score >= threshold and p.score >= best - OCCURRENCE_MARGIN:
            matched, misses = matched + 1, 0
        else:
            misses += 1
    found.sort(key=lambda p: (-p.score, p.start))
    return found, True


def find_quote(
    index: WordIndex,
    quote: str,
    *,
    threshold: float = THRESHOLD,
    occurrence: int | None = None,
    path: str | None = None,
    line: int | None = None,
) -> QuoteMatch:
    """The passage that says ``quote`` (the best one, or the ``occurrence``-th in time order).

    Raises ``MatchError`` listing the three nearest passages when nothing scores ``threshold``.
    """
    if not quote_tokens(quote):
        raise MatchError("the quote has no words to look for", path=path, line=line, text=quote)
    passages, complete = scan(index, quote, threshold=threshold)
    good = [p for p in passages if p.score >= threshold]
    if good:
        good = [p for p in good if p.score >= good[0].score - OCCURRENCE_MARGIN]
    if not good:
        near = "\n".join(f"  {p.describe()}" for p in passages[:3]) or "  (the transcript has no words)"
        shown = quote if len(quote) <= 60 else quote[:57] + "..."
        err = MatchError(
            f"quote not found: {shown!r} (no passage scores {threshold:.0f} or more); nearest passages:\n{near}",
            path=path, line=line,
        )
        err.quote, err.nearest = quote, tuple(passages[:3])  # the bad text is in the message, before the list
        raise err
    # equal scores: the place whose edges fit the quote's ("Absolutely." is a whole answer, not the
    # "absolutely" of "it's absolutely transformative"), then the first
    edges = quote_edges(quote)
    fit = {p: edge_fit(index, p, edges) for p in good}
    good.sort(key=lambda p: (-p.score, -fit[p], p.start))
    in_time = tuple(sorted(good, key=lambda p: p.start))
    best = good[0]
    equal = sum(1 for p in good if p.score == best.score and fit[p] == fit[best])
    if occurrence is not None:
        if not 1 <= occurrence <= len(in_time):
            raise MatchError(
                f"occurrence {occurrence} asked for, but the quote is found in "
                f"{QuoteMatch(quote, best, in_time, complete).count_text()}"
                + ("" if complete else "; a longer quote finds fewer"),
                path=path, line=line, text=quote,
            )
        best = in_time[occurrence - 1]
    return QuoteMatch(quote, best, in_time, complete, equal)


def similarity(a: str, b: str) -> float:
    """The match score of two texts (0-100) after normalisation; used by tests and reports."""
    return fuzz.ratio(" ".join(quote_tokens(a)), " ".join(quote_tokens(b)))


__all__ = [
    "THRESHOLD", "FILLERS", "normalise", "fold_numbers", "spell_symbols", "drop_fillers", "quote_tokens", "WordIndex", "word_table", "transcript_words",
    "word_rows", "Passage", "QuoteMatch", "quote_edges", "edge_fit", "search", "scan", "find_quote", "similarity", "COUNT_LIMIT",
]
