"""Semantic skill matching: the skills a text names in other words ("looked after patients in the emergency
department" → "deal with emergency care situations"), found by sentence embeddings (all-MiniLM-L6-v2) of the
text's sentences (and resume lines) against the skill labels'. Whole sentences match better than their clauses
(R-Precision@5 41 against 33 on the ESCO evaluation) and cost less.

The labels' vectors (ESCO and O*NET skills and knowledge; product names are left to the phrase matcher) are
computed once with the exact encoder (`memory/embeddings.py`), about 20 s, and cached in `COACH_MODEL_CACHE`; the
server computes them in the background at start-up and matches by phrase alone until they are ready. A text's
sentences go through the int8 onnxruntime encoder (`memory/embeddings_onnx.py`, ~9x faster; the same evaluation
figures) and are compared with the labels in int8 too (`NearestRows`). Semantic matches score below phrase matches
(0.6 x cosine), so named skills always lead; sentences that are mostly numbers (a salary range) are not matched."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agent.settings import Settings
from memory.embeddings import EmbeddingModelMissing, SentenceEncoder, sentence_encoder
from memory.embeddings_onnx import NearestRows, int8_sentence_encoder
from tools.skills.taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

MATCHED_KINDS = ("esco-skill", "esco-knowledge", "onet-skill", "onet-knowledge")
THRESHOLD = 0.6  # cosine below which a sentence and a skill label are unrelated ("I like dogs" / "dog behaviour")
PER_PIECE = 3  # at most this many skills from one sentence
SCORE_SCALE = 0.6  # a semantic match's score is this x cosine: below any phrase match (0.6 and up)
MAX_PIECES = 400  # about 5,000 words; longer text is matched by phrase only beyond that

# Sentence ends, line breaks and bullets end a sentence, except a line break before a lower-case word: text from a
# PDF wraps its sentences ("I build reliable\ndata pipelines"). A colon divides a sentence into pieces
# ("Data quality checks: wrote automated tests for ...").
_SENTENCE = re.compile(r"(?:[^.;!?\n\r•·|]|\r?\n[ \t]*(?=[a-z]))+")
_PART = re.compile(r"[^:]+")
_WORD = re.compile(r"[^\W\d_][\w+#'-]*")  # a word starts with a letter: "C++", "EC2", "Zürich"; not "2019"


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SemanticHit:
    concept: int
    similarity: float
    start: int
    end: int


def pieces(text: str) -> list[Piece]:
    """Sentences, lines and the parts of them a colon divides, with character spans; a piece needs two words and
    more letters than digits, and so does its whole sentence ("Salary expectation: $90,000" is pay, heading and
    all). A piece said again is left out (the first one stands for it)."""
    first: dict[str, Piece] = {}
    for sentence in _SENTENCE.finditer(text):
        if _mostly_numbers(sentence.group()):
            continue
        for part in _PART.finditer(text, sentence.start(), sentence.end()):
            piece = _trimmed(text, part.start(), part.end())
            if piece is not None:
                first.setdefault(piece.text, piece)
    return list(first.values())[:MAX_PIECES]


def _mostly_numbers(text: str) -> bool:
    """"$90,000-$110,000 a year" is pay, not a skill."""
    return sum(c.isdigit() for c in text) * 2 > sum(c.isalpha() for c in text)


def _trimmed(text: str, start: int, end: int) -> Piece | None:
    raw = text[start:end]
    body = raw.strip(" \t-–—*>\"'")
    if len(_WORD.findall(body)) < 2 or _mostly_numbers(body):
        return None
    offset = start + raw.index(body)
    return Piece(body, offset, offset + len(body))


class SemanticMatcher:
    def __init__(self, encoder: SentenceEncoder, taxonomy: Taxonomy, label_vectors: np.ndarray,
                 concept_ids: np.ndarray, cache_dir: Path | None = None):
        self.encoder, self.taxonomy, self.concept_ids = encoder, taxonomy, concept_ids
        self.nearest = NearestRows(label_vectors, PER_PIECE, cache_dir)

    def match(self, text: str) -> list[SemanticHit]:
        """Each skill's best sentence, for skills within THRESHOLD of a sentence's PER_PIECE nearest; best first."""
        found = pieces(text)
        if not found:
            return []
        # The encoder reads the words alone: punctuation and numbers took 9% of a resume's tokens (the time grows
        # with them) and left the ESCO evaluation as it was (R-Precision@5 32.7 against 32.6).
        values, columns = self.nearest(self.encoder.encode([" ".join(_WORD.findall(p.text)) for p in found]))
        best: dict[int, SemanticHit] = {}
        for piece, row_values, row_columns in zip(found, values, columns):
            for value, column in zip(row_values.tolist(), row_columns.tolist()):  # nearest first
                concept = int(self.concept_ids[column])
                if value >= THRESHOLD and (concept not in best or value > best[concept].similarity):
                    best[concept] = SemanticHit(concept, value, piece.start, piece.end)
        return sorted(best.values(), key=lambda h: -h.similarity)


def label_vectors(encoder: SentenceEncoder, taxonomy: Taxonomy, cache_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of the matched concepts' names, from the cache or computed (and cached, written whole)."""
    ids = np.array([i for i, c in enumerate(taxonomy.concepts) if c.kind in MATCHED_KINDS], dtype=np.int32)
    cache = cache_dir / f"skill-labels-{_slug(taxonomy.release)}-{encoder.name}-{len(ids)}.npy"
    if cache.is_file():
        vectors = np.load(cache)
        if vectors.shape == (len(ids), encoder.dimensions):
            return vectors.astype(np.float32), ids
    log.info("computing %d skill label vectors with %s (once, about 20 s; cached in %s)", len(ids), encoder.name,
             cache_dir)
    names = [re.sub(r"\s*\([^)]*\)", "", taxonomy.concepts[i].name) for i in ids]
    vectors = encoder.encode(names)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".partial.npy")
    np.save(partial, vectors.astype(np.float16))
    partial.replace(cache)
    return vectors, ids


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")[:60]


