"""The debrief after a role-play: the outcome against the (now revealed) mandate, the moves the user made,
three strengths, three things to practise, and a 0–100 score with its breakdown."""

from __future__ import annotations

from tools.negotiation.moves import TERMS
from tools.negotiation.scenario import Scenario

# Score weights (they sum to 100): half for what was won, half for how.
OUTCOME_POINTS = 50
PROCESS_POINTS = {"anchored_first": 10, "justified_with_data": 10, "asked_open_questions": 6, "traded_terms": 8,
                  "kept_composure": 8, "did_not_accept_too_early": 5, "kept_current_pay_private": 3}

_STRENGTHS = {
    "anchored_first": "You named your number early and above the offer, so the talk started from your anchor.",
    "justified_with_data": "You backed your ask with market data, which gives the recruiter a reason to move.",
    "asked_open_questions": "You asked open questions and learned where the recruiter had room.",
    "traded_terms": "You traded across terms (base, bonus, remote days, PTO, start date), creating value, not only splitting it.",
    "kept_composure": "You stayed calm and constructive: no ultimatums, no heat.",
    "did_not_accept_too_early": "You did not accept the first offer; you gave the negotiation time.",
    "kept_current_pay_private": "You kept your current pay to yourself and anchored on the market instead.",
    "used_competing_offer": "You used your other offer as leverage (only ever do this with a real one).",
    "strong_outcome": "You captured most of what the recruiter could give.",
}
_PRACTICE = {
    "anchored_first": "Open with a specific number above the offer, before the recruiter moves (an anchor).",
    "justified_with_data": "Justify your ask with the market median or percentiles for your role and place (BLS OEWS).",
    "asked_open_questions": "Ask open questions (\"Where is there flexibility?\") to find the terms with room.",
    "traded_terms": "Put several terms on the table and trade: a later start or more remote days can cost them little.",
    "kept_composure": "Drop ultimatums and sharp words: they make recruiters dig in or walk away.",
    "did_not_accept_too_early": "Don't accept at once: thank them, ask for time, and counter at least once.",
    "kept_current_pay_private": "Don't volunteer your current pay: it anchors the offer to your past, not the market.",
    "weak_outcome": "Push a little further before accepting: there was room left on the table.",
    "rehearse_opening": "Rehearse your opening line aloud until you can say your number without hedging.",
    "prepare_walk_away": "Decide your walk-away point before the call, so you know when to say no.",
    "summarise_in_writing": "Close by asking for the final package in writing, every term included.",
}
# Shown when the user did too few things well to name three (it is true of anyone who finished a rehearsal).
_PRACTISED = "You ran a full rehearsal: the real conversation will feel more familiar."
_TERM_ADVICE = {"signing_bonus": "a signing bonus", "equity": "equity", "pto_days": "paid time off",
                "remote_days": "remote days", "start_weeks": "the start date", "base": "base salary"}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _captured(scenario: Scenario, final: dict[str, float] | None) -> dict[str, float | None]:
    """Per term: the share of the room between the opening and the mandate that the user won (None: no room)."""
    shares: dict[str, float | None] = {}
    for term in TERMS:
        room = scenario.mandate[term] - scenario.opening[term]
        if room <= 0:
            shares[term] = None
        else:
            won = ((final or scenario.opening)[term] - scenario.opening[term]) if final else 0.0
            shares[term] = round(max(0.0, min(1.0, won / room)), 3)
    return shares


def _surplus_share(scenario: Scenario, final: dict[str, float] | None) -> float:
    """The share of the whole available surplus won, each term weighted by its value to the candidate."""
    if final is None:
        return 0.0
    room = won = 0.0
    for term in TERMS:
        room += (scenario.mandate[term] - scenario.opening[term]) * scenario.values[term]
        won += (final[term] - scenario.opening[term]) * scenario.values[term]
    return round(max(0.0, min(1.0, won / room)), 3) if room > 0 else 0.0


def behaviours(scenario: Scenario, moves: list[dict], outcome: str | None) -> dict[str, bool]:
    asks = [m for m in moves if m["asks"]]
    first_ask = asks[0] if asks else None
    tactics = {t for m in moves for t in m["tactics"]}
    accepted_round = next((i for i, m in enumerate(moves, 1) if "accept" in m["tactics"]), None)
    return {
        "anchored_first": bool(first_ask and moves.index(first_ask) <= 1
                               and first_ask["asks"].get("base", 0) > scenario.opening["base"]),
        "justified_with_data": "data" in tactics,
        "asked_open_questions": "question" in tactics,
        "traded_terms": "trade" in tactics or "multi_term" in tactics or len({t for m in asks for t in m["asks"]}) >= 2,
        "kept_composure": not ({"ultimatum", "rude"} & tactics),
        "did_not_accept_too_early": not (outcome == "accepted" and accepted_round is not None and not asks),
        "kept_current_pay_private": "reveal_pay" not in tactics,
        "used_competing_offer": "competing" in tactics,
    }


def debrief(scenario: Scenario, state: dict, history: list[float] | None = None) -> dict:
    """The debrief for a session; `history` holds the user's earlier scores, oldest first."""
    outcome = state["outcome"] or "ended_early"
    final = state.get("final_offer", state["offer"]) if outcome != "ended_early" else state["offer"]
    agreed = final if outcome == "accepted" else None
    shares = _captured(scenario, agreed)
    surplus = _surplus_share(scenario, agreed)
    done = behaviours(scenario, state["moves"], outcome)
    breakdown = {"outcome": round(OUTCOME_POINTS * surplus, 1)}
    breakdown.update({name: float(points if done[name] else 0) for name, points in PROCESS_POINTS.items()})
    if not state["moves"]:  # nothing was said: no process to credit
        breakdown.update({name: 0.0 for name in PROCESS_POINTS})
    score = round(sum(breakdown.values()))

    strengths = [name for name in PROCESS_POINTS if done[name] and state["moves"]]
    if done["used_competing_offer"]:
        strengths.insert(0, "used_competing_offer")
    if surplus >= 0.6:
        strengths.insert(0, "strong_outcome")
    practice = [name for name in PROCESS_POINTS if not done[name] or not state["moves"]]
    if agreed is not None and surplus < 0.3:
        practice.insert(0, "weak_outcome")
    practice_lines = [_PRACTICE[name] for name in practice]
    left = [term for term, share in shares.items() if share is not None and share < 0.5]
    if agreed is not None and left:
        practice_lines.append(f"There was room left on {_join([_TERM_ADVICE[t] for t in left[:3]])}: "
                              "ask about every term, not only base.")
    practice_lines += [_PRACTICE[name] for name in ("rehearse_opening", "prepare_walk_away", "summarise_in_writing")]
    strength_lines = [_STRENGTHS[name] for name in strengths]
    if len(strength_lines) < 3 and state["moves"]:
        strength_lines.append(_PRACTISED)
    return {
        "outcome": {"result": outcome, "agreed": agreed, "last_offer": final, "opening": scenario.opening,
                    "surplus_captured": surplus, "captured_by_term": shares, "rounds": state["round"]},
        "mandate": {f"{term}_max": value for term, value in scenario.mandate.items()},
        "moves": done,
        "performance_score": score,
        "score_breakdown": breakdown,
        "strengths": strength_lines[:3],
        "practice": practice_lines[:3],
        "progress": {"previous_scores": history or [],
                     "change": round(score - history[-1], 1) if history else None},
        "market": {"figures": scenario.market, "source": scenario.source},
    }
