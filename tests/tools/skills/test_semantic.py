"""Semantic skill matching with the real all-MiniLM-L6-v2 model: paraphrases found with their sentence as
evidence, ranked below named skills; numbers and small talk are not skills; the label vectors are cached."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from memory.embeddings import sentence_encoder
from tests.conftest import make_settings
from tools.skills.extract import extract
from tools.skills.semantic import SCORE_SCALE, THRESHOLD, label_vectors, pieces, semantic_matcher

RESUME = ("Charge nurse, 2019-2024\n"
          "• Looked after patients in the emergency department.\n"
          "• Managed a team of 12 nurses; built the rota in Microsoft Excel.\n"
          "Salary: $90,000-$110,000 a year.")


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory):
    settings = make_settings(tmp_path_factory.mktemp("semantic"), COACH_SEMANTIC_SKILLS=True)
    found = semantic_matcher(settings)
    assert found is not None, "the embedding model is installed by make test"
    return found


def test_pieces_are_sentences_and_lines_with_their_spans() -> None:
    found = pieces(RESUME)
    # "Charge nurse, 2019-2024" and the salary line are more digits than letters: left out.
    assert [p.text for p in found] == ["Looked after patients in the emergency department",
                                       "Managed a team of 12 nurses", "built the rota in Microsoft Excel"]
    assert all(RESUME[p.start:p.end] == p.text for p in found)


def test_a_sentence_wrapped_over_lines_is_one_piece_and_a_repeated_one_is_embedded_once() -> None:
    said = "I build reliable\n  data pipelines for finance."
    text = f"{said}\nSkills\nPython and SQL\n{said}"
    found = pieces(text)
    # A line break before a lower-case word continues the sentence (text from a PDF); before a capital it ends it.
    assert [p.text for p in found] == ["I build reliable\n  data pipelines for finance", "Python and SQL"]
    assert found[0].start == 0  # the first time it is said is the evidence


def test_a_colon_divides_a_sentence_unless_the_sentence_is_pay() -> None:
    assert [p.text for p in pieces("Data quality checks: wrote automated tests for the warehouse.")] == [
        "Data quality checks", "wrote automated tests for the warehouse"]
    assert pieces("Salary expectation: $90,000 - $110,000.") == []  # its heading alone is not a piece either


def test_paraphrases_are_found_with_their_sentence_below_named_skills(matcher) -> None:
    skills = extract(RESUME, semantic=matcher)
    by_name = {s.name: s for s in skills}
    assert by_name["Microsoft Excel"].method == "phrase"
    semantic = [s for s in skills if s.method == "semantic"]
    assert any("emergency" in s.name for s in semantic), [s.name for s in semantic]
    emergency = next(s for s in semantic if "emergency" in s.name)
    assert emergency.evidence == "Looked after patients in the emergency department"
    assert RESUME[emergency.start:emergency.end] == emergency.evidence
    assert all(SCORE_SCALE * THRESHOLD <= s.score <= SCORE_SCALE for s in semantic)
    assert min(s.score for s in skills if s.method == "phrase") >= max(s.score for s in semantic)
    assert "determine salaries" not in by_name


@pytest.mark.parametrize("text", ["I like dogs and my name is Anna.", "A salary range of $90,000-$110,000 suits me.",
                                  "Hello! How are you today?"])
def test_small_talk_and_numbers_are_not_skills(matcher, text: str) -> None:
    assert [s.name for s in extract(text, semantic=matcher) if s.method == "semantic"] == []


def test_without_the_matcher_only_named_skills_are_found() -> None:
    assert {s.method for s in extract(RESUME)} == {"phrase"}


def test_off_by_setting_or_missing_model_means_phrase_matching(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert semantic_matcher(make_settings(tmp_path)) is None  # COACH_SEMANTIC_SKILLS=false
    missing = make_settings(tmp_path, COACH_SEMANTIC_SKILLS=True, COACH_EMBEDDING_MODEL_DIR=tmp_path / "none")
    assert semantic_matcher(missing) is None
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises ImportError
    assert semantic_matcher(make_settings(tmp_path, COACH_SEMANTIC_SKILLS=True, COACH_MODEL_CACHE=tmp_path)) is None


@dataclass
class _Concept:
    name: str
    kind: str


@dataclass
class _Taxonomy:
    release: str
    concepts: list


def test_label_vectors_are_computed_once_then_read_from_the_cache(tmp_path: Path) -> None:
    taxonomy = _Taxonomy("test release", [_Concept("manage a team (staff)", "esco-skill"),
                                          _Concept("Python", "technology"), _Concept("nursing", "esco-knowledge")])
    vectors, ids = label_vectors(sentence_encoder(), taxonomy, tmp_path)
    assert list(ids) == [0, 2]  # product names are left to the phrase matcher
    assert np.allclose(vectors[0], sentence_encoder().encode(["manage a team"])[0], atol=1e-3)  # no "(staff)"
    [cache] = list(tmp_path.glob("*.npy"))
    np.save(cache, np.zeros((2, 384), dtype=np.float16))  # a changed cache is what the next call reads
    again, _ = label_vectors(sentence_encoder(), taxonomy, tmp_path)
    assert not again.any()
