"""Offer intents: "Compare my offers: Acme $120,000 in Austin and Globex $135,000 in Seattle, both as software
developer" → the analyze_offers tool → a short reply quoting its totals, market position and what to negotiate,
with the source. The role comes from the message ("as a ..."), else from the saved profile.

Offers are read from the message around each amount: the label is the capitalised name just before the
amount ("Acme $120k", "Acme: $120k", "Acme offered $120k") or after it ("$120k from Acme"); the place is the
"in <Place>" after the amount. An amount followed by "signing bonus" or "RSUs" belongs to the offer before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, register
from agent.offline.slots import extract_amounts, role_after_as
from prompts import render

_AMOUNT = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s?[kKmM]\b)?|\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s?[kK]\b")
_LABEL = r"(?P<label>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,2})"
_LABEL_BEFORE = re.compile(_LABEL + r"(?:\s*[:,\-–]\s*|\s+(?:offers?|offered(?:\s+me)?|pays?|is\s+offering|at|with|"
                           r"for|of)\s+|\s+)(?:an?\s+|a\s+base\s+of\s+|base\s+of\s+)?$")
_LABEL_AFTER = re.compile(r"^\s*(?:a\s+year\s+|base\s+|salary\s+|per\s+year\s+)?(?:from|at|with|by)\s+" + _LABEL)
_PLACE_WORD = r"(?:St\.|Ft\.|Mt\.|[A-Z][\w'-]*)"  # a period ends the place ("in Denver. Which...") but "St. Louis"
_PLACE = re.compile(r"\b(?:in|based in|located in|out of)\s+(?P<place>" + _PLACE_WORD + r"(?:\s+" + _PLACE_WORD
                    + r"){0,3}(?:,\s*[A-Z]{2}\b)?)|\b(?P<remote>(?:fully\s+)?remote)\b")
_SIGNING = re.compile(r"^\s*(?:in\s+|as\s+an?\s+)?(?:signing|sign-on|sign on)\s+bonus", re.I)
_RSUS = re.compile(r"^\s*(?:in\s+|of\s+)?(?:rsus?|restricted stock(?: units)?)\b", re.I)
_OTHER_PAY = re.compile(r"^\s*(?:in\s+|of\s+)?(?:target\s+|annual\s+|a\s+)?(?:bonus|equity|stock|options|relocation)",
                        re.I)
_ROLE_AS = re.compile(r"\bas\s+(?:an?\s+|the\s+)?(?P<role>[a-z][a-z /&+.-]{1,60}?)\s*"
                      r"(?=$|[,.;:!?]|\s+(?:in|at|with|and|for|from|both|each|offers?)\b)", re.I)
_NOT_LABELS = {"i", "my", "compare", "comparing", "offer", "offers", "the", "one", "another", "both", "which", "and",
               "or", "vs", "versus", "hi", "hey", "please", "can", "could", "should", "what", "is", "base", "salary",
               "company", "two", "three", "first", "second", "help", "analyze", "analyse", "evaluate", "got", "have",
               "with", "a", "an", "me", "us", "job", "new", "current"}
_NOT_ROLES = {"well", "such", "much", "soon", "long", "far", "good", "is", "usual", "before", "follows"}
_ANALYSE = re.compile(r"\b(?:compare|comparing|comparison|analy[sz]e|analysis|evaluate|break\s*down|breakdown|weigh|"
                      r"total comp(?:ensation)?|which (?:one|offer|is better|should i (?:take|accept|choose|pick))|"
                      r"better offer|vs\.?|versus)\b", re.I)
_OFFER_WORD = re.compile(r"\boffers?\b", re.I)
_NEGOTIATE = re.compile(r"\b(?:negotiat\w*|counter\w*)\b", re.I)  # "how do I negotiate?": the strategy intent's
# "I make $131,313 now", "my current salary is $95k": what the person earns today, not an offer
_CURRENT_PAY_BEFORE = re.compile(r"\b(?:i(?:'m| am)?\s+(?:currently\s+|now\s+)?(?:make|making|earn|earning|paid|on)|"
                                 r"(?:my\s+)?current(?:ly)?\s+(?:salary|pay|base|comp\w*)?\s*(?:is|of|at)?)\s*$", re.I)


@dataclass
class ParsedOffer:
    base: float
    label: str | None = None
    location: str | None = None
    title: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def _clean_label(raw: str | None) -> str | None:
    words = (raw or "").split()
    while words and words[0].lower().strip(":,") in _NOT_LABELS:
        words.pop(0)
    label = " ".join(words).strip(" .,:")
    return label or None


def _role(text: str) -> str | None:
    role = role_after_as(text)
    if role:
        return role
    match = _ROLE_AS.search(text)
    if match and match.group("role").split()[0].lower() not in _NOT_ROLES:
        return match.group("role").strip()
    return None


def _place(text: str, label: str | None) -> str | None:
    for match in _PLACE.finditer(text):
        if match.group("remote"):
            return "remote"
        place = match.group("place").strip(" .,")
        if place != label:
            return place
    return None


def parse_offers(text: str) -> list[ParsedOffer]:
    """The offers a message states, in order; amounts that are a signing bonus or RSUs go with the offer before."""
    amounts = [(m, extract_amounts(m.group(0))) for m in _AMOUNT.finditer(text)]
    amounts = [(m, values[0]) for m, values in amounts if values and values[0] >= 1_000]
    offers: list[ParsedOffer] = []
    for index, (match, value) in enumerate(amounts):
        left = text[amounts[index - 1][0].end() if index else 0:match.start()]
        right = text[match.end():amounts[index + 1][0].start() if index + 1 < len(amounts) else len(text)]
        signing, rsus = _SIGNING.match(right), _RSUS.match(right)
        if offers and (signing or rsus or re.search(r"(?:signing|sign-on) bonus (?:of\s+)?$", left, re.I)):
            offer = offers[-1]
            if rsus:
                offer.extras["equity"] = {"type": "rsu", "grant_value": value}
            else:
                offer.extras["signing_bonus"] = value
            # "Acme $120,000 with a $10,000 signing bonus in Austin": the place can follow the extra
            offer.location = offer.location or _place(right[(signing or rsus).end() if signing or rsus else 0:],
                                                      offer.label)
            continue
        if _OTHER_PAY.match(right):
            continue  # a bonus in dollars, an option grant's value...: not something this parser can place
        if _CURRENT_PAY_BEFORE.search(left):
            continue
        after = _LABEL_AFTER.match(right)
        before = _LABEL_BEFORE.search(left)
        label = _clean_label(after.group("label") if after else before.group("label") if before else None)
        own_role = _ROLE_AS.search(right)
        offers.append(ParsedOffer(base=value, label=label, location=_place(right, label),
                                  title=own_role.group("role").strip() if own_role else None))
    return offers


def _score(text: str, offers: list[ParsedOffer]) -> float:
    asks_for_analysis = bool(_OFFER_WORD.search(text) and _ANALYSE.search(text))
    if _NEGOTIATE.search(text) and not _ANALYSE.search(text):
        return 0.5 if len(offers) >= 2 else 0.0  # a plan to negotiate, unless no other intent takes it
    if len(offers) >= 2 and (_OFFER_WORD.search(text) or _ANALYSE.search(text)):
        return 0.95
    if len(offers) == 1 and asks_for_analysis:
        return 0.9
    return 0.6 if asks_for_analysis else 0.0  # "compare my offers" without the offers: ask for them


def _tool_args(offers: list[ParsedOffer], title: str, years: float | None) -> dict[str, Any]:
    args: list[dict[str, Any]] = []
    for number, offer in enumerate(offers, start=1):
        entry: dict[str, Any] = {"label": offer.label or f"Offer {number}", "title": offer.title or title,
                                 "base": offer.base}
        if offer.location:
            entry["location"] = offer.location
        entry.update(offer.extras)
        args.append(entry)
    _distinct_labels(args)
    request: dict[str, Any] = {"offers": args}
    if years is not None:
        request["years_experience"] = years
    return request


def _distinct_labels(offers: list[dict[str, Any]]) -> None:
    """Two offers from the same company ("Acme $120k in Austin and Acme $130k in Denver") get numbered labels."""
    seen: dict[str, int] = {}
    for number, offer in enumerate(offers, start=1):
        key = offer["label"].casefold()
        if key in seen:
            offer["label"] = f"{offer['label']} ({number})"
        seen[key] = number


def _readable(error: str, offers: list[ParsedOffer]) -> str:
    """'offers.0.base: ...' → "Acme's base: ...": the offer as the person named it, not an index."""

    def name(match: re.Match[str]) -> str:
        index = int(match.group(1))
        label = offers[index].label if index < len(offers) and offers[index].label else f"offer {index + 1}"
        return f"{label}'s {match.group(2).replace('_', ' ').replace('.', ' ')}"

    return re.sub(r"\boffers\.(\d+)\.([\w.]+)", name, error)


@register
class AnalyzeOffers(Intent):
    name = "offer_analysis"
    requires = ("analyze_offers",)
    help_line = ("compare job offers in full: totals, equity, where each base sits on the market, and what to "
                 "negotiate (tell me each offer's company, base salary and city)")

    def score(self, turn: Turn) -> float:
        return _score(turn.text, parse_offers(turn.text))

    def plan(self, turn: Turn) -> Plan:
        offers = parse_offers(turn.text)
        if not offers:
            return render("offline/offer_need_details")
        title = _role(turn.text) or turn.slots.current_role
        years = turn.slots.experience_years
        if title and years is not None:
            return [ToolRequest("analyze_offers", _tool_args(offers, title, years))]
        if "career_profile" in turn.tools:  # the role or experience the message leaves out
            return [ToolRequest("career_profile", {"action": "get"})]
        if title or all(offer.title for offer in offers):
            return [ToolRequest("analyze_offers", _tool_args(offers, title or "", years))]
        return render("offline/offer_need_role")

    def respond(self, turn: Turn) -> Plan:
        if "analyze_offers" in turn.results:
            result = turn.results["analyze_offers"]
            if isinstance(result, dict) and isinstance(result.get("error"), str):
                result = {**result, "error": _readable(result["error"], parse_offers(turn.text))}
            return render("offline/offer_analysis", result=result)
        profile = (turn.results.get("career_profile") or {}).get("profile") or {}
        offers = parse_offers(turn.text)
        title = _role(turn.text) or turn.slots.current_role or profile.get("current_role")
        if not title and not all(offer.title for offer in offers):
            return render("offline/offer_need_role")
        years = turn.slots.experience_years if turn.slots.experience_years is not None else \
            profile.get("experience_years")
        return [ToolRequest("analyze_offers", _tool_args(offers, title or "", years))]
