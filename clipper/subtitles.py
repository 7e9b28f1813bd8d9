"""Readable subtitles: re-segment a timed transcript into cues that people can read.

``resegment(transcript, options)`` regroups the transcript's words into cues by a dynamic programme
over word positions: every candidate cue ``words[i:j]`` has a cost (how good its end is as a break,
how fast it has to be read, how full it is), and the cheapest sequence of cues wins. Hard rules
make a candidate impossible: more than ``max_lines`` lines of ``max_chars``, a speaker change inside
it (a new name, or an unnamed turn: a caption's ``- `` dash or ``>>``, ``Segment.turn``), or speech
lasting longer than ``max_duration``. A single word is always a possible cue, so a
solution always exists and no word is ever lost, duplicated or reordered.

Text written without spaces (Japanese, Chinese, Thai) is one "word" per sentence or more; such a word
longer than a line is first cut into pieces (``split_unspaced``: characters, Latin runs kept whole,
punctuation kept with what it closes) that share its time by characters and are shown joined without
spaces, so the same programme wraps it, preferring breaks after 。、！？. Widths count characters. Two source
segments of Chinese or Japanese that one cue shows ("我也去。" / "好的。") join without a space too (``_glues``).

Display times are then fitted to the words by least squares (``_place``): each cue as near its first word as
it can be, shown for at least ``min_duration`` and long enough to be read at ``max_cps``; where the speech is
too dense for that, cues spread evenly before and after it. Along a stretch where a cue would still be shown
over ``DRIFT_MS`` from its words (a narrow width cutting fast speech into many short cues), the minimum gives
way to the time the speech leaves; over ``READING_DRIFT_MS`` (speech faster than ``max_cps`` for minutes), the
reading speed too. A cue never ends after the next one starts.

A cue that opens an unnamed turn starts with ``- `` in its text and has ``turn`` set (the VTT
reader's form; the SRT writer does not add a second dash), so "- Are you ready?" / "- Yes, I am."
spoken in one source cue come out as two cues, each with its dash, in SRT and VTT alike.

A named turn's first cue leaves room on its first line for the ``Name: `` the SRT writer puts there; when
the label and even the first word cannot share a line (a narrow ``max_chars``), the first line is left
empty for the label alone ("Dario Amodei:" / "Exactly.") and the text takes the other ``max_lines - 1``.

``by_chapter(cues, chapters)`` slices cues per chapter with times shifted to start at 0; cues made with
``resegment(..., starts=[chapter starts])`` start a cue at each chapter, with room for its speaker's label.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Sequence

from .errors import InputError
from .model import Chapter, ChapterList, Ms, Segment, Transcript, Word
from .transcripts._text import reads_as_label, speaker_label


@dataclass(frozen=True, slots=True)
class CueOptions:
    max_chars: int = 42  # per line
    max_lines: int = 2
    min_duration: Ms = 1_000
    max_duration: Ms = 7_000
    cps: float = 17.0  # reading speed to aim for
    max_cps: float = 20.0  # never faster, unless a single word forces it

    def __post_init__(self) -> None:
        if self.max_chars < 1 or self.max_lines < 1:
            raise ValueError("max_chars and max_lines must be at least 1")
        if not 0 < self.min_duration <= self.max_duration:
            raise ValueError("need 0 < min_duration <= max_duration")
        if not 0 < self.cps <= self.max_cps:
            raise ValueError("need 0 < cps <= max_cps")


# --- words -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _W:
    start: Ms
    end: Ms
    text: str
    speaker: str | None
    turn: bool = False  # the word opens an unnamed speaker turn
    glue: bool = False  # no space before it: a piece of a longer word written without spaces


TURN_MARKS = frozenset({"-", "–", "—", ">>"})  # a caption line starting with one of these: a new speaker
DASH = "- "  # how a cue shows that it opens a turn


def interpolate_words(seg: Segment) -> tuple[Word, ...]:
    """Word times for a timed segment: its own ``words``, else spread over it by character length."""
    if seg.words:
        return seg.words
    if seg.start is None or seg.end is None:
        raise ValueError("an untimed segment has no word times")
    tokens = seg.text.split()
    if not tokens:
        return ()
    weights = [len(t) + 1 for t in tokens]  # +1: the space after each word takes time too
    total = sum(weights)
    span = seg.end - seg.start
    out, acc = [], 0
    for tok, w in zip(tokens, weights):
        a = seg.start + span * acc // total
        acc += w
        b = seg.start + span * (acc - 1) // total if w > 1 else a
        out.append(Word(a, max(a, b), tok))
    return tuple(out)


def _turn_marks(seg: Segment) -> tuple[set[int], set[int]]:
    """Token positions in ``seg.text`` that are turn marks (a ``-``/``>>`` opening a line, not words),
    and the positions of the words that open an unnamed turn."""
    marks: set[int] = set()
    opens: set[int] = {0} if seg.turn and seg.speaker is None else set()
    k = 0
    for n, line in enumerate(seg.text.split("\n")):
        toks = line.split()
        # a dash opening the segment's first line is a mark only when the reader said so (seg.turn)
        if toks and toks[0] in TURN_MARKS and len(toks) > 1 and (n > 0 or seg.turn) and seg.speaker is None:
            marks.add(k)
            opens.add(k + 1)
        k += len(toks)
    return marks, opens


def transcript_words(transcript: Transcript) -> list[_W]:
    """Every word with its time and speaker; a word that opens an unnamed turn is marked (``turn``) and
    the turn marks themselves (``- ``, ``>>`` opening a caption line) are not words."""
    out: list[_W] = []
    for seg in transcript.segments:
        words = interpolate_words(seg)
        marks, opens = _turn_marks(seg)
        if [w.text for w in words] != seg.text.split():  # word times from elsewhere: only the segment's start
            marks, opens = set(), {0} & opens
        turn = False
        first = True
        for k, w in enumerate(words):
            turn = turn or k in opens
            if k in marks or not w.text.strip():
                continue
            text = " ".join(w.text.split())
            # a segment's text going on from the last one's in a script without spaces between sentences
            # ("我也去。" / "好的。", two source cues) follows it without a space, as the script writes it
            glue = first and bool(out) and _glues(out[-1].text[-1], text[0])
            out.append(_W(w.start, w.end, text, seg.speaker, turn, glue))
            turn = first = False
    # Overlapping sources (rolling captions, rounding) must not make time run backwards.
    fixed: list[_W] = []
    last = 0
    for w in out:
        s = max(w.start, last)
        e = max(w.end, s)
        fixed.append(replace(w, start=s, end=e))
        last = s
    return fixed


# --- text written without spaces ---------------------------------------------------------------

# Scripts that do not put spaces between words: kana, CJK ideographs and their punctuation, fullwidth
# forms, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile(
    "[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
# Never at the start of a line (closing punctuation, small kana, the long-vowel mark) or at its end
# (opening brackets, Thai leading vowels): glued to the neighbour.
_NO_LINE_START = frozenset("。、，．！？；：」』）］｝〉》】〕”’・ー…ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〜,.!?;:)]")
_NO_LINE_END = frozenset("「『（［｛〈《【〔“‘(\u0e40\u0e41\u0e42\u0e43\u0e44")
_INNER = frozenset(".,-'’_/:+")  # inside a Latin run: "3.5", "GPT-4", "don't"


def _is_unspaced(c: str) -> bool:
    return bool(_UNSPACED.match(c))


def _glues(a: str, b: str) -> bool:
    """Whether text ending in ``a`` and text starting with ``b`` join without a space: both wide characters of
    a script written without spaces between sentences (Chinese, Japanese: ``我也去。好的。``). Thai, Lao, Khmer
    and Myanmar put a space between sentences, Korean between words: they keep it."""
    return all(_is_unspaced(c) and unicodedata.east_asian_width(c) in "WF" for c in (a, b))


def _is_latin(c: str) -> bool:
    """A letter or digit of a script written with spaces (CJK ideographs are alphanumeric too)."""
    return c.isalnum() and not _is_unspaced(c)


def _units(token: str) -> list[str]:
    """The smallest pieces a token written without spaces may be broken into: one character with its
    combining marks, or a whole run of Latin letters and digits; closing punctuation stays with the
    character before it and opening brackets with the one after."""
    out: list[str] = []
    k, n = 0, len(token)
    while k < n:
        e = k + 1
        if _is_latin(token[k]):
            while e < n and (_is_latin(token[e]) or unicodedata.category(token[e])[0] == "M"
                             or (token[e] in _INNER and e + 1 < n and _is_latin(token[e + 1]))):
                e += 1
        while e < n and unicodedata.category(token[e])[0] == "M":
            e += 1
        piece = token[k:e]
        if out and (piece[0] in _NO_LINE_START or out[-1][-1] in _NO_LINE_END):
            out[-1] += piece
        else:
            out.append(piece)
        k = e
    return out


def columns(text: str) -> int:
    """Columns ``text`` takes on screen: wide and full-width characters (CJK ideographs, kana, full-width forms)
    count two, as subtitle guidelines count them (a 42-column line holds 21 of them)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_unspaced(words: Sequence[_W], max_chars: int) -> list[_W]:
    """Words longer than ``max_chars`` in a script written without spaces (Japanese, Chinese, Thai)
    cut into pieces a line can hold (see ``_units``); each piece takes a share of the word's time by
    its characters and is ``glue``d to the piece before it (shown without a space). Others as they are."""
    out: list[_W] = []
    for w in words:
        if columns(w.text) <= max_chars or not _UNSPACED.search(w.text):
            out.append(w)
            continue
        pieces = _units(w.text)
        total, acc, span = len(w.text), 0, w.end - w.start
        for k, p in enumerate(pieces):
            a = w.start + span * acc // total
            acc += len(p)
            b = w.start + span * acc // total
            out.append(replace(w, start=a, end=max(a, b), text=p, turn=w.turn and k == 0, glue=k > 0 or w.glue))
    return out


