"""Evidence matrices for the engine: emission (does unit u talk about section j?) and boundary
(is unit u a place where section j would start?). Pure functions of units and sections.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..model import Section
from . import text as tx
from .units import Unit, host_speaker


@dataclass(frozen=True)
class Weights:
    heading: float = 3.0  # heading terms count this many times a body term
    names: float = 2.0  # proper names and acronyms count this many times
    smooth_ms: int = 0  # Gaussian window over which unit evidence is pooled
    host_turn: float = 4.0  # the host takes the floor: how interviews change topic
    turn: float = 0.5  # any other speaker turn
    question: float = 2.0  # the host asks a question
    heading_hit: float = 12.0  # the unit names the heading's terms
    next_hit: float = 0.5  # a heading term in the next unit counts this much
    repeat_discount: float = 0.25  # how much a heading hit loses when the heading was just named
    repeat_ms: int = 60_000
    heading_emission: float = 0.0  # naming the heading's terms is evidence of being in the chapter
    pause: float = 0.5  # a pause of at least pause_ms before the unit
    pause_ms: int = 700
    joins: float = 6.0  # the heading names a speaker who first speaks right after this unit
    emission_scale: float = 0.1
    semantic_emission: float = 0.05  # with --semantic: embedding similarity, like emission_scale
    semantic_heading: float = 0.0  # with --semantic: the unit says what the heading says (off: it did not help)


@dataclass(frozen=True)
class Evidence:
    emission: np.ndarray  # (K, N)
    boundary: np.ndarray  # (K, N)
    similarity: np.ndarray  # (K, N) raw smoothed similarity, for reports
    heading_found: np.ndarray  # (K,) share of the heading's terms that occur in the transcript


def _section_terms(sec: Section, w: Weights) -> tuple[list[str], list[str]]:
    head = tx.terms(sec.heading)
    body = tx.terms(sec.body)
    return head, body


def build(units: list[Unit], sections: list[Section], w: Weights = Weights()) -> Evidence:
    K, N = len(sections), len(units)
    unit_terms = [tx.terms(u.text) for u in units]
    heads, bodies = zip(*(_section_terms(s, w) for s in sections)) if sections else ((), ())
    vocab = tx.build_vocabulary([*heads, *bodies], [])
    near = tx.fuzzy_map({t for ts in unit_terms for t in ts}, vocab)
    if near:
        unit_terms = [[near.get(t, t) for t in ts] for ts in unit_terms]
    vocab = tx.build_vocabulary([*heads, *bodies], unit_terms)
    V = len(vocab)
    idf = vocab.idf

    # Section query vectors: heading weighted up, names weighted up, sublinear tf x idf.
    q = np.zeros((K, V))
    for j, sec in enumerate(sections):
        hc = tx.count_matrix([heads[j]], vocab)[0]
        bc = tx.count_matrix([bodies[j]], vocab)[0]
        vec = tx.sublinear(bc) + w.heading * (hc > 0)
        names = tx.proper_terms(sec.heading + ". " + sec.body)
        for t in names:
            i = vocab.index.get(t)
            if i is not None:
                vec[i] *= w.names
        q[j] = vec * idf
    qn = np.linalg.norm(q, axis=1, keepdims=True)
    q = np.divide(q, qn, out=np.zeros_like(q), where=qn > 0)

    # Unit vectors, pooled over a Gaussian window in time.
    X = tx.sublinear(tx.count_matrix(unit_terms, vocab)) * idf
    starts = np.array([u.start for u in units], dtype=np.float64)
    mids = np.array([(u.start + u.end) / 2 for u in units], dtype=np.float64)
    dur = np.array([max(u.end - u.start, 1) for u in units], dtype=np.float64)
    if w.smooth_ms > 0:
        d = (mids[None, :] - mids[:, None]) / w.smooth_ms
        G = np.exp(-0.5 * d * d)
        G[np.abs(d) > 3] = 0.0
        Xs = G @ X
    else:
        Xs = X
    xn = np.linalg.norm(Xs, axis=1, keepdims=True)
    Xs = np.divide(Xs, xn, out=np.zeros_like(Xs), where=xn > 0)
    sim = q @ Xs.T  # (K, N)

    # Emission: how much more unit u resembles section j than the other sections, per unit,
    # weighted by the unit's share of time (a chapter is judged by how it spends its minutes).
    mu = sim.mean(axis=0, keepdims=True)
    sd = sim.std(axis=0, keepdims=True) + 1e-9
    z = (sim - mu) / sd
    emission = w.emission_scale * z * (dur / np.median(dur))[None, :]

    # Boundary prior.
    host = host_speaker(units)
    B = np.zeros((K, N))
    turn = np.array([u.turn for u in units])
    is_host = np.array([host is not None and u.speaker == host for u in units])
    question = np.array(["?" in u.text for u in units])
    pause = np.array([u.pause_ms >= w.pause_ms for u in units])
    prior = (
        w.host_turn * (turn & is_host)
        + w.turn * (turn & ~is_host)
        + w.question * (question & is_host)
        + w.pause * pause
    )
    B += prior[None, :]
    # Heading terms said in this unit or the next (the opening question names the topic).
    hit = np.zeros((K, N))
    own = np.zeros((K, N))
    U = (tx.count_matrix(unit_terms, vocab) > 0).astype(np.float64)
    U2 = U.copy()
    U2[:-1] = np.maximum(U[:-1], w.next_hit * U[1:])
    for j in range(K):
        hi = [vocab.index[t] for t in set(heads[j]) if t in vocab.index]
        if not hi:
            continue
        wts = idf[hi]
        if wts.sum() <= 0:
            continue
        hit[j] = (U2[:, hi] @ wts) / wts.sum()
        own[j] = (U[:, hi] @ wts) / wts.sum()
    # The opening of a topic is its first mention: a mention right after another one is less
    # likely to be where the chapter starts.
    if w.repeat_discount > 0:
        lo = np.searchsorted(starts, starts - w.repeat_ms, side="left")
        recent = np.zeros((K, N))
        for u in range(1, N):
            if lo[u] < u:
                recent[:, u] = own[:, lo[u]:u].max(axis=1)
        hit = hit * (1.0 - w.repeat_discount * recent)
    B += w.heading_hit * hit
    # A unit that names a heading belongs to that heading's chapter: the chapter starts no later.
    emission = emission + w.heading_emission * own
    # A heading that names a speaker ("Amanda Askell - Philosophy"): the chapter starts at the
    # last turn before that speaker's first words.
    first_seen: dict[str, int] = {}
    for i, u in enumerate(units):
        if u.speaker and u.speaker not in first_seen:
            first_seen[u.speaker] = i
    for j, sec in enumerate(sections):
        hw = {x.lower() for x in tx.words(sec.heading)}
        for spk, f in first_seen.items():
            if f == 0 or not ({x.lower() for x in tx.words(spk)} & hw):
                continue
            for i in range(max(0, f - 3), f + 1):
                if units[i].turn or i == f:
                    B[j, i] += w.joins * (1.0 if i < f else 0.5)
    B[:, ~np.array([u.sentence_start for u in units])] = -1e9
    found = np.zeros(K)
    for j in range(K):
        ts = set(heads[j])
        if ts:
            found[j] = sum(1 for t in ts if t in vocab.index and idf[vocab.index[t]] > 0) / len(ts)
    return Evidence(emission=emission, boundary=B, similarity=sim, heading_found=found)
