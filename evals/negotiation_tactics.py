"""Scripted negotiation tactics against the recruiter simulator: does better negotiating pay off?

Each tactic is a scripted user that reads only what a real user sees (the public scenario with its market
figures, and the offer on the table) and says what it would say. Every tactic plays the same grid of scenarios
(occupations × places × personas × company types × seeds); the table gives each tactic's average share of
the available surplus, deal rate, base gain and debrief score. `coach eval tactics` prints it; the test
suite checks that the better tactics win on average.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from tools.negotiation.debrief import debrief
from tools.negotiation.engine import SessionFinished, new_state, opening_move, respond
from tools.negotiation.moves import read_move
from tools.negotiation.scenario import COMPANY_RULES, PERSONAS, Scenario, ScenarioRequest, build_scenario

PLACES = (("registered nurse", "Denver"), ("software developer", "Austin, TX"), ("accountant", "Ohio"))
MAX_ROUNDS = 8

Tactic = Callable[[dict, dict, int], str]


def _money(value: float) -> str:
    return f"${round(value / 500) * 500:,.0f}"


def accept_at_once(public: dict, offer: dict, round_: int) -> str:
    return "Thank you, I accept."


def ask_with_no_reason(public: dict, offer: dict, round_: int) -> str:
    if round_ <= 2:
        return f"Could you do {_money(offer['base'] * 1.08)}?"
    return "OK, I accept."


def anchor_high_with_data(public: dict, offer: dict, round_: int) -> str:
    market = public["market"]
    median, upper = market.get("median", offer["base"]), market.get("p75", offer["base"] * 1.1)
    if round_ == 1:
        return (f"Thank you for the offer. The BLS median for {public['occupation']} in {public['area']} is "
                f"{_money(median)}, and with my experience I'm asking for {_money(max(upper, offer['base'] * 1.12))}.")
    if round_ == 2:
        return "I appreciate that. What flexibility is there on the rest of the package?"
    if round_ == 3:
        return (f"Market data puts this role between {_money(median)} and {_money(upper)}. Could we do "
                f"{_money(max(offer['base'] * 1.05, median))} base and a {_money(offer['base'] * 0.05)} signing bonus?")
    return "Thank you, I accept."


def ultimatum(public: dict, offer: dict, round_: int) -> str:
    if round_ == 1:
        return f"{_money(offer['base'] * 1.25)}, take it or leave it."
    return "Fine, I accept."


def trade_terms(public: dict, offer: dict, round_: int) -> str:
    median = public["market"].get("median", offer["base"])
    if round_ == 1:
        return (f"The BLS median here is {_money(median)}. If you can do {_money(max(offer['base'] * 1.06, median))} "
                f"base, a {_money(offer['base'] * 0.06)} signing bonus and 3 remote days, I can start in 2 weeks.")
    if round_ == 2:
        return "Where do you have the most flexibility? I can be flexible on the start date if you can do 4 remote days."
    if round_ == 3:
        return f"If you can add {int(offer['pto_days']) + 5} days of PTO, I'm ready to sign."
    return "Thank you, I accept."


TACTICS: dict[str, Tactic] = {"accept at once": accept_at_once, "ask with no reason": ask_with_no_reason,
                              "ultimatum": ultimatum, "trade terms": trade_terms,
                              "anchor high with data": anchor_high_with_data}


@dataclass
class TacticResult:
    tactic: str
    sessions: int
    surplus: float      # mean share of the available surplus captured (0 when no deal)
    deal_rate: float
    base_gain: float    # mean base gained over the opening, deals only
    score: float        # mean debrief score

    def row(self) -> dict:
        return self.__dict__


def play(scenario: Scenario, tactic: Tactic) -> dict:
    state = new_state(scenario)
    public = scenario.public()
    offer = opening_move(scenario).offer
    for round_ in range(1, MAX_ROUNDS + 1):
        try:
            move = respond(scenario, state, read_move(tactic(public, offer, round_)))
        except SessionFinished:
            break
        offer = move.offer or offer
        if state["status"] != "active":
            break
    return debrief(scenario, state)


def scenarios(seeds: int = 2) -> list[Scenario]:
    grid = itertools.product(PLACES, PERSONAS, COMPANY_RULES, range(seeds))
    return [build_scenario(ScenarioRequest(title=title, location=place, persona=persona, company_type=company,
                                           seed=seed)) for (title, place), persona, company, seed in grid]


def run(seeds: int = 2) -> list[TacticResult]:
    grid = scenarios(seeds)
    results = []
    for name, tactic in TACTICS.items():
        outcomes = [play(scenario, tactic) for scenario in grid]
        deals = [o for o in outcomes if o["outcome"]["result"] == "accepted"]
        results.append(TacticResult(
            tactic=name, sessions=len(outcomes),
            surplus=round(statistics.mean(o["outcome"]["surplus_captured"] for o in outcomes), 3),
            deal_rate=round(len(deals) / len(outcomes), 3),
            base_gain=round(statistics.mean(o["outcome"]["agreed"]["base"] - o["outcome"]["opening"]["base"]
                                            for o in deals), 0) if deals else 0.0,
            score=round(statistics.mean(o["performance_score"] for o in outcomes), 1)))
    return results