def _join(tokens: Sequence[str], glue: Sequence[bool] | None = None) -> str:
    """Tokens as shown: a space between words, none before a glued piece."""
    if not glue or not any(glue[1:]):
        return " ".join(tokens)
    return "".join(t if k == 0 or glue[k] else " " + t for k, t in enumerate(tokens))


# --- break quality -----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.?!…。！？]+[\"'”’)\]」』）]*$")
_CLAUSE_END = re.compile(r"([,;:、，；：]|—|–|--)[\"'”’)\]」』）]*$")
CONJUNCTIONS = frozenset(
    "and but or so because although though while whereas which who whom whose where when if unless until "
    "since nor yet then that".split()
)
UNITS = frozenset(
    """
    s ms sec secs second seconds min mins minute minutes h hr hrs hour hours day days week weeks month months
    year years decade decades percent per cent % x times k m b bn thousand thousands million millions
    billion billions trillion trillions dollars dollar euros euro pounds cents gb mb kb tb gw mw kw w kg g mg
    km cm mm miles mile feet foot meters metres degrees points pages people tokens parameters gpus chips
    """.split()
)
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "seventy eighty ninety hundred hundreds thousand a few several".split()
)
_NUMERIC = re.compile(r"^[$€£~≈]?\d[\d,.]*(?:%|[kmbx])?$", re.I)
_CORE = re.compile(r"^[\"'“‘(\[]*(.*?)[\"'”’)\].,;:!?…]*$")


