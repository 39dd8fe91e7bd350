"""Words for the recruiter's move. Offline: lines from prompts/offline/recruiter.yaml, varied by persona, style
and round. With a model: the model phrases the move from prompts/<version>/recruiter.md, and its text is kept
only if every number in it is one of the package's; otherwise the template line is used."""

from __future__ import annotations

import json
import logging
import random
import re
from functools import lru_cache

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from prompts import PROMPTS_DIR, _environment, render
from tools.negotiation.engine import RecruiterMove
from tools.negotiation.scenario import COMPANY_RULES, Scenario
from tools.money import money

log = logging.getLogger(__name__)
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k|K|thousand)?")


@lru_cache(maxsize=1)
def _lines() -> dict:
    return yaml.safe_load((PROMPTS_DIR / "offline" / "recruiter.yaml").read_text(encoding="utf-8"))



def _term_words(term: str, value: float) -> str:
    n = int(value)
    return {"base": f"a base salary of {money(value)}", "signing_bonus": f"a {money(value)} signing bonus",
            "equity": f"{money(value)} a year in equity", "pto_days": f"{n} days of paid time off",
            "remote_days": f"{n} remote day{'s' if n != 1 else ''} a week",
            "start_weeks": f"a start date {n} week{'s' if n != 1 else ''} out"}[term]


def _change_words(term: str, value: float) -> str:
    n = int(value)
    return {"base": f"base to {money(value)}", "signing_bonus": f"the signing bonus to {money(value)}",
            "equity": f"equity to {money(value)} a year", "pto_days": f"paid time off to {n} days",
            "remote_days": f"remote work to {n} day{'s' if n != 1 else ''} a week",
            "start_weeks": f"the start date to {n} week{'s' if n != 1 else ''} out"}[term]


_TERM_NAMES = {"base": "base salary", "signing_bonus": "a signing bonus", "equity": "equity",
               "pto_days": "paid time off", "remote_days": "remote days", "start_weeks": "the start date"}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe_package(offer: dict[str, float]) -> str:
    """The package in words; terms at zero (no signing bonus, no equity) are left out."""
    return _join([_term_words(term, value) for term, value in offer.items() if value or term == "base"])


def template_line(scenario: Scenario, move: RecruiterMove, round_: int) -> str:
    lines = _lines()
    rng = random.Random(f"{scenario.seed}:{round_}:{move.kind}")
    env = _environment()
    variables = {
        "package": describe_package(move.offer) if move.offer else "",
        "changes": _join([_change_words(t, move.offer[t]) for t in move.changed]) if move.offer and move.changed else "",
        "role": scenario.occupation.rstrip("s") if scenario.occupation.endswith("s") else scenario.occupation,
        "company": COMPANY_RULES[scenario.company_type].label,
        "open_terms": _join([_TERM_NAMES[t] for t in move.open_terms]) if move.open_terms else "",
    }
    parts: list[str] = []
    if move.kind == "opening":
        parts.append(rng.choice(lines["openers"][scenario.persona]))
    for reason in move.reasons:
        if reason in lines["reasons"]:
            parts.append(rng.choice(lines["reasons"][reason]))
            break
    parts.append(env.from_string(rng.choice(lines["moves"][move.kind])).render(**variables))
    if move.kind == "opening" or rng.random() < 0.5:  # a sign-off now and then, not on every line
        parts.append(rng.choice(lines["closers"][scenario.style]))
    return " ".join(part for part in parts if part)


def numbers_in(text: str) -> list[float]:
    """Every number a text states, with "95k" read as 95,000."""
    found = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "").rstrip("."))
        if match.group(2):
            value *= 1_000
        found.append(value)
    return found


def states_only_offer_numbers(text: str, offer: dict[str, float] | None) -> bool:
    """True when every number in the text is one of the package's figures."""
    allowed = {float(v) for v in (offer or {}).values()}
    return all(number in allowed for number in numbers_in(text))


def phrase(scenario: Scenario, move: RecruiterMove, round_: int, model: BaseChatModel | None = None,
           prompt_version: str | None = None) -> str:
    fallback = template_line(scenario, move, round_)
    if model is None:
        return fallback
    brief = {"move": move.kind, "offer_on_the_table": move.offer, "changed_terms": move.changed,
             "why": move.reasons, "terms_with_room": move.open_terms, "persona": scenario.persona,
             "style": scenario.style, "role": scenario.occupation, "company_type": scenario.company_type,
             "example_line": fallback}
    try:
        reply = model.invoke([SystemMessage(render("recruiter", version=prompt_version)),
                              HumanMessage(json.dumps(brief))])
        text = reply.text.strip() if hasattr(reply, "text") else str(reply.content).strip()
    except Exception as exc:  # the model is down: the template still answers
        log.warning("recruiter phrasing failed, using the template: %s", exc)
        return fallback
    if not text or not states_only_offer_numbers(text, move.offer):
        log.info("recruiter phrasing stated a number that is not the engine's; using the template")
        return fallback
    return text
