"""The NumPy all-MiniLM-L6-v2 encoder against sentence-transformers' own output (data/minilm_reference.json,
made by data/make_minilm_reference.py with PyTorch), and its failure when the model is missing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from memory.embeddings import INSTALL_HINT, EmbeddingModelMissing, model_dir, sentence_encoder

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())


@pytest.fixture(scope="module")
def encoder():
    return sentence_encoder()


def test_matches_sentence_transformers(encoder) -> None:
    vectors = encoder.encode(REFERENCE["texts"])
    expected = np.array(REFERENCE["vectors"], dtype=np.float32)
    assert vectors.shape == (len(REFERENCE["texts"]), 384)
    assert np.abs(vectors - expected).max() < 1e-4
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_text_encodes_alike_alone_and_in_a_padded_batch(encoder) -> None:
    # The long text forces padding on the short ones: padding must not leak into their vectors.
    alone = encoder.encode([REFERENCE["texts"][0]])[0]
    batched = encoder.encode(REFERENCE["texts"])[0]
    assert np.abs(alone - batched).max() < 1e-5


def test_similar_meanings_are_closer_than_unrelated_ones(encoder) -> None:
    remote, hybrid, pay = encoder.encode(["I prefer to work remotely", "I'd rather work from home",
                                          "the base salary is 120,000 dollars"])
    assert remote @ hybrid > 0.6 > remote @ pay


def test_empty_input_gives_no_vectors(encoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


def test_a_missing_model_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelMissing) as error:
        model_dir(tmp_path)
    assert INSTALL_HINT in str(error.value) and str(tmp_path) in str(error.value)