def _core(tok: str) -> str:
    m = _CORE.match(tok)
    return m.group(1) if m else tok


def _is_number(tok: str) -> bool:
    c = _core(tok).lower()
    return bool(_NUMERIC.match(c)) or c in NUMBER_WORDS


def _is_capitalised(tok: str) -> bool:
    c = _core(tok)
    return len(c) > 1 and c[0].isupper() and c[1:2].isalpha()


# Words that lean on the next one: a break after them leaves them dangling ("the | model").
CLINGING = frozenset(
    "a an the to of in on at for with from by into about my your his her its our their this these those "
    "is are was were be been am i we you he she they it's i'm don't can't very more most".split()
)
PREPOSITIONS = frozenset("to of in on at for with from by into about like than as".split())
# Function words that open a phrase: a line or cue ending in one leaves the phrase cut in two ("came to /
# similar views", "between 2014 and / 2017"): articles, prepositions, conjunctions, "to".
DANGLING = frozenset(
    "a an the to of in on at for with from by into onto about like than as between through over under after "
    "before during without within across against toward towards upon via per and but or nor so because "
    "although though while whereas if unless until since that which".split()
)

# Break costs (lower is better), for a break between word a and word b.
SENTENCE, CLAUSE, CONJUNCTION, PLAIN, GLUED = 0.0, 2.0, 3.0, 8.0, 40.0
DANGLE = 10.0  # on top of PLAIN: a break after a word of ``DANGLING``
STRANDED = 10.0  # a cue or line ending with the first word of the next sentence ("novel ideas. And")
IMBALANCE = 8.0  # two lines whose widths differ by this many columns cost one more, and quadratically


