"""Scoring chapters against reference times (the official chapters of an episode).

Sections are matched to reference chapters in order by title similarity (a summary may merge or
skip chapters), then each matched pair contributes the absolute difference of start times.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from rapidfuzz import fuzz

from .model import ChapterList

THRESHOLDS_S = (5, 10, 30, 60)


def match_in_order(titles: list[str], reference: list[str]) -> list[tuple[int, int]]:
    """Monotone matching of ``titles`` to ``reference`` maximising total title similarity."""
    K, M = len(titles), len(reference)
    sim = [[fuzz.ratio(a.lower(), b.lower()) for b in reference] for a in titles]
    NEG = float("-inf")
    D = [[NEG] * (M + 1) for _ in range(K + 1)]
    for k in range(M + 1):
        D[0][k] = 0.0
    for i in range(1, K + 1):
        for k in range(1, M + 1):
            D[i][k] = max(D[i - 1][k - 1] + sim[i - 1][k - 1], D[i][k - 1])
    pairs = []
    i, k = K, M
    while i > 0 and k > 0:
        if D[i][k] == D[i - 1][k - 1] + sim[i - 1][k - 1]:
            pairs.append((i - 1, k - 1))
            i, k = i - 1, k - 1
        else:
            k -= 1
    return pairs[::-1]


@dataclass(frozen=True)
class Score:
    errors_s: tuple[float, ...]  # per matched chapter, seconds
    pairs: tuple[tuple[int, int], ...]

    @property
    def n(self) -> int:
        return len(self.errors_s)

    def within(self, seconds: float) -> float:
        """Share (0..1) of matched chapters within ``seconds`` of the reference start."""
        if not self.errors_s:
            return 0.0
        return sum(e <= seconds for e in self.errors_s) / len(self.errors_s)

    @property
    def median_s(self) -> float:
        return median(self.errors_s) if self.errors_s else float("nan")

    def summary_line(self) -> str:
        parts = [f"{self.within(t) * 100:5.1f}% within {t} s" for t in THRESHOLDS_S]
        return f"{self.n} chapters: " + ", ".join(parts) + f"; median error {self.median_s:.1f} s"


def score(chapters: ChapterList, reference: list[tuple[int, str]]) -> Score:
    """``reference``: (start ms, title) pairs in order."""
    pairs = match_in_order([c.title for c in chapters], [t for _, t in reference])
    errors = tuple(abs(chapters[i].start - reference[k][0]) / 1000 for i, k in pairs)
    return Score(errors, tuple(pairs))
