"""all-MiniLM-L6-v2 in onnxruntime with int8 weights: the model of `embeddings.py`, for callers that embed many
sentences at once and can take vectors within ~0.99 cosine of the exact ones (semantic skill matching: the same
ESCO evaluation figures). The 71 sentences of a 1,000-word resume take ~65 ms on 2 cores, against ~560 ms in
NumPy. Career memory keeps the exact NumPy encoder. Activations are quantized per batch, so a sentence's vector
moves a little (cosine ~0.99) with the sentences it is batched with.

The ONNX graph is built from the NumPy `Transformer`'s weights with the `onnx` package's helper API (no PyTorch):
embeddings and their layer norm, then per layer onnxruntime's fused `Attention`, the output projection, residual
and `LayerNormalization`, the feed-forward with `BiasGelu`; mean pooling and normalisation stay in
`SentenceEncoder`. onnxruntime's `quantize_dynamic` then stores the matrices as int8 (a scale per output column)
and quantizes activations on the fly. Built once (~3 s) and cached in `COACH_MODEL_CACHE`; later processes load the
cached file (~0.2 s) and need only onnxruntime (importing onnx alone takes ~1 s)."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from memory.embeddings import (DIMENSIONS, MODEL_NAME, SentenceEncoder, Transformer, load_tokenizer, model_dir,
                               sentence_encoder)

log = logging.getLogger(__name__)

NAME = f"{MODEL_NAME}-int8"
GRAPH_VERSION = 1  # bump when the graph or its quantization changes: the cached file is rebuilt
WORKERS = min(4, os.cpu_count() or 1)  # batches encoded at once, one onnxruntime thread each


class OnnxTransformer:
    """The int8 model in an onnxruntime session, with `Transformer`'s interface: token ids → token vectors."""

    def __init__(self, model: Path, tokenizer):
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread a run, and batches side by side on the encoder's workers (`WORKERS`): 2x on 2 cores, where a
        # run split over onnxruntime's own threads gained 1.3x.
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        # The fused SkipLayerNormalization ran 5x slower than Add + LayerNormalization in onnxruntime 1.32 on CPU
        # (a quarter of the whole run), so that one fusion is off.
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"],
                                            disabled_optimizers=["SkipLayerNormFusion"])
        self.tokenizer = tokenizer

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"ids": ids, "mask": mask})[0]


