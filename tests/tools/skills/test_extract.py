"""The offline extractor on hand-written cases: what it finds, what it must not turn into skills, and spans."""

from __future__ import annotations

import pytest

from tools.skills.extract import SkillInputError, check_text, extract

RESUME = ("Built data pipelines in Airflow and wrote SQL queries against PostgreSQL. Dashboards in Tableau; "
          "reports with Python and MS Excel. Machine learning (ML) models. Managed budgets and analysed data.")


def names(text: str) -> set[str]:
    return {m.name for m in extract(text)}


def test_finds_named_skills_with_links() -> None:
    found = {m.name: m for m in extract(RESUME)}
    assert {"Apache Airflow", "SQL", "PostgreSQL", "Tableau", "Python (computer programming)",
            "machine learning"} <= set(found)
    assert found["Python (computer programming)"].esco_uri.startswith("http://data.europa.eu/esco/skill/")
    assert found["Python (computer programming)"].onet_id.startswith("T")
    assert found["machine learning"].mentions == 2  # "ML" counts as a second mention


def test_evidence_is_the_exact_span_and_ranking_is_by_score() -> None:
    matches = extract(RESUME)
    for match in matches:
        assert RESUME[match.start:match.end] == match.evidence
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.parametrize("text", [
    "Salary range: $90,000 - $110,000 per year, salaries reviewed yearly.",
    "I am available in 2 weeks. Call 555-0100. 2019 2020 2021.",
    "The and of with interaction conversation correspondence office.",
])
def test_does_not_turn_non_skills_into_skills(text: str) -> None:
    assert names(text) == set()


def test_salary_trap_does_not_become_determine_salaries() -> None:
    assert "determine salaries" not in names("Expected salary: 120k. Salary range 100-130k; salary negotiable.")
    assert "determine salaries" in names("Responsible to determine salaries for 40 staff.")


def test_generic_phrase_is_not_a_vendor_product() -> None:
    assert "Amazon Data Pipeline" not in names("built data pipelines for reporting")


def test_plural_case_and_spelling_variants_match() -> None:
    assert "project management" in names("PROJECT MANAGEMENT across teams")
    assert "data mining" in names("Data-mining of logs")


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02\x03" * 50, "1234 5678 !!!! ????"])
def test_bad_text_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(SkillInputError) as error:
        check_text(text)
    assert error.value.field == "text"
