"""The recruiter: a deterministic engine that decides every number. It reads the user's move, applies the
persona's concession strategy and answers with a structured move (what is on the table, what changed, why).
The words come later (phrasing.py); nothing the user writes can push a term past the mandate, because every
package passes through `_within_mandate` before it leaves this module."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from tools.negotiation.moves import TERMS, UserMove
from tools.negotiation.scenario import PERSONA_RULES, Scenario

STEPS = {"base": 500.0, "signing_bonus": 500.0, "equity": 500.0, "pto_days": 1.0, "remote_days": 1.0,
         "start_weeks": 1.0}
# Terms that cost the company little but may be worth a lot to the candidate: where trading creates value.
CHEAP_TERMS = ("remote_days", "start_weeks", "pto_days", "signing_bonus")
PERSUASIVE = ("data", "competing", "value")


class SessionFinished(Exception):
    """A turn was sent to a negotiation that has ended."""


@dataclass
class RecruiterMove:
    kind: str  # opening, counter, hold, escalate, final_offer, hold_final, closed_deal, walked_away, ended,
    #            clarify, ask_number, deflect, time
    offer: dict[str, float] | None
    changed: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    open_terms: list[str] = field(default_factory=list)  # terms that still have room (for "clarify")

    def to_dict(self) -> dict:
        return asdict(self)


def new_state(scenario: Scenario) -> dict:
    """The engine's state, JSON-serialisable (it is stored with the session)."""
    return {"round": 0, "status": "active", "outcome": None, "offer": dict(scenario.opening), "goodwill": 0.5,
            "final": False, "pending": None, "rude": 0, "moves": []}


def opening_move(scenario: Scenario) -> RecruiterMove:
    return RecruiterMove("opening", _within_mandate(scenario, dict(scenario.opening)))


def _within_mandate(scenario: Scenario, offer: dict[str, float]) -> dict[str, float]:
    """Every package the recruiter puts forward: between the opening and the mandate, on each term."""
    return {term: min(max(offer[term], scenario.opening[term]), scenario.mandate[term]) for term in TERMS}


def _snap(term: str, value: float, current: float, target: float) -> float:
    """Round a concession to the term's step: never below what is on the table, never past the target, and a
    real concession (at least one step) once the recruiter means to move."""
    step = STEPS[term]
    snapped = math.floor(value / step + 0.5) * step
    if snapped <= current and value - current >= 0.25 * step:
        snapped = current + step
    return max(current, min(snapped, math.floor(target / step) * step))


def _record(move: UserMove) -> dict:
    return {"asks": move.asks, "tactics": sorted(move.tactics), "competing_amount": move.competing_amount,
            "revealed_amount": move.revealed_amount}


