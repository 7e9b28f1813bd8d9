"""The engine on tiny hand-made arrays: global, monotone, minimum length, confidence."""
import numpy as np
import pytest

from clipper.align.engine import align, confidence


def blocks(K, N, spans):
    E = np.full((K, N), -1.0)
    for j, (a, b) in enumerate(spans):
        E[j, a:b] = 1.0
    return E


def test_follows_the_evidence():
    E = blocks(3, 9, [(0, 3), (3, 6), (6, 9)])
    a = align(E, np.zeros((3, 9)), np.arange(9) * 20_000, 180_000, 10_000)
    assert a.starts.tolist() == [0, 3, 6]
    assert a.marginals.max(axis=1).tolist() == pytest.approx([a.score] * 3)


def test_global_not_greedy():
    # Section 1's evidence is strongest early, but placing it there would leave no room for
    # section 2's evidence; the global optimum keeps the order of all sections.
    E = np.zeros((3, 6))
    E[1, 1] = 5
    E[2, 2:] = 1
    E[1, 4] = 0.5
    a = align(E, np.zeros((3, 6)), np.arange(6) * 20_000, 120_000, 10_000)
    assert a.starts.tolist() == [0, 1, 2]


def test_boundary_prior_breaks_ties():
    E = np.zeros((2, 6))
    B = np.zeros((2, 6))
    B[1, 4] = 3.0  # a host turn, say
    a = align(E, B, np.arange(6) * 20_000, 120_000, 10_000)
    assert a.starts.tolist() == [0, 4]


def test_minimum_chapter_length_is_kept():
    E = blocks(3, 10, [(0, 1), (1, 2), (2, 10)])  # evidence wants 1 s chapters
    times = np.arange(10) * 5_000
    a = align(E, np.zeros((3, 10)), times, 50_000, 10_000)
    starts = times[a.starts]
    assert np.all(np.diff(starts) >= 10_000)
    assert 50_000 - starts[-1] >= 10_000


def test_too_short_for_the_sections():
    with pytest.raises(ValueError, match="too short"):
        align(np.zeros((5, 4)), np.zeros((5, 4)), np.arange(4) * 5_000, 20_000, 10_000)


def test_repeated_sections_are_distinct():
    # Two sections with identical evidence profiles ("Post-training" twice) take two places.
    E = np.full((3, 8), -1.0)
    E[0, :2] = 1
    E[1, 2:5] = 1
    E[1, 6:] = 1
    E[2, 2:5] = 1
    E[2, 6:] = 1
    a = align(E, np.zeros((3, 8)), np.arange(8) * 20_000, 160_000, 10_000)
    assert a.starts[1] < a.starts[2]


def test_confidence_is_high_for_a_clear_boundary_and_low_for_a_flat_one():
    E = blocks(2, 10, [(0, 5), (5, 10)]) * 5
    times = np.arange(10) * 20_000
    clear = align(E, np.zeros((2, 10)), times, 200_000, 10_000)
    flat = align(np.zeros((2, 10)), np.zeros((2, 10)), times, 200_000, 10_000)
    c_clear = confidence(clear.marginals, times, clear.starts, scale=2.0, window_ms=10_000)
    c_flat = confidence(flat.marginals, times, flat.starts, scale=2.0, window_ms=10_000)
    assert c_clear[1] > 0.9 and c_flat[1] < 0.3
