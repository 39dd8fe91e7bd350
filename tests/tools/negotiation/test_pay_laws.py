from __future__ import annotations

import json
from datetime import date

import pytest

from tools.negotiation.pay_laws import (DATA_FILE, REQUIREMENT_TEXT, load_pay_laws, laws_for_state, pay_laws_for_area,
                                        states_of_area)
from tools.occupations.area_aliases import STATE_POSTAL
from tools.occupations.oews import load_oews


def test_the_table_loads_with_its_date_source_scope_and_disclaimer() -> None:
    table = load_pay_laws()
    assert table.as_of >= date(2025, 1, 1)
    assert "statute" in table.source and "not legal advice" in table.disclaimer.lower()
    assert "city" in table.scope.lower()  # says what it leaves out
    assert {"CA", "CO", "NY", "WA", "IL", "MD", "DC"} <= set(table.states)
    assert "TX" not in table.states and "FL" not in table.states


def test_every_law_has_an_official_source_url_a_date_a_citation_and_what_it_requires() -> None:
    raw = json.loads(DATA_FILE.read_text())
    for postal, entry in raw["states"].items():
        assert postal in STATE_POSTAL.values()
        kinds = [law["kind"] for law in entry["laws"]]
        assert len(kinds) == len(set(kinds)), f"{postal}: one entry per kind of law"
        for law in entry["laws"]:
            assert law["source"].startswith(("https://", "http://")), (postal, law)
            assert date.fromisoformat(law["effective"]) >= date(2017, 1, 1)
            assert law["citation"] and law["name"] and law["covers"] and law["min_employees"] >= 1
            assert law["requires"] and set(law["requires"]) <= set(REQUIREMENT_TEXT)
            if law["kind"] == "salary_history_ban":
                assert "no_salary_history_questions" in law["requires"]


def test_colorado_has_both_kinds_of_law_with_their_citations() -> None:
    laws = {law.kind: law for law in laws_for_state("co", on=date(2026, 1, 1))}
    transparency, ban = laws["pay_transparency"], laws["salary_history_ban"]
    assert transparency.citation == "C.R.S. § 8-5-201" and "range_in_postings" in transparency.requires
    assert ban.in_effect and "may not ask about your pay history" in ban.summary
    assert ban.summary.startswith("Colorado:") and "C.R.S. § 8-5-102" in ban.summary


def test_a_state_without_listed_laws_gives_none() -> None:
    assert laws_for_state("TX") == [] and laws_for_state("FL") == []


def test_a_law_is_in_effect_only_from_its_effective_date() -> None:
    before = {law.kind: law for law in laws_for_state("MA", on=date(2025, 10, 28))}
    after = {law.kind: law for law in laws_for_state("MA", on=date(2025, 10, 29))}
    assert not before["pay_transparency"].in_effect and after["pay_transparency"].in_effect
    assert "from October 29, 2025" in before["pay_transparency"].summary
    assert before["salary_history_ban"].in_effect


def test_places_resolve_to_their_states() -> None:
    data = load_oews()
    by_name = {a.name: a.code for a in data.areas}
    assert states_of_area("0000000") == []
    assert states_of_area(by_name["Colorado"]) == ["CO"]
    assert states_of_area(by_name["Denver-Aurora-Centennial, CO"]) == ["CO"]
    assert states_of_area(by_name["New York-Newark-Jersey City, NY-NJ"]) == ["NY", "NJ"]
    nonmetro = next(a for a in data.areas if "nonmetropolitan" in a.name and a.state_code == "08")
    assert states_of_area(nonmetro.code) == ["CO"]


@pytest.mark.parametrize(("area", "bans", "transparency", "note"), [
    ("Denver-Aurora-Centennial, CO", ["CO"], ["CO"], None),
    ("Seattle-Tacoma-Bellevue, WA", ["WA"], ["WA"], None),
    ("Austin-Round Rock-San Marcos, TX", [], [], "lists no statewide"),
    ("Washington-Arlington-Alexandria, DC-VA-MD-WV", ["DC", "MD"], ["DC", "MD"], "the law of the state where"),
    ("National", [], [], "depend on the state where the job is performed"),
])
def test_the_laws_for_a_place(area: str, bans: list[str], transparency: list[str], note: str | None) -> None:
    code = next(a.code for a in load_oews().areas if a.name == area)
    answer = pay_laws_for_area(code, on=date(2026, 1, 1))
    assert answer.salary_history_ban_states == bans and answer.pay_transparency_states == transparency
    assert answer.place == area and answer.as_of == load_pay_laws().as_of and answer.disclaimer
    if note:
        assert any(note in n for n in answer.notes)
    else:
        assert answer.notes == []