class NearestRows:
    """For each query vector, the k rows of a fixed matrix with the largest dot products (cosines, for unit
    vectors), best first: in onnxruntime on the calling thread, the matrix in int8 (a scale per row) and the
    queries quantized on the fly, which moves a cosine by about 0.002. 80 sentences against 14,000 skill labels
    take ~4 ms (the product ~1.3 ms), against ~7 ms for NumPy's float32 product alone, whose BLAS threads also
    spin for a while afterwards and took a core from the encoder's next batches on 2 cores (a resume's matching
    went from ~85 to ~115 ms). With `cache_dir`, the model is kept there under the matrix's digest, so that later
    processes load it without importing onnx (~1 s)."""

    def __init__(self, rows: np.ndarray, k: int, cache_dir: Path | None = None):
        import onnxruntime as ort

        rows = np.ascontiguousarray(rows, dtype=np.float32)
        digest = hashlib.blake2b(rows.tobytes(), digest_size=8).hexdigest()
        cache = cache_dir / f"nearest-rows-{digest}-k{k}.onnx" if cache_dir else None
        if cache is not None and cache.is_file():
            model = cache.read_bytes()
        else:
            model = _nearest_rows_model(rows, min(k, len(rows)))
            if cache is not None:
                _write_whole(cache, model)
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def __call__(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values, row indices), each (len(vectors), k)."""
        values, indices = self.session.run(None, {"vectors": np.ascontiguousarray(vectors, dtype=np.float32)})
        return values, indices


def _nearest_rows_model(rows: np.ndarray, k: int) -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    scale = np.maximum(np.abs(rows).max(axis=1), 1e-12) / 127
    weights = [numpy_helper.from_array(np.ascontiguousarray(np.round(rows / scale[:, None]).astype(np.int8).T), "rows"),
               numpy_helper.from_array(scale.astype(np.float32), "scale"),
               numpy_helper.from_array(np.array([k], dtype=np.int64), "k")]
    nodes = [helper.make_node("DynamicQuantizeMatMul", ["vectors", "rows", "scale"], ["products"],
                              domain="com.microsoft"),
             helper.make_node("TopK", ["products", "k"], ["values", "indices"], axis=-1)]
    graph = helper.make_graph(
        nodes, "nearest_rows", [helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["n", rows.shape[1]])],
        [helper.make_tensor_value_info("values", TensorProto.FLOAT, ["n", k]),
         helper.make_tensor_value_info("indices", TensorProto.INT64, ["n", k])], weights)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                   helper.make_opsetid("com.microsoft", 1)]).SerializeToString()


def _partial(path: Path) -> Path:
    """Where this process writes `path` before renaming it, so that no reader sees half a file."""
    return path.with_name(f"{path.stem}.{os.getpid()}.partial{path.suffix}")


def _write_whole(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(path)
    partial.write_bytes(data)
    partial.replace(path)


def build_graph(transformer: Transformer):
    """The fp32 ONNX model of `transformer` (inputs ids and mask, int64 (batch, length); output (batch, length, 384))."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights: list = []
    nodes = [helper.make_node("Gather", ["word", "ids"], ["token"]),
             helper.make_node("Shape", ["ids"], ["shape"]),
             helper.make_node("Gather", ["shape", "one"], ["length"]),
             helper.make_node("Slice", ["position", "zero", "length", "zero"], ["positions"]),
             helper.make_node("Add", ["token", "positions"], ["embedded"]),
             helper.make_node("LayerNormalization", ["embedded", "embed_norm_w", "embed_norm_b"], ["x"],
                              epsilon=transformer.eps),
             helper.make_node("Cast", ["mask"], ["mask32"], to=TensorProto.INT32)]

    def add(name: str, value: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    add("word", transformer.word)
    add("position", transformer.position + transformer.token_type[0])  # one token type: its vector is a constant
    add("embed_norm_w", transformer.embed_norm[0])
    add("embed_norm_b", transformer.embed_norm[1])
    add("one", np.array([1], dtype=np.int64))
    add("zero", np.array([0], dtype=np.int64))
    x = "x"
    for i, block in enumerate(transformer.blocks):
        qkv, qkv_b, out, out_b, n1w, n1b, up, up_b, down, down_b, n2w, n2b = (
            add(f"w{i}.{n}", w) for n, w in zip(("qkv", "qkv_b", "out", "out_b", "n1w", "n1b", "up", "up_b", "down",
                                               "down_b", "n2w", "n2b"), block))
        p = f"{i}."
        nodes += [
            helper.make_node("Attention", [x, qkv, qkv_b, "mask32"], [p + "context"], domain="com.microsoft",
                             num_heads=transformer.heads),
            helper.make_node("MatMul", [p + "context", out], [p + "projected"]),
            helper.make_node("Add", [p + "projected", out_b], [p + "attended"]),
            helper.make_node("Add", [p + "attended", x], [p + "residual1"]),
            helper.make_node("LayerNormalization", [p + "residual1", n1w, n1b], [p + "x1"], epsilon=transformer.eps),
            helper.make_node("MatMul", [p + "x1", up], [p + "up"]),
            helper.make_node("BiasGelu", [p + "up", up_b], [p + "gelu"], domain="com.microsoft"),
            helper.make_node("MatMul", [p + "gelu", down], [p + "down"]),
            helper.make_node("Add", [p + "down", down_b], [p + "fed"]),
            helper.make_node("Add", [p + "fed", p + "x1"], [p + "residual2"]),
            helper.make_node("LayerNormalization", [p + "residual2", n2w, n2b], [p + "x2"], epsilon=transformer.eps)]
        x = p + "x2"
    nodes.append(helper.make_node("Identity", [x], ["tokens"]))
    graph = helper.make_graph(
        nodes, MODEL_NAME,
        [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"]) for name in ("ids", "mask")],
        [helper.make_tensor_value_info("tokens", TensorProto.FLOAT, ["batch", "length", DIMENSIONS])], weights)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    onnx.checker.check_model(model)
    return model


def int8_model(configured: Path | None, cache_dir: Path) -> Path:
    """The cached int8 model file, built from the model's weights and quantized first when missing (written whole)."""
    cache = cache_dir / f"{NAME}-v{GRAPH_VERSION}.onnx"
    if cache.is_file():
        return cache
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    log.info("building the int8 ONNX model of %s (once, a few seconds; cached in %s)", MODEL_NAME, cache_dir)
    graph = build_graph(sentence_encoder(configured).transformer)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = _partial(cache)
    quiet = _FromOnnxruntime()  # the quantizer logs on the root logger, a line per tensor at INFO
    logging.getLogger().addFilter(quiet)
    try:
        quantize_dynamic(graph, partial, op_types_to_quantize=["MatMul", "Attention"], per_channel=True,
                         weight_type=QuantType.QInt8,
                         # the contrib ops' outputs have no inferred type; they are all float
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
    finally:
        logging.getLogger().removeFilter(quiet)
    partial.replace(cache)
    return cache


class _FromOnnxruntime(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return f"onnxruntime{os.sep}quantization" not in record.pathname


@lru_cache(maxsize=2)
def int8_sentence_encoder(configured: Path | None, cache_dir: Path) -> SentenceEncoder:
    """The process's int8 encoder. Raises EmbeddingModelMissing, or ImportError without onnxruntime (or, for the
    first build, onnx)."""
    transformer = OnnxTransformer(int8_model(configured, cache_dir), load_tokenizer(model_dir(configured)))
    return SentenceEncoder(transformer, batch_size=8, name=NAME, workers=WORKERS)