_lock = threading.Lock()
_matchers: dict[tuple, SemanticMatcher] = {}
_warming: set[tuple] = set()


def _key(settings: Settings) -> tuple:
    return settings.embedding_model_dir, settings.model_cache_dir


def _build(settings: Settings) -> SemanticMatcher | None:
    try:
        exact = sentence_encoder(settings.embedding_model_dir)
        fast = int8_sentence_encoder(settings.embedding_model_dir, settings.model_cache_dir)
        taxonomy = load_taxonomy()
        vectors, ids = label_vectors(exact, taxonomy, settings.model_cache_dir)
        return SemanticMatcher(fast, taxonomy, vectors, ids, settings.model_cache_dir)
    except (EmbeddingModelMissing, ImportError) as exc:  # ImportError: onnx or onnxruntime is not installed
        log.warning("semantic skill matching is off: %s", exc)
        return None


def semantic_matcher(settings: Settings | None, wait: bool = True) -> SemanticMatcher | None:
    """The process's matcher, or None when semantic matching is off or the model is not installed. With
    wait=False (a server request), a matcher still being prepared gives None now and is prepared in the
    background; with wait=True (the CLI, evaluations) it is prepared here."""
    if settings is None or not settings.semantic_skills:
        return None
    key = _key(settings)
    if key in _matchers:
        return _matchers[key]
    if not wait:
        warm_up(settings)
        return None
    with _lock:
        if key not in _matchers:
            _matchers[key] = _build(settings)
    return _matchers[key]


def warm_up(settings: Settings) -> None:
    """Prepare the matcher in a background thread (at server start-up), once."""
    key = _key(settings)
    if not settings.semantic_skills or key in _matchers or key in _warming:
        return
    _warming.add(key)
    threading.Thread(target=semantic_matcher, args=(settings, True), name="skills-semantic-warm-up",
                     daemon=True).start()
