"""State pay laws that matter in a salary negotiation: salary-history bans and pay-transparency laws.

The table (`data/state_pay_laws.json`) lists, per US state (and DC), the statewide laws that cover private
employers, each with its name, citation, effective date, what it requires, whom it covers and an official source
URL; it carries an `as_of` date, a scope note and a disclaimer (general information, not legal advice). It is kept
small and conservative: a law we were not sure of is left out rather than guessed.

A place is resolved to its state(s) by the salary tools' area resolution: a state area is that state, a metro is
every state its BLS name lists ("New York-Newark-Jersey City, NY-NJ" → NY and NJ), and the nation (no place, or
"remote") is no state at all, since the law that applies is the one where the job is performed.

    pay_laws_for_area("0019740")  # Denver metro → Colorado's salary-history ban and range-in-postings law
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tools.occupations.area_aliases import STATE_POSTAL
from tools.occupations.areas import metro_parts  # the states a BLS metro name lists
from tools.occupations.oews import load_oews

DATA_FILE = Path(__file__).parent / "data" / "state_pay_laws.json"

LawKind = Literal["salary_history_ban", "pay_transparency"]
Requirement = Literal[
    "no_salary_history_questions", "no_reliance_on_salary_history", "range_in_postings", "benefits_in_postings",
    "range_on_request", "range_before_offer", "range_after_interview", "range_before_compensation_discussion",
    "benefits_before_interview",
]
# What each requirement means for the person negotiating, in plain words.
REQUIREMENT_TEXT: dict[str, str] = {
    "no_salary_history_questions": "employers may not ask about your pay history",
    "no_reliance_on_salary_history": "they may not use your pay history to set your pay",
    "range_in_postings": "job postings must state the pay range",
    "benefits_in_postings": "postings must describe the benefits",
    "range_on_request": "you can ask for the position's pay range and they must give it",
    "range_before_offer": "they must give you the pay range before making an offer, or earlier if you ask",
    "range_after_interview": "after an interview, they must give you the pay range for the position",
    "range_before_compensation_discussion": "they must give you the range before discussing pay, if you ask",
    "benefits_before_interview": "they must tell you about health benefits before the first interview",
}


class PayLaw(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: LawKind
    name: str = Field(min_length=3)
    citation: str = Field(min_length=3)
    effective: date
    requires: list[Requirement] = Field(min_length=1)
    covers: str = Field(min_length=3, description="which employers, in words")
    min_employees: int = Field(ge=1, description="the smallest employer the law covers")
    source: str = Field(description="the official statute, bill or agency page")

    @field_validator("source")
    @classmethod
    def _official_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be a URL")
        return value


class StateEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    laws: list[PayLaw] = Field(min_length=1)


class PayLawTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: date
    source: str
    scope: str
    disclaimer: str
    states: dict[str, StateEntry]

    @field_validator("states")
    @classmethod
    def _postal_codes(cls, states: dict[str, StateEntry]) -> dict[str, StateEntry]:
        known = set(STATE_POSTAL.values())
        unknown = sorted(code for code in states if code not in known)
        if unknown:
            raise ValueError(f"not US postal codes: {', '.join(unknown)}")
        return states


@lru_cache(maxsize=4)
def load_pay_laws(path: Path = DATA_FILE) -> PayLawTable:
    return PayLawTable.model_validate_json(path.read_text(encoding="utf-8"))


class ApplicableLaw(PayLaw):
    state: str  # postal code
    in_effect: bool  # on the date asked about
    summary: str  # one sentence a person reads: what the law means for them


class PayLawsAnswer(BaseModel):
    place: str  # the area as BLS names it
    states: list[str]  # postal codes the place lies in ([] for the nation)
    laws: list[ApplicableLaw]
    salary_history_ban_states: list[str]  # states of the place with a ban in effect
    pay_transparency_states: list[str]  # states of the place with a pay-transparency law in effect
    notes: list[str]
    as_of: date
    source: str
    scope: str
    disclaimer: str


def state_name(postal: str) -> str:
    entry = load_pay_laws().states.get(postal)
    if entry:
        return entry.name
    fips = next((code for code, value in STATE_POSTAL.items() if value == postal), None)
    area = load_oews().area_by_code.get(f"{fips}00000") if fips else None
    return area.name if area else postal


def _summary(law: PayLaw, state: str, in_effect: bool) -> str:
    what = "; ".join(REQUIREMENT_TEXT[r] for r in law.requires)
    who = "" if law.min_employees <= 1 else f" (employers with {law.min_employees} or more employees)"
    when = (f"since {law.effective:%B} {law.effective.day}, {law.effective.year}" if in_effect
            else f"from {law.effective:%B} {law.effective.day}, {law.effective.year}")
    return f"{state_name(state)}: {what}{who}, {when} ({law.citation})."


def laws_for_state(postal: str, on: date | None = None) -> list[ApplicableLaw]:
    """The table's laws for one state ([] when it lists none), each marked in effect or not on `on`."""
    on = on or date.today()
    entry = load_pay_laws().states.get(postal.upper())
    if entry is None:
        return []
    return [ApplicableLaw(**law.model_dump(), state=postal.upper(), in_effect=law.effective <= on,
                          summary=_summary(law, postal.upper(), law.effective <= on)) for law in entry.laws]


def states_of_area(area_code: str) -> list[str]:
    """Postal codes of the states an OEWS area lies in: [] for the nation, [XX] for a state, a metro's list."""
    area = load_oews().area_by_code[area_code]
    if area.type == "N":
        return []
    if area.type == "S":
        return [STATE_POSTAL[area.state_code]] if area.state_code in STATE_POSTAL else []
    _, postals = metro_parts(area)
    return [p for p in postals if p in STATE_POSTAL.values()]


def pay_laws_for_area(area_code: str, on: date | None = None) -> PayLawsAnswer:
    table = load_pay_laws()
    area = load_oews().area_by_code[area_code]
    states = states_of_area(area_code)
    laws = [law for state in states for law in laws_for_state(state, on)]
    notes: list[str] = []
    if not states:
        notes.append("No state given: salary-history and pay-transparency laws depend on the state where the job "
                     "is performed. Tell me the place to see them.")
    elif len(states) > 1:
        names = [state_name(s) for s in states]
        notes.append(f"{area.name} spans {', '.join(names[:-1])} and {names[-1]}: the law of the state where the "
                     "job is performed applies.")
    listed = {law.state for law in laws}
    for state in states:
        if state not in listed:
            notes.append(f"{state_name(state)}: this table lists no statewide salary-history ban or pay-transparency "
                         f"law there (as of {table.as_of.isoformat()}); city or county rules may still apply.")

    def with_law(kind: str) -> list[str]:
        return [s for s in states if any(law.state == s and law.kind == kind and law.in_effect for law in laws)]

    return PayLawsAnswer(place=area.name, states=states, laws=laws, salary_history_ban_states=with_law(
        "salary_history_ban"), pay_transparency_states=with_law("pay_transparency"), notes=notes,
        as_of=table.as_of, source=table.source, scope=table.scope, disclaimer=table.disclaimer)
