"""The alignment core: a pure function of arrays.

Given, for K sections and N candidate units (in time order),
- ``emission[j, u]``: how well unit ``u`` fits section ``j`` (log-odds style, any real),
- ``boundary[j, u]``: how good a place unit ``u`` is for section ``j`` to *start*,
- ``times[u]``: unit start times in ms, ``end``: the end of the last unit,
find the start units ``s_0 = 0 < s_1 < ... < s_{K-1}`` maximising

    sum_j boundary[j, s_j] + sum_j sum_{u in [s_j, s_{j+1})} emission[j, u]

subject to every chapter lasting at least ``min_ms``. A segmental dynamic programme over all
sections at once (monotone, global; never greedy per heading), O(K * N) with prefix maxima.

Max-marginals from a forward and a backward pass give, for each section, the score of the best
alignment that starts it at each unit; their spread around the chosen unit is the confidence.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEG = -1e18


@dataclass(frozen=True)
class Alignment:
    starts: np.ndarray  # (K,) unit index where each section starts
    score: float
    marginals: np.ndarray  # (K, N) best total score with section j starting at unit u


def _limits(times: np.ndarray, min_ms: int) -> np.ndarray:
    """lim[u] = last unit v with times[v] <= times[u] - min_ms (-1 if none)."""
    return np.searchsorted(times, times - min_ms, side="right") - 1


def _prefix_argmax(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    best = np.maximum.accumulate(a)
    idx = np.arange(len(a))
    arg = np.where(a == best, idx, 0)
    arg = np.maximum.accumulate(arg)
    return best, arg


def align(
    emission: np.ndarray,
    boundary: np.ndarray,
    times: np.ndarray,
    end: int,
    min_ms: int = 10_000,
) -> Alignment:
    emission = np.asarray(emission, dtype=np.float64)
    boundary = np.asarray(boundary, dtype=np.float64)
    times = np.asarray(times, dtype=np.int64)
    K, N = emission.shape
    if K == 0:
        raise ValueError("no sections")
    if N == 0:
        raise ValueError("no units")
    if boundary.shape != (K, N) or times.shape != (N,):
        raise ValueError("emission, boundary and times do not agree in shape")
    if np.any(np.diff(times) < 0):
        raise ValueError("unit times must be non-decreasing")
    # P[j, u] = sum of emission[j, :u]
    P = np.zeros((K, N + 1))
    np.cumsum(emission, axis=1, out=P[:, 1:])
    lim = _limits(times, min_ms)
    tail_ok = (end - times) >= min_ms  # a unit may start the last chapter only if it leaves min_ms

    # Forward: F[j, u] = best score of sections 0..j-1 complete and section j starting at u
    # (including boundary[j, u], excluding section j's own emission).
    F = np.full((K, N), NEG)
    back = np.zeros((K, N), dtype=np.int64)
    F[0, 0] = boundary[0, 0]
    for j in range(1, K):
        a = F[j - 1] - P[j - 1, :N]
        best, arg = _prefix_argmax(a)
        ok = lim >= 0
        cand = np.full(N, NEG)
        cand[ok] = best[lim[ok]] + P[j - 1, np.arange(N)[ok]]
        F[j] = np.where(cand > NEG / 2, cand + boundary[j], NEG)
        back[j, ok] = arg[lim[ok]]
    final = np.where(tail_ok, F[K - 1] + (P[K - 1, N] - P[K - 1, :N]), NEG)
    last = int(np.argmax(final))
    score = float(final[last])
    if score <= NEG / 2:
        raise ValueError("the transcript is too short for this many chapters of the minimum length")
    starts = np.zeros(K, dtype=np.int64)
    starts[K - 1] = last
    for j in range(K - 1, 0, -1):
        starts[j - 1] = back[j, starts[j]]

    # Backward: G[j, u] = best score of section j's emission from u onwards plus all later sections,
    # given section j starts at u.
    G = np.full((K, N), NEG)
    G[K - 1] = np.where(tail_ok, P[K - 1, N] - P[K - 1, :N], NEG)
    # next unit w may follow u if times[w] - times[u] >= min_ms: first such w is nxt[u]
    nxt = np.searchsorted(times, times + min_ms, side="left")
    for j in range(K - 2, -1, -1):
        # value of starting section j+1 at w, including its boundary, plus P[j, w] (emission of j up to w)
        b = G[j + 1] + boundary[j + 1] + P[j, :N]
        # suffix max over w >= nxt[u]
        suf = np.maximum.accumulate(b[::-1])[::-1]
        ok = nxt < N
        vals = np.full(N, NEG)
        vals[ok] = suf[nxt[ok]] - P[j, np.arange(N)[ok]]
        G[j] = np.where(vals > NEG / 2, vals, NEG)
    marginals = np.where((F > NEG / 2) & (G > NEG / 2), F + G, NEG)
    return Alignment(starts=starts, score=score, marginals=marginals)


def confidence(marginals: np.ndarray, times: np.ndarray, starts: np.ndarray, *, scale: float, window_ms: int) -> np.ndarray:
    """Share of the (softmax) max-marginal mass within ``window_ms`` of each chosen start."""
    K, N = marginals.shape
    out = np.zeros(K)
    for j in range(K):
        m = marginals[j]
        ok = m > NEG / 2
        if not ok.any():
            continue
        z = np.where(ok, (m - m[ok].max()) / scale, -np.inf)
        p = np.exp(z)
        p /= p.sum()
        near = np.abs(times - times[starts[j]]) <= window_ms
        out[j] = float(p[near].sum())
    return out