def _stranded(before: str, a: str) -> bool:
    """A break after ``a`` would leave it alone at the end of a line or cue: the first word of a sentence
    that ``before`` ended ("...novel ideas. And / we ...")."""
    return bool(_SENTENCE_END.search(before)) and not _SENTENCE_END.search(a)


def break_cost(a: str, b: str) -> float:
    """How bad a cue or line break between words ``a`` and ``b`` is."""
    if _SENTENCE_END.search(a):
        return SENTENCE
    if _CLAUSE_END.search(a):
        return CLAUSE
    if _is_number(a) and _core(b).lower() in UNITS:
        return GLUED  # "5 s", "10 percent", "$3 billion"
    if _is_capitalised(a) and _is_capitalised(b) and _core(a) != "I":
        return GLUED  # "Lex Fridman", "Chris Olah"
    if _core(a).lower() in DANGLING:
        return PLAIN + DANGLE
    if _core(b).lower() in CONJUNCTIONS:
        return CONJUNCTION
    if _core(a).lower().replace("’", "'") in CLINGING:
        return PLAIN + 4
    if _core(b).lower() in PREPOSITIONS:
        return PLAIN - 2
    return PLAIN


# --- the dynamic programme ---------------------------------------------------------------------

CUE_COST = 1.0  # per cue: prefer fewer, fuller cues
SHORT_CUE = 4.0  # a cue under a third of a line, unless a turn forces it
CPS_WEIGHT = 0.5  # per (char/s over ``cps``) squared, per line of text
DEBT_WEIGHT = 20.0  # per second a cue needs (min_duration, max_cps) beyond its time slot
PAUSE_BONUS = 3.0  # a break where the speaker pauses for ~0.5 s or more


def _layout(tokens: Sequence[str], options: CueOptions, glue: Sequence[bool] | None = None, lead: int = 0
            ) -> list[str]:
    """Split a cue's words into at most ``max_lines`` lines of ``max_chars``, breaking where it reads best.
    ``glue[k]``: token ``k`` follows the one before without a space (pieces of an unspaced word); ``lead``:
    columns the first line must leave for a speaker's label (``Name: ``) that a writer puts before it."""
    glue = list(glue) if glue else [False] * len(tokens)
    text = _join(tokens, glue)
    if columns(text) + lead <= options.max_chars or len(tokens) == 1:
        return [text]
    lens = [columns(t) for t in tokens]
    n = len(tokens)
    sep = [0 if k < n and glue[k] else 1 for k in range(n + 1)]  # sep[k]: the space before token k
    labelish = _labelish(tokens)
    # Small DP: best split of tokens into lines; cost = break quality + raggedness.
    INF = float("inf")
    best = [INF] * (n + 1)
    back = [0] * (n + 1)
    lines_used = [0] * (n + 1)
    best[0] = 0.0
    for j in range(1, n + 1):
        width = -sep[j]  # no space after the last token of the line
        for i in range(j - 1, -1, -1):
            width += lens[i] + sep[i + 1]
            if width + (lead if i == 0 else 0) > options.max_chars and i < j - 1:
                break
            if best[i] == INF or lines_used[i] >= options.max_lines:
                continue
            c = best[i] + (break_cost(tokens[j - 1], tokens[j]) if j < n else 0.0)
            if 1 < j < n and _stranded(tokens[j - 2], tokens[j - 1]):
                c += STRANDED
            if j < n and labelish[j]:
                c += GLUED  # a line opening "Zoom In: An ..." would read as a speaker's label
            c += (options.max_chars - width - (lead if i == 0 else 0)) ** 2 / 40 if j < n else 0.0  # fuller upper lines
            if c < best[j]:
                best[j], back[j], lines_used[j] = c, i, lines_used[i] + 1
    if best[n] == INF:  # cannot happen for cues built by resegment; keep the text whole
        return [text]
    cuts = []
    j = n
    while j > 0:
        cuts.append((back[j], j))
        j = back[j]
    cuts.reverse()
    lines = [_join(tokens[a:b], glue[a:b]) for a, b in cuts]
    if len(lines) != 2:
        return lines
    return _balance(tokens, glue, cuts[0][1], options, lead) or lines