def respond(scenario: Scenario, state: dict, move: UserMove) -> RecruiterMove:
    """Advance `state` (in place) by one user move and return the recruiter's answer."""
    if state["status"] != "active":
        raise SessionFinished("this negotiation has ended; ask for the debrief or start a new one")
    rules = PERSONA_RULES[scenario.persona]
    state["round"] += 1
    state["moves"].append(_record(move))
    offer = dict(state["offer"])

    if move.has("rude"):
        state["rude"] += 1
        state["goodwill"] = max(0.0, state["goodwill"] - 0.25)
        patience = 1 if scenario.persona == "hard_bargainer" else 2
        if state["rude"] > patience:
            return _finish(state, "ended_by_recruiter", RecruiterMove("ended", None, reasons=["rude"]))
    if move.has("accept") and not _asks_more(move, offer):
        return _finish(state, "accepted", RecruiterMove("closed_deal", offer))
    if move.has("decline"):
        return _finish(state, "walked_away", RecruiterMove("walked_away", offer))
    if move.has("ultimatum") and (state["final"] or scenario.persona == "hard_bargainer") \
            and _asks_beyond_mandate(scenario, move, offer):
        # Pushed past what it can do, with no room to talk: it ends here rather than break its mandate.
        return _finish(state, "ended_by_recruiter", RecruiterMove("ended", None, reasons=["ultimatum"]))
    if move.has("injection") and not move.asks:
        return RecruiterMove("deflect", offer)

    reasons = sorted(t for t in move.tactics if t in (*PERSUASIVE, "trade", "ultimatum", "rude", "question"))
    changed: list[str] = []
    if state["pending"]:  # back from the hiring manager with what was agreed there
        target, state["pending"] = state["pending"], None
        target = min(target, scenario.mandate["base"])
        offer["base"] = _snap("base", target, offer["base"], target)
        changed.append("base")
        reasons = ["hiring_manager", *reasons]

    asks = dict(move.asks)
    if move.competing_amount and move.competing_amount > offer["base"]:
        asks["base"] = max(asks.get("base", 0.0), move.competing_amount)
    wanted = {term: ask for term, ask in asks.items() if ask > offer[term] and term not in changed}
    if not wanted and changed:
        return _after_concession(scenario, state, offer, changed, reasons, rules.rounds)
    if not wanted:
        if move.has("time"):
            return RecruiterMove("time", offer)
        if move.has("question"):
            return RecruiterMove("clarify", offer, open_terms=_open_terms(scenario, offer))
        if move.has("data") or move.has("value") or move.has("competing"):
            return RecruiterMove("ask_number", offer, reasons=reasons)
        if move.has("accept"):
            return _finish(state, "accepted", RecruiterMove("closed_deal", offer))
        return RecruiterMove("hold_final" if state["final"] else "hold", offer, reasons=reasons)
    if state["final"]:
        return RecruiterMove("hold_final", offer, reasons=reasons)

    justified = any(move.has(t) for t in PERSUASIVE)
    if "base" in wanted and wanted["base"] > scenario.mandate["base"] and justified and not state.get("escalated") \
            and scenario.persona != "rushed_hiring_manager" and offer["base"] < scenario.mandate["base"]:
        # Beyond its own authority but well argued: it takes the case upstairs and comes back next turn.
        state["escalated"] = True
        room = scenario.mandate["base"] - offer["base"]
        state["pending"] = offer["base"] + room * _willingness(scenario, state, move, "base", offer, wanted)
        return RecruiterMove("escalate", offer, reasons=reasons)

    for term, ask in wanted.items():
        target = min(ask, scenario.mandate[term])
        if target <= offer[term]:
            continue
        share = _willingness(scenario, state, move, term, offer, wanted)
        value = ask if share >= 0.8 and ask <= scenario.mandate[term] else offer[term] + (target - offer[term]) * share
        snapped = _snap(term, value, offer[term], target)
        if snapped > offer[term]:
            offer[term] = snapped
            changed.append(term)
    if move.has("ultimatum"):
        state["final"] = True  # an ultimatum gets a last answer, not a conversation
    return _after_concession(scenario, state, offer, changed, reasons, rules.rounds)


def _willingness(scenario: Scenario, state: dict, move: UserMove, term: str, offer: dict, wanted: dict) -> float:
    """The share of the gap (ask − table, within the mandate) the recruiter gives now, 0–0.95."""
    rules = PERSONA_RULES[scenario.persona]
    share = rules.concession_rate * rules.decay ** (state["round"] - 1)
    share += sum(rules.weights.get(tactic, 0.0) for tactic in move.tactics)
    share += (state["goodwill"] - 0.5) * 0.3
    jump = wanted[term] / offer[term] if offer[term] else 2.0
    if term == "base" and jump > 1.25 and not any(move.has(t) for t in PERSUASIVE):
        share += rules.weights["unjustified_jump"]
    if scenario.costs[term] < 0.5:
        share += 0.2  # cheap for the company (a signing bonus is paid once, a remote day costs nothing)
    if move.has("trade") and len(wanted) >= 2:
        # A package traded across terms: the cheap terms go through, base moves less.
        share += 0.35 if term in CHEAP_TERMS else -0.1
    return min(max(share, 0.0), 0.95)


def _after_concession(scenario: Scenario, state: dict, offer: dict, changed: list[str], reasons: list[str],
                      rounds: int) -> RecruiterMove:
    offer = _within_mandate(scenario, offer)
    state["offer"] = offer
    room = sum((scenario.mandate[t] - offer[t]) * scenario.costs[t] for t in TERMS)
    if state["round"] >= rounds or room < 0.01 * scenario.mandate["base"] or state["final"]:
        state["final"] = True
        return RecruiterMove("final_offer", offer, changed=changed, reasons=reasons)
    if changed:
        state["goodwill"] = min(1.0, state["goodwill"] + 0.05)
        return RecruiterMove("counter", offer, changed=changed, reasons=reasons)
    return RecruiterMove("hold", offer, reasons=reasons)


def _open_terms(scenario: Scenario, offer: dict) -> list[str]:
    return [t for t in TERMS if scenario.mandate[t] > offer[t] and t != "base"] or ["base"]


def _asks_more(move: UserMove, offer: dict) -> bool:
    return any(ask > offer[term] for term, ask in move.asks.items())


def _asks_beyond_mandate(scenario: Scenario, move: UserMove, offer: dict) -> bool:
    return any(ask > scenario.mandate[term] for term, ask in move.asks.items()) or not move.asks


def _finish(state: dict, outcome: str, move: RecruiterMove) -> RecruiterMove:
    state["status"], state["outcome"] = "finished", outcome
    if move.offer is not None:
        state["offer"] = move.offer
    state["final_offer"] = move.offer
    return move
