"""Our MiniLM forward passes against vectors made by sentence-transformers itself
(tests/data/minilm_reference.json, same model files)."""

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.embed import _bundled

REF = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.mark.parametrize("bulk,precision", [(False, None), (True, "float32"), (True, "bfloat16")], ids=["numpy", "torch", "torch-bfloat16"])
def test_matches_sentence_transformers(bulk, precision, monkeypatch):
    if bulk:
        pytest.importorskip("torch")
    model = _bundled()
    monkeypatch.setattr(model, "bulk_precision", precision or model.bulk_precision)
    monkeypatch.setattr(model, "_tw", {})
    got = model.embed(REF["texts"], batch=8, bulk=bulk)
    want = np.asarray(REF["vectors"], dtype=np.float32)
    assert got.shape == want.shape == (len(REF["texts"]), 384)
    cos = (got * want).sum(1)
    if precision == "bfloat16":  # 8 bits of mantissa: close, not equal
        assert cos.min() > 0.999, cos
        return
    assert cos.min() > 0.9999, cos
    assert np.abs(got - want).max() < 1e-4


def test_similar_texts_are_closer():
    a, b, c = _bundled().embed(["Putin spoke to FSB chiefs.", "The Russian president addressed the security service.", "The recipe needs two eggs."])
    assert a @ b > a @ c + 0.2


def test_questions_use_torch_once_it_is_loaded_with_the_same_vectors(monkeypatch):
    pytest.importorskip("torch")
    model = _bundled()
    monkeypatch.setattr(model, "_tw", {})
    texts = REF["texts"][:4]
    cold = model.embed(texts)  # numpy: a cold `ask` does not import torch
    assert not model._tw
    model.warm()  # the chat server, eval, the benchmarks
    assert "float32" in model._tw
    calls = []
    monkeypatch.setattr(model, "_forward", lambda ids: calls.append(ids))
    warm = model.embed(texts)
    assert not calls  # torch's kernels, not numpy's
    assert (cold * warm).sum(1).min() > 0.99999 and np.abs(cold - warm).max() < 1e-5
