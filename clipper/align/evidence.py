"""Evidence matrices for the engine: emission (does unit u talk about section j?) and boundary
(is unit u a place where section j would start?). Pure functions of units and sections.

The weights were tuned on one real episode (bench/chapters.py) and checked for robustness on
hand-made ones; each is a plain, explainable signal, not a fit to that episode's quirks.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..model import Section
from . import text as tx
from .units import Unit, host_speaker


@dataclass(frozen=True)
class Weights:
    heading: float = 3.0  # heading terms count this many times a body term
    names: float = 2.0  # proper names and acronyms count this many times
    emission_scale: float = 0.1  # content evidence per unit of median length
    host_turn: float = 4.0  # the host takes the floor: how interviews change topic
    turn: float = 0.5  # any other speaker turn
    question: float = 2.0  # the host asks a question
    pause: float = 0.5  # a pause of at least pause_ms before the unit
    pause_ms: int = 700
    heading_hit: float = 12.0  # the unit names the heading's terms (idf-weighted share)
    next_hit: float = 0.5  # a heading term in the next unit counts this much
    repeat_discount: float = 0.25  # a heading hit loses this much if the heading was just named
    repeat_ms: int = 60_000
    joins: float = 6.0  # the heading names a speaker who first speaks right after this unit
    semantic_emission: float = 0.05  # with --semantic: embedding similarity, like emission_scale
    semantic_heading: float = 0.0  # with --semantic: unit ~ heading alone (measured: no gain)


@dataclass(frozen=True)
class Evidence:
    emission: np.ndarray  # (K, N)
    boundary: np.ndarray  # (K, N)
    similarity: np.ndarray  # (K, N) cosine similarity of each unit to each section
    heading_found: np.ndarray  # (K,) share of the heading's terms that occur in the transcript


def build(units: list[Unit], sections: list[Section], w: Weights = Weights()) -> Evidence:
    heads = [tx.terms(s.heading) for s in sections]
    bodies = [tx.terms(s.body) for s in sections]
    unit_terms = [tx.terms(u.text) for u in units]
    near = tx.fuzzy_map({t for ts in unit_terms for t in ts}, tx.build_vocabulary(heads + bodies, []))
    if near:
        unit_terms = [[near.get(t, t) for t in ts] for ts in unit_terms]
    vocab = tx.build_vocabulary(heads + bodies, unit_terms)
    counts = tx.count_matrix(unit_terms, vocab)
    dur = np.array([max(u.end - u.start, 1) for u in units], dtype=np.float64)
    weight = dur / np.median(dur)  # a chapter is judged by how it spends its minutes

    sim = _similarity(_queries(sections, heads, bodies, vocab, w), counts, vocab)
    # Emission: how much more unit u resembles section j than the other sections.
    z = (sim - sim.mean(axis=0, keepdims=True)) / (sim.std(axis=0, keepdims=True) + 1e-9)
    emission = w.emission_scale * z * weight[None, :]

    boundary = _turn_prior(units, w)[None, :] + w.heading_hit * _heading_hits(units, heads, counts, vocab, w)
    boundary = boundary + _joins(units, sections, w)
    boundary[:, ~np.array([u.sentence_start for u in units])] = -1e9  # never mid-sentence

    found = np.array([
        sum(1 for t in set(h) if t in vocab.index and vocab.idf[vocab.index[t]] > 0) / len(set(h)) if h else 0.0
        for h in heads
    ])
    return Evidence(emission=emission, boundary=boundary, similarity=sim, heading_found=found)


def _queries(sections, heads, bodies, vocab: tx.Vocabulary, w: Weights) -> np.ndarray:
    """Unit-length section vectors: sublinear tf x idf, heading terms and names weighted up."""
    q = np.zeros((len(sections), len(vocab)))
    for j, sec in enumerate(sections):
        vec = tx.sublinear(tx.count_matrix([bodies[j]], vocab)[0])
        vec += w.heading * (tx.count_matrix([heads[j]], vocab)[0] > 0)
        for t in tx.proper_terms(sec.heading + ". " + sec.body):
            i = vocab.index.get(t)
            if i is not None:
                vec[i] *= w.names
        q[j] = vec * vocab.idf
    n = np.linalg.norm(q, axis=1, keepdims=True)
    return np.divide(q, n, out=np.zeros_like(q), where=n > 0)


def _similarity(q: np.ndarray, counts: np.ndarray, vocab: tx.Vocabulary) -> np.ndarray:
    X = tx.sublinear(counts) * vocab.idf
    n = np.linalg.norm(X, axis=1, keepdims=True)
    X = np.divide(X, n, out=np.zeros_like(X), where=n > 0)
    return q @ X.T


def _turn_prior(units: list[Unit], w: Weights) -> np.ndarray:
    """Where interviews change topic: the host takes the floor, asks, after a pause.

    When nobody is named (captions that mark turns with "- " or ">>"), whoever takes the floor with a
    question is taken for the host.
    """
    host = host_speaker(units)
    turn = np.array([u.turn for u in units])
    question = np.array(["?" in u.text for u in units])
    if host is not None:
        is_host = np.array([u.speaker == host for u in units])
    else:
        is_host = turn & question
    pause = np.array([u.pause_ms >= w.pause_ms for u in units])
    return w.host_turn * (turn & is_host) + w.turn * (turn & ~is_host) + w.question * (question & is_host) + w.pause * pause


def _heading_hits(units, heads, counts, vocab: tx.Vocabulary, w: Weights) -> np.ndarray:
    """(K, N): idf-weighted share of the heading's terms said in unit u (or, less, in the next).

    The opening of a topic is its first mention: a hit right after another one counts less.
    """
    K, N = len(heads), len(units)
    # a term in many headings ("Section 12: ...", "Part 3 - ...") tells no section from another: within a heading
    # its weight falls with the share of headings that hold it, as idf falls with the share of units
    holding = Counter(t for h in heads for t in set(h))
    distinct = {t: np.log((K + 1) / (k + 0.5)) / np.log((K + 1) / 1.5) for t, k in holding.items() if k > 1}
    said = (counts > 0).astype(np.float64)
    said_or_next = said.copy()
    said_or_next[:-1] = np.maximum(said[:-1], w.next_hit * said[1:])
    hit = np.zeros((K, N))
    own = np.zeros((K, N))
    for j, h in enumerate(heads):
        terms = [t for t in set(h) if t in vocab.index]
        idx = [vocab.index[t] for t in terms]
        wts = vocab.idf[idx] * np.array([distinct.get(t, 1.0) for t in terms])
        if not idx or wts.sum() <= 0:
            continue
        hit[j] = (said_or_next[:, idx] @ wts) / wts.sum()
        own[j] = (said[:, idx] @ wts) / wts.sum()
    if w.repeat_discount > 0:
        starts = np.array([u.start for u in units])
        lo = np.searchsorted(starts, starts - w.repeat_ms, side="left")
        recent = np.zeros((K, N))
        for u in range(1, N):
            if lo[u] < u:
                recent[:, u] = own[:, lo[u]:u].max(axis=1)
        hit *= 1.0 - w.repeat_discount * recent
    return hit


def _joins(units: list[Unit], sections: list[Section], w: Weights) -> np.ndarray:
    """A heading that names a speaker ("Amanda Askell - Philosophy") starts at the last turns
    before that speaker's first words."""
    out = np.zeros((len(sections), len(units)))
    first_seen: dict[str, int] = {}
    for i, u in enumerate(units):
        if u.speaker and u.speaker not in first_seen:
            first_seen[u.speaker] = i
    for j, sec in enumerate(sections):
        said = {x.casefold() for x in tx.words(sec.heading)}
        for spk, f in first_seen.items():
            if f == 0 or not ({x.casefold() for x in tx.words(spk)} & said):
                continue
            for i in range(max(0, f - 3), f + 1):
                if units[i].turn or i == f:
                    out[j, i] += w.joins * (1.0 if i < f else 0.5)
    return out
