"""Text evidence for alignment: tokens, stems, idf weights, and vectors over a small vocabulary.

Pure functions of strings. The vocabulary is the summary's terms only: a transcript unit is scored
by the summary terms it contains, so a five-hour transcript never becomes a large matrix.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?(?:[-.][^\W_]+)*")  # letters of any script: "Fußball", "naïve"

# Function words and conversational filler; they carry no topic.
STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are aren as at be because been before being below
between both but by can cannot could couldn did didn do does doesn doing don down during each even ever every
few for from further get gets getting go goes going gonna got had hadn has hasn have haven having he her here
hers herself him himself his how however i if in into is isn it its itself just kind know let like lot lots
made make makes making many may me might more most much must my myself need no nor not now of off often on
once one only or other others our ours ourselves out over own people pretty probably quite rather re really
right said same say says see seem seems shall she should shouldn so some something sort still such sure take
than that thats the their theirs them themselves then there these they thing things think this those though
through to too um uh under until up upon us use used very want was wasn way we well were weren what whatever
when where whether which while who whom whose why will with within without won would wouldn yeah yes yet you
your yours yourself yourselves actually basically definitely maybe mean okay oh thank thanks talk talking
discuss discusses discussed discussing explain explains explained highlights highlight emphasizes emphasize
argues argue suggests suggest believes believe acknowledges acknowledge notes describes describe shares
also including include includes particularly specifically various different important importance
""".split()
)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Word tokens as written (case kept), apostrophes folded to ASCII."""
    return [w.replace("’", "'") for w in _WORD.findall(text)]


def terms(text: str) -> list[str]:
    """Content terms: lower-cased, stop words and possessives removed, stemmed."""
    out = []
    for w in words(text):
        lw = w.casefold()  # "Fußball" and "Fussball" are one word
        if lw.endswith("'s"):
            lw = lw[:-2]
        if "'" in lw:
            continue  # contractions are function words
        if lw in STOPWORDS or (len(lw) < 2 and not lw.isdigit()):
            continue
        out.append(stem(lw))
        if "-" in lw:  # "non-technical" also says "technical"
            out.extend(stem(p) for p in lw.split("-") if len(p) >= 3 and p.isalpha() and p not in STOPWORDS)
    return out


def proper_terms(text: str) -> set[str]:
    """Stems of capitalised words that do not start a sentence: names, products, acronyms."""
    out = set()
    prev_end = True
    for m in re.finditer(r"\S+", text):
        tok = m.group(0)
        core = tok.strip("\"'“”‘’()[],;:")
        if core and core[0].isupper() and not prev_end and core.casefold() not in STOPWORDS:
            for w in words(core):
                out.add(stem(w.casefold().removesuffix("'s")))
        prev_end = tok.endswith((".", "?", "!", ":"))
    return out


@dataclass(frozen=True)
class Vocabulary:
    """Terms of interest with their idf over the transcript's units."""

    index: dict[str, int]
    idf: np.ndarray  # float64, one per term

    def __len__(self) -> int:
        return len(self.index)


def build_vocabulary(query_terms: list[list[str]], unit_terms: list[list[str]]) -> Vocabulary:
    """Vocabulary = terms the summary uses; idf from how many transcript units hold each term."""
    vocab: dict[str, int] = {}
    for ts in query_terms:
        for t in ts:
            vocab.setdefault(t, len(vocab))
    df = np.zeros(len(vocab))
    for ts in unit_terms:
        for t in set(ts):
            i = vocab.get(t)
            if i is not None:
                df[i] += 1
    n = max(len(unit_terms), 1)
    # Smoothed idf; a term absent from the transcript gets weight 0 (it cannot locate anything).
    idf = np.where(df > 0, np.log((n + 1) / (df + 0.5)), 0.0)
    return Vocabulary(vocab, idf)


def fuzzy_map(tokens: set[str], vocab: Vocabulary, min_len: int = 7, score_cutoff: float = 85.0) -> dict[str, str]:
    """Map long transcript terms that are not in the vocabulary to a near-identical vocabulary term.

    Transcripts misspell and mishear rare words ("monosematicity" for "monosemanticity"); rare words
    are exactly the ones that locate a topic, so a near miss of 1-2 letters still counts.
    """
    from rapidfuzz import fuzz, process

    choices = [t for t in vocab.index if len(t) >= min_len - 1]
    if not choices:
        return {}
    out = {}
    for tok in tokens:
        if len(tok) < min_len or tok in vocab.index or tok.isdigit():
            continue
        hit = process.extractOne(tok, choices, scorer=fuzz.ratio, score_cutoff=score_cutoff)
        if hit is not None:
            out[tok] = hit[0]
    return out


def count_matrix(docs: list[list[str]], vocab: Vocabulary) -> np.ndarray:
    """Term counts (docs x vocabulary), float64."""
    m = np.zeros((len(docs), len(vocab)))
    for r, ts in enumerate(docs):
        for t, c in Counter(ts).items():
            i = vocab.index.get(t)
            if i is not None:
                m[r, i] = c
    return m


def sublinear(counts: np.ndarray) -> np.ndarray:
    """1 + log(tf) for tf > 0."""
    out = np.zeros_like(counts)
    nz = counts > 0
    out[nz] = 1.0 + np.log(counts[nz])
    return out
