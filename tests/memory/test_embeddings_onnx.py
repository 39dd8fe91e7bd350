"""The int8 onnxruntime all-MiniLM-L6-v2 against sentence-transformers' output (within int8 rounding), its model
file built once then read from the cache, batches on parallel workers; the int8 nearest rows against NumPy's."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from memory.embeddings import MODEL_NAME, SentenceEncoder
from memory.embeddings_onnx import NearestRows, int8_model, int8_sentence_encoder

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def encoder(cache: Path) -> SentenceEncoder:
    return int8_sentence_encoder(None, cache)


def test_close_to_sentence_transformers(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == expected.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * expected).sum(1).min() > 0.98  # int8 weights: near, not equal
    assert encoder.name != MODEL_NAME  # so that caches never mix its vectors with the exact ones


def test_the_model_is_built_once_then_read_from_the_cache(encoder: SentenceEncoder, cache: Path) -> None:
    [built] = list(cache.glob("*.onnx"))  # no partial file left behind
    stamp = built.stat().st_mtime_ns
    assert int8_model(None, cache) == built and built.stat().st_mtime_ns == stamp


def test_batches_on_workers_give_the_vectors_of_one_thread(encoder: SentenceEncoder) -> None:
    texts = REFERENCE["texts"] * 3
    one = SentenceEncoder(encoder.transformer, batch_size=2, name=encoder.name)
    two = SentenceEncoder(encoder.transformer, batch_size=2, name=encoder.name, workers=2)
    assert np.array_equal(one.encode(texts), two.encode(texts))


def test_nearest_rows_are_the_float_products_best_first() -> None:
    rng = np.random.default_rng(7)
    rows = rng.normal(size=(500, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    queries = rows[[3, 141, 402]] + 0.02 * rng.normal(size=(3, 384)).astype(np.float32)
    values, indices = NearestRows(rows, 3)(queries)
    exact = queries @ rows.T
    assert indices.shape == values.shape == (3, 3)
    assert indices[:, 0].tolist() == [3, 141, 402]
    assert np.abs(values - np.take_along_axis(exact, indices, axis=1)).max() < 0.01
    assert (np.diff(values, axis=1) <= 0).all()
