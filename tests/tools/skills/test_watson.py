"""The Watson NLU adapter through the real ibm-watson SDK against a local stub of its REST API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings
from tests.stubs.watson_stub import WatsonStub
from tools.skills.analysis import analyse
from tools.skills.watson import WatsonError, watson_extractor

pytest.importorskip("ibm_watson")
TEXT = "Led reporting with Tableau dashboards and statistical analysis for the finance team."


def test_watson_phrases_are_mapped_onto_the_taxonomy(tmp_path: Path) -> None:
    with WatsonStub() as stub:
        stub.reply({"keywords": [{"text": "Tableau dashboards", "relevance": 0.95},
                                 {"text": "finance team", "relevance": 0.6}],
                    "entities": [{"type": "Company", "text": "Tableau", "relevance": 0.9}],
                    "concepts": [{"text": "Statistics", "relevance": 0.8, "dbpedia_resource": "x"}]})
        settings = make_settings(tmp_path, WATSON_NLU_APIKEY="key", WATSON_NLU_URL=stub.base_url,
                                 WATSON_IAM_URL=stub.base_url)
        found = {m.name: m for m in watson_extractor(settings)(TEXT)}
        analyze = next(r for r in stub.requests if r["path"] == "/v1/analyze")
    assert analyze["headers"]["Authorization"].startswith("Bearer ")
    assert analyze["query"]["version"] and set(analyze["body"]["features"]) == {"keywords", "entities", "concepts"}
    assert "Tableau" in found and TEXT[found["Tableau"].start:found["Tableau"].end] == found["Tableau"].evidence
    assert "statistics" in found  # the concept, mapped to the ESCO skill
    assert "finance team" not in {m.evidence for m in found.values()}  # not a skill: dropped


def test_a_failing_service_leaves_the_offline_answer(tmp_path: Path) -> None:
    with WatsonStub() as stub:
        stub.fail_with(500)
        settings = make_settings(tmp_path, WATSON_NLU_APIKEY="key", WATSON_NLU_URL=stub.base_url,
                                 WATSON_IAM_URL=stub.base_url)
        extractor = watson_extractor(settings)
        with pytest.raises(WatsonError):
            extractor(TEXT)
        result = analyse(text=TEXT, also=extractor)
    assert "Tableau" in {s.name for s in result.skills}


def test_unconfigured_means_offline_only(tmp_path: Path) -> None:
    assert watson_extractor(make_settings(tmp_path)) is None