def _balance(tokens: Sequence[str], glue: Sequence[bool], cut: int, options: CueOptions, lead: int = 0
             ) -> list[str] | None:
    """Two lines (``tokens[:cut]``, ``tokens[cut:]``): move the break to even the lengths when that
    costs no readability."""
    toks: list[str] = []
    glued: list[bool] = []
    k0 = 0
    for n, (t, g) in enumerate(zip(tokens, glue)):
        parts = t.split(" ")  # a turn's dash is a token of its own here
        toks.extend(parts)
        glued.extend([g] + [False] * (len(parts) - 1))
        if n < cut:
            k0 = len(toks)
    best = None
    for k in range(1, len(toks)):
        if k == 1 and toks[0] == DASH.strip():
            continue  # a turn's dash stays with its first word
        a, b = _join(toks[:k], glued[:k]), _join(toks[k:], glued[k:])
        wa, wb = columns(a) + lead, columns(b)
        if wa > options.max_chars or wb > options.max_chars or (":" in b and reads_as_label(b)):
            continue
        gap = abs(wa - wb)  # a short line beside a long one reads badly: the cost grows faster than the gap
        cost = break_cost(toks[k - 1], toks[k]) * 3 + gap / 4 + (gap / IMBALANCE) ** 2 + (0.5 if wa > wb else 0)
        if k > 1 and _stranded(toks[k - 2], toks[k - 1]):
            cost += STRANDED * 3
        if best is None or cost < best[0] or (cost == best[0] and k == k0):
            best = (cost, [a, b])
    return best[1] if best else None


def _labelish(tokens: Sequence[str]) -> list[bool]:
    """For each token: would a line starting with it read as a speaker's label ("Zoom In: An ...")."""
    colon = [t.endswith(":") for t in tokens]
    return [any(colon[k:k + 5]) and reads_as_label(" ".join(tokens[k:k + 6])) for k in range(len(tokens))]


def _leads(words: list[_W], before: str | None) -> list[int]:
    """Columns a cue starting at each word of one speaker turn leaves on its first line for what a writer
    puts before it: the first cue of a named turn gets ``Name: `` (the SRT writer), as does a later cue
    whose text would read as a label ("Zoom In: An Introduction...", which SRT can only disambiguate by
    naming the speaker again); the first cue of an unnamed turn right after a named one gets ``- ``. The
    same for every format, so SRT and VTT have the same cues."""
    if not words:
        return []
    spk = words[0].speaker
    label = columns(speaker_label(spk)) if spk else 0
    out = [0] * len(words)
    if spk:
        out = [label if flag else 0 for flag in _labelish([w.text for w in words])]
        out[0] = label
    elif before is not None and not words[0].turn:
        out[0] = len(DASH)
    return out


def _label_alone(lead: int, first: int, options: CueOptions) -> bool:
    """Whether a speaker's label (``lead`` columns, ``Name: ``) stands on a line of its own above the cue's
    text: when it and even the first word (``first`` columns) cannot share a line. The cue keeps its
    ``max_lines``, so it has one line of text fewer; with one line a cue has no line to spare, and the
    label stays before the word."""
    return lead > 0 and options.max_lines > 1 and lead + first > options.max_chars


def _segments_dp(words: list[_W], options: CueOptions, next_start: Ms | None, leads: Sequence[int] = ()
                 ) -> list[tuple[int, int]]:
    """Cheapest split of ``words`` (one speaker turn) into cues; returns (i, j) ranges. ``leads[i]``:
    columns a cue starting at word ``i`` leaves before its first word (``_leads``), or the whole first line
    when a named speaker's label cannot share it (``_label_alone``)."""
    n = len(words)
    lens = [columns(w.text) for w in words]
    leads = list(leads) or [0] * n
    named = bool(words) and words[0].speaker is not None  # leads of an unnamed turn are dashes, never alone
    if words and words[0].turn:
        lens[0] += len(DASH)  # the first cue of an unnamed turn shows a dash before its first word
    breaks = [break_cost(words[k].text, words[k + 1].text) for k in range(n - 1)]
    for k in range(1, n - 1):
        if _stranded(words[k - 1].text, words[k].text):
            breaks[k] += STRANDED
    for k in range(n - 1):
        if words[k + 1].start - words[k].end >= 500:
            breaks[k] -= PAUSE_BONUS
    line_full = options.max_chars
    INF = float("inf")
    best = [INF] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    cap = options.max_chars * options.max_lines
    for i in range(n):
        if best[i] == INF:
            continue
        chars = -1 + leads[i]
        alone = named and _label_alone(leads[i], lens[i], options)
        lead = 0 if alone else leads[i]  # the columns left on the line of the first word
        lines, width = (2 if alone else 1), -1
        for j in range(i + 1, n + 1):
            k = j - 1
            space = 0 if k > i and words[k].glue else 1  # a glued piece follows without a space
            chars += lens[k] + space
            # incremental greedy layout
            if width < 0:
                width = lead + lens[k]
            elif width + space + lens[k] <= options.max_chars:
                width += space + lens[k]
            else:
                lines += 1
                width = lens[k]
            single = j == i + 1
            if not single and (lines > options.max_lines or chars > cap):
                break
            speech = words[k].end - words[i].start
            if not single and speech > options.max_duration:
                break
            # time available to read it: until the next cue's first word (or a bit after the end)
            nxt = words[j].start if j < n else (next_start if next_start is not None else words[k].end + 2_000)
            window = min(max(nxt - words[i].start, 1), options.max_duration)
            cps = chars / (window / 1000)
            cost = CUE_COST + (breaks[k] if j < n else 0.0)
            if cps > options.cps:  # per character: grouping alone cannot dodge it
                over = min(cps, options.max_cps) - options.cps  # beyond max_cps the debt below counts
                cost += chars / line_full * CPS_WEIGHT * over**2
            # time the cue needs beyond its window must be taken from neighbours (shifts cues)
            need = max(options.min_duration, chars * 1000 / options.max_cps)
            if need > window:
                cost += DEBT_WEIGHT * (need - window) / 1000
            if chars < line_full / 3 and not (i == 0 and j == n):
                cost += SHORT_CUE
            total = best[i] + cost
            if total < best[j]:
                best[j], back[j] = total, i
    cuts = []
    j = n
    while j > 0:
        cuts.append((back[j], j))
        j = back[j]
    return list(reversed(cuts))


def _turns(words: list[_W], fresh: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Runs of one speaker: a new name, or a word that opens an unnamed turn, starts the next run; so does
    a word in ``fresh`` (the first word of a chapter written to a file of its own)."""
    out, a = [], 0
    for k in range(1, len(words) + 1):
        if k == len(words) or words[k].speaker != words[a].speaker or words[k].turn or k in fresh:
            out.append((a, k))
            a = k
    return out


def resegment(transcript: Transcript, options: CueOptions = CueOptions(), starts: Sequence[Ms] = ()) -> Transcript:
    """Regroup a timed transcript's words into readable cues (one ``Segment`` per cue).

    ``starts``: times where a file of its own begins (``by_chapter``'s chapter starts): a cue starts at
    the first word spoken from each, and leaves room for the speaker's label that file's SRT opens with."""
    if not transcript.timed:
        raise InputError(
            "the transcript has no times; give it times first with `clipper retime UNTIMED TIMED -o OUT`",
            path=transcript.source,
        )
    words = split_unspaced(transcript_words(transcript), options.max_chars)
    begins = [w.start for w in words]
    fresh = frozenset(k for k in (bisect_left(begins, s) for s in starts) if 0 < k < len(words))
    groups: list[tuple[int, int]] = []
    leads: list[int] = []
    for a, b in _turns(words, fresh):
        nxt = words[b].start if b < len(words) else None
        lead = _leads(words[a:b], words[a - 1].speaker if a else None)
        for i, j in _segments_dp(words[a:b], options, nxt, lead):
            groups.append((a + i, a + j))
            leads.append(lead[i])
    cues = _timing(words, groups, options, leads, fresh)
    return Transcript(tuple(cues), format="cues", source=transcript.source)


def _isotonic(values: list[float]) -> list[float]:
    """Least-squares non-decreasing fit (pool adjacent violators), O(n)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for v in values:
        blocks.append([v, 1.0, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks[-1]
            blocks[-1] = [(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2]
    out: list[float] = []
    for m, _, c in blocks:
        out.extend([m] * c)
    return out


def _timing(words: list[_W], groups: list[tuple[int, int]], options: CueOptions, leads: Sequence[int] = (),
            fresh: frozenset[int] = frozenset()) -> list[Segment]:
    """Display times: as close to the speech as possible while every cue stays readable.

    Each cue needs ``need`` ms (``min_duration``, and its characters at ``max_cps``). Starts are
    placed by least squares around the first words' times subject to ``start[k+1] >= start[k] +
    need[k]``: in speech too dense to read, cues spread out evenly before and after the words
    instead of piling up behind them. Ends then stretch toward the comfortable ``cps`` into any
    pause, never past the next cue's start nor beyond ``max_duration``. A cue opening a chapter file (its
    first word in ``fresh``) is not shown before that word, so it stays in its chapter.
    """
    tokens = [_cue_tokens(words[i:j]) for i, j in groups]
    glues = [[w.glue for w in words[i:j]] for i, j in groups]
    texts = [_join(t, g) for t, g in zip(tokens, glues)]
    reading = [int(len(t) * 1000 / options.max_cps + 0.999) for t in texts]
    need = [min(options.max_duration, max(options.min_duration, r)) for r in reading]
    spoken = [words[i].start for i, _ in groups] + [words[-1].end]
    gave = [False] * len(groups)  # whether each cue's minimum has given way
    for _ in range(DRIFT_PASSES):
        starts = _place(words, groups, need, fresh)
        dev = [abs(s - words[i].start) for s, (i, _) in zip(starts, groups)]
        if max(dev, default=0) <= DRIFT_MS:
            break
        # speech too dense for min_duration per cue over a long stretch (a narrow width cuts it into many short cues):
        # along each run of cues a second or more off their words that holds one over DRIFT_MS, the minimum gives way
        # to the time the speech leaves, the reading speed still holding, so cues stay with their words; where that
        # is not enough (speech faster than max_cps for minutes), the reading speed gives way too
        k = 0
        while k < len(dev):
            if dev[k] <= 1000:
                k += 1
                continue
            a = k
            while k < len(dev) and dev[k] > 1000:
                k += 1
            worst = max(dev[a:k])
            if worst > READING_DRIFT_MS and all(gave[a:k]):
                # the reading speed gives way evenly along the stretch: every cue of it read a little faster, so
                # they take the time the speech does (never one cue flashed for the time its own words take)
                span, total = spoken[k] - spoken[a], sum(need[a:k])
                if total > span > 0:
                    for m in range(a, k):
                        need[m] = max(1, need[m] * span // total)
            elif worst > DRIFT_MS:
                for m in range(a, k):
                    if not gave[m]:
                        need[m], gave[m] = min(need[m], max(reading[m], spoken[m + 1] - spoken[m])), True
    else:
        starts = _place(words, groups, need, fresh)
    want = [min(options.max_duration, max(n, int(len(t) * 1000 / options.cps + 0.999))) for n, t in zip(need, texts)]
    leads = list(leads) or [0] * len(groups)
    out = []
    for k, ((i, j), s) in enumerate(zip(groups, starts)):
        nxt = starts[k + 1] if k + 1 < len(starts) else None
        end = max(s + want[k], words[j - 1].end)
        end = min(end, s + options.max_duration)
        if nxt is not None:
            end = min(end, nxt)
        end = max(end, s + need[k])  # room guaranteed by the fit
        out.append(Segment(s, end, "\n".join(_cue_lines(tokens[k], options, glues[k], leads[k], words[i].speaker)),
                           words[i].speaker, turn=words[i].turn))
    return out


DRIFT_MS = 3_000  # a cue shown further than this from its first word makes the minimum duration give way around it
READING_DRIFT_MS = 8_000  # ... and one further than this makes the reading speed give way (speech beyond max_cps)
DRIFT_PASSES = 6


def _place(words: list[_W], groups: list[tuple[int, int]], need: list[int], fresh: frozenset[int]) -> list[Ms]:
    """Cue starts by least squares around their first words' times, each ``need[k]`` after the one before
    (isotonic regression on the starts less the needs before them); a cue opening a file (``fresh``) not
    before its word."""
    offset, acc = [], 0
    for n in need:
        offset.append(acc)
        acc += n
    fit = _isotonic([words[i].start - o for (i, _), o in zip(groups, offset)])
    starts: list[Ms] = []
    prev = 0
    for k, (f, o) in enumerate(zip(fit, offset)):
        s = max(prev, int(round(f + o)))
        if groups[k][0] in fresh:
            s = max(s, words[groups[k][0]].start)
        starts.append(s)
        prev = s + need[k]
    return starts


def _cue_lines(tokens: Sequence[str], options: CueOptions, glue: Sequence[bool], lead: int, speaker: str | None
               ) -> list[str]:
    """A cue's text lines; when its speaker's label stands alone (``_label_alone``) the first line is left
    empty for it (writers drop empty lines; the SRT writer puts ``Name:`` there) and the text has the rest."""
    if speaker is not None and _label_alone(lead, columns(tokens[0]), options):
        return ["", *_layout(tokens, replace(options, max_lines=options.max_lines - 1), glue)]
    return _layout(tokens, options, glue, lead)


def _cue_tokens(words: Sequence[_W]) -> list[str]:
    """A cue's words as laid out; the first glued to the dash when the cue opens an unnamed turn."""
    tokens = [w.text for w in words]
    if words and words[0].turn:
        tokens[0] = DASH + tokens[0]
    return tokens


# --- per chapter -------------------------------------------------------------------------------


def by_chapter(transcript: Transcript, chapters: ChapterList | Sequence[Chapter]) -> list[tuple[Chapter, Transcript]]:
    """Cues of each chapter (a cue belongs to the chapter it starts in), times shifted to start at 0.

    A chapter runs until the next chapter starts; the last one to the end of the transcript. A cue is
    cut at its chapter's end.
    """
    chs = list(chapters)
    out = []
    segs = [s for s in transcript.segments if s.timed]
    for n, ch in enumerate(chs):
        end = chs[n + 1].start if n + 1 < len(chs) else None
        picked = []
        for s in segs:
            if s.start < ch.start or (end is not None and s.start >= end):  # type: ignore[operator]
                continue
            e = s.end if end is None else min(s.end, end)  # type: ignore[type-var]
            words = tuple(
                Word(w.start - ch.start, w.end - ch.start, w.text) for w in s.words if w.start >= ch.start
            )
            picked.append(Segment(s.start - ch.start, e - ch.start, s.text, s.speaker, words, s.line,  # type: ignore[operator]
                                  turn=s.turn))
        out.append((ch, Transcript(tuple(picked), format=transcript.format, source=transcript.source)))
    return out
