"""Negotiation strategy intents: "I got an offer of $92,000 as a registered nurse in Denver, how should I
negotiate?" → the negotiation_strategy tool → a short plan (opening ask, target, walk-away, talking points, the
state's pay-law note) quoting only the tool's numbers, with the source. What the message leaves out (role, place,
years) comes from the saved profile; without the offer's amount it asks for it. "Show me the email script" reads
the last saved plan back. Role-play practice ("let's practise negotiating") is the simulator's, not this.

Amounts are read by what is said around them: "another offer of $100k" is a competing offer, "I make $80k" is
current pay (kept private by the plan), "$5,000 signing bonus" a signing bonus; the offer's base is the amount
after "offer(ed)" or, failing that, the first amount left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.offline.intents import Intent, Plan, ToolRequest, Turn, matches, register
from agent.offline.intents.guardrails import RefuseBluff, RefuseDeception, RefuseInjection
from agent.offline.slots import extract_amounts, role_after_as
from prompts import render
from tools.occupations.levels import parse_level
from tools.occupations.titles import FUZZY, resolve_title

_AMOUNT = r"\$?\s?\d[\d,]*(?:\.\d+)?(?:\s?[kKmM]\b)?"
_NEGOTIATE = re.compile(r"\b(?:negotiat\w*|counter[- ]?offer\w*|counter (?:their|the|this|an?|my) offer)\b", re.I)
_OFFER = re.compile(r"\boffer(?:s|ed)?\b", re.I)
_HOW_TO_RESPOND = re.compile(r"\b(?:ask for more|push back|how (?:should|do|can) i (?:respond|reply|answer)|"
                             r"how much (?:more )?(?:should|can|could) i ask|should i (?:accept|take) (?:it|this|the)|"
                             r"get (?:them|it) (?:up|higher)|what should i counter)\b", re.I)
# Practising against a recruiter is the role-play simulator's intent.
_PRACTICE = re.compile(r"\b(?:role[- ]?play\w*|practi[cs]\w*|rehears\w*|simulat\w*|mock|pretend to be|act as)\b", re.I)
_NOT_AN_OFFER = re.compile(r"\b(?:raise|pay rise|promotion)\b", re.I)
_SCRIPT = re.compile(r"\b(?:email|e-mail|phone|call)\s+script\b|\bscripts?\b.{0,40}\b(?:negotiat\w*|offer|email|"
                     r"phone|call)\b|\b(?:show|give|send)\s+(?:me\s+)?(?:the\s+|my\s+)?script\b", re.I)
_COMPARE = re.compile(r"\b(?:compare|comparing|comparison|analy[sz]e|analysis|evaluate|which (?:one|offer)|"
                      r"better offer|vs\.?|versus|side by side)\b", re.I)
_PHONE = re.compile(r"\b(?:phone|call)\b", re.I)

_COMPETING = re.compile(r"\b(?:competing|other|another|second|rival|backup)\s+offers?\b(?:\s+(?:from|at|with)\s+"
                        r"(?P<company>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2}))?[^$\d]{0,30}?(?P<amount>" + _AMOUNT + ")")
_CURRENT = re.compile(r"\b(?:i(?:'m| am)? (?:currently |now )?(?:make|making|earn|earning|get paid|am paid|on)|"
                      r"my current (?:salary|pay|base)(?: is)?|currently (?:making|earning|on|paid))\s+(?:about |around "
                      r"|roughly )?(?P<amount>" + _AMOUNT + ")", re.I)
_SIGNING = re.compile(r"(?:signing|sign-on|sign on) bonus(?: of)?\s+(?P<after>" + _AMOUNT + r")|(?P<before>" + _AMOUNT
                      + r")\s+(?:signing|sign-on|sign on) bonus", re.I)
_OFFER_AMOUNT = re.compile(r"\boffer(?:ed)?(?:\s+(?:me|us))?(?:\s+(?:is|was|of|for|at|with|came in at))?(?:\s+an?)?"
                           r"(?:\s+base(?: salary| pay)?(?: of)?)?\s+(?P<amount>" + _AMOUNT + ")"
                           r"|(?P<before>" + _AMOUNT + r")\s+(?:base\s+)?(?:job\s+)?offer\b", re.I)
# "an offer for a data analyst position", "the offer is $150k for a software developer in Seattle"
_OFFER_ROLE = re.compile(r"\boffer(?:ed)?\b[^.?!]*?\b(?:for|as) (?:an? |the )(?P<role>[a-z][a-z /&+.-]{1,60}?)"
                         r"(?:\s+(?:role|position|job))?"
                         r"(?=\s+(?:in|at|with|based|near|from|and|but|so)\b|\s*[,.;!?]|$)", re.I)
# "a junior software developer offer of $85,000", "my nursing job offer"
_ROLE_OFFER = re.compile(r"\b(?:an?|the|my|this)\s+(?P<role>[a-z][a-z /&+.-]{1,60}?)\s+(?:job\s+|position\s+|role\s+)?"
                         r"offer\b", re.I)
_NOT_ROLE_BEFORE_OFFER = {"new", "good", "great", "better", "final", "first", "written", "verbal", "formal", "other",
                          "another", "competing", "second", "initial", "current", "low", "lowball", "higher", "job"}
_NOT_ROLE_WORDS = {"bonus", "raise", "salary", "base", "offer", "signing", "equity", "pay", "higher", "more", "counter",
                   "year", "month", "week", "total", "package"}
_PLACE = re.compile(r"\b(?:in|based in|located in|near)\s+(?:the\s+)?(?P<place>[A-Z][\w.'-]*(?:[ -][A-Z][\w.'-]*){0,3}"
                    r"(?:,\s*[A-Z]{2}\b)?)")
_NOT_PLACES = {"I", "My", "The", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"}
_sentence_end = re.compile(r"(?<!\bSt)(?<!\bFt)(?<!\bMt)[.!?]\s")  # "Denver. How" is Denver; "St. Louis" stays
_REMOTE = re.compile(r"\b(?:fully |100% )?remote(?:ly)?\b", re.I)


@dataclass
class OfferAsk:
    """What one message says about the offer and the person."""

    offer: float | None = None
    title: str | None = None
    location: str | None = None
    competing: float | None = None
    competing_company: str | None = None
    current_pay: float | None = None
    signing_bonus: float | None = None


def _amount(text: str | None) -> float | None:
    values = [v for v in extract_amounts(text or "") if v >= 1_000]
    return values[0] if values else None


def _spans(pattern: re.Pattern[str], text: str, *groups: str) -> list[tuple[int, int]]:
    return [m.span(g) for m in pattern.finditer(text) for g in groups if m.group(g)]


def _names_a_job(text: str) -> bool:
    """Whether words before "offer" name a job ("a junior software developer offer"), not praise ("a decent
    offer"): a title O*NET lists, not one found by loose word matching."""
    best = resolve_title(text).best
    return best is not None and best.match != FUZZY


def parse_offer(text: str) -> OfferAsk:
    ask = OfferAsk()
    claimed: list[tuple[int, int]] = []
    competing = _COMPETING.search(text)
    if competing and (value := _amount(competing.group("amount"))):
        ask.competing, ask.competing_company = value, competing.group("company")
        claimed.append(competing.span("amount"))
    current = _CURRENT.search(text)
    if current and (value := _amount(current.group("amount"))):
        ask.current_pay = value
        claimed.append(current.span("amount"))
    signing = _SIGNING.search(text)
    if signing and (value := _amount(signing.group("after") or signing.group("before"))):
        ask.signing_bonus = value
        claimed.extend(_spans(_SIGNING, text, "after", "before")[:1])
    for match in _OFFER_AMOUNT.finditer(text):
        group = "amount" if match.group("amount") else "before"
        if match.span(group) not in claimed and (value := _amount(match.group(group))):
            ask.offer = value
            claimed.append(match.span(group))
            break
    if ask.offer is None:  # the first amount nothing else claimed
        for match in re.finditer(_AMOUNT, text):
            inside = any(start <= match.start() < end for start, end in claimed)
            if not inside and (value := _amount(match.group(0))):
                ask.offer = value
                break
    role = next((m.group("role").strip() for m in _OFFER_ROLE.finditer(text)
                 if not set(m.group("role").lower().split()) & _NOT_ROLE_WORDS), None)
    role = role or next((m.group("role").strip() for m in _ROLE_OFFER.finditer(text)
                         if not set(m.group("role").lower().split()) & (_NOT_ROLE_WORDS | _NOT_ROLE_BEFORE_OFFER)
                         and _names_a_job(m.group("role"))), None)
    ask.title = role_after_as(text) or role
    place = next((_sentence_end.split(m.group("place"))[0].strip(" .,") for m in _PLACE.finditer(text)
                  if m.group("place").split()[0] not in _NOT_PLACES and m.group("place") != ask.competing_company),
                 None)
    ask.location = place or ("remote" if _REMOTE.search(text) else None)
    return ask


def _score(text: str, ask: OfferAsk) -> float:
    if _PRACTICE.search(text) or any(matches(p, text) for p in (RefuseDeception.pattern, RefuseInjection.pattern,
                                                                  RefuseBluff.pattern)):
        return 0.0  # the refusals answer these; this intent must never outbid them
    offer_word = bool(_OFFER.search(text))
    if _NEGOTIATE.search(text):
        if offer_word or ask.offer is not None:
            # "how should I negotiate" beats the offer comparison (several amounts), unless a comparison is asked for
            return 0.9 if _COMPARE.search(text) else 0.96
        return 0.0 if _NOT_AN_OFFER.search(text) else 0.86
    if offer_word and ask.offer is not None:
        return 0.9 if _HOW_TO_RESPOND.search(text) else 0.7
    return 0.0


# A level the user states about themselves ("I'm a new grad", "as an entry-level analyst"): the plan is built
# for it, as if the title said it ("senior" is left out: "I'm a senior" is as often a college year).
_MY_LEVEL = re.compile(r"\b(?:i'?m|i am|as)\s+(?:an?\s+|still\s+)?(?P<level>new grad(?:uate)?|recent (?:college )?"
                       r"grad(?:uate)?|fresh grad(?:uate)?|entry[- ]level|junior|mid[- ]level|intern)\b", re.I)


def _with_my_level(title: str, text: str) -> str:
    """The title with the level the user states about themselves, when the title itself states none."""
    mine = _MY_LEVEL.search(text)
    if mine is None or parse_level(title) is not None:
        return title
    return f"{mine.group('level')} {title}"


def _request(ask: OfferAsk, title: str, location: str | None, years: float | None,
             text: str = "") -> list[ToolRequest]:
    args: dict[str, Any] = {"title": _with_my_level(title, text), "offer_base": ask.offer}
    optional = {"location": location, "years_experience": years, "competing_offer_base": ask.competing,
                "competing_offer_company": ask.competing_company if ask.competing else None,
                "current_pay": ask.current_pay, "signing_bonus": ask.signing_bonus}
    args.update({key: value for key, value in optional.items() if value is not None})
    return [ToolRequest("negotiation_strategy", args)]


@register
class NegotiationStrategy(Intent):
    name = "negotiation_strategy"
    requires = ("negotiation_strategy",)
    help_line = ("plan how to negotiate a job offer: an opening ask, a target and a walk-away point from market "
                 "data, what else to ask for, and email and phone scripts")

    def score(self, turn: Turn) -> float:
        return _score(turn.text, parse_offer(turn.text))

    def plan(self, turn: Turn) -> Plan:
        ask = parse_offer(turn.text)
        title = ask.title or turn.slots.current_role
        if ask.offer is None:
            return render("offline/negotiation_strategy_needs", title=title, offer=None)
        years = turn.slots.experience_years
        if title and ask.location and years is not None:
            return _request(ask, title, ask.location, years, turn.text)
        if "career_profile" in turn.tools:  # the role, place or years the message leaves out
            return [ToolRequest("career_profile", {"action": "get"})]
        if title:
            return _request(ask, title, ask.location, years, turn.text)
        return render("offline/negotiation_strategy_needs", title=None, offer=ask.offer)

    def respond(self, turn: Turn) -> Plan:
        if "negotiation_strategy" in turn.results:
            return render("offline/negotiation_strategy", result=turn.results["negotiation_strategy"])
        profile = (turn.results.get("career_profile") or {}).get("profile") or {}
        ask = parse_offer(turn.text)
        title = ask.title or turn.slots.current_role or profile.get("current_role") or profile.get("target_role")
        if ask.offer is None or not title:
            return render("offline/negotiation_strategy_needs", title=title, offer=ask.offer)
        years = turn.slots.experience_years
        years = years if years is not None else profile.get("experience_years")
        return _request(ask, title, ask.location or profile.get("location"), years, turn.text)


@register
class NegotiationScript(Intent):
    """"Show me the email script": the script of the user's last saved plan."""

    name = "negotiation_script"
    requires = ("negotiation_strategy",)
    help_line = None

    def score(self, turn: Turn) -> float:
        return 0.0 if _PRACTICE.search(turn.text) else 0.92 if _SCRIPT.search(turn.text) else 0.0

    def plan(self, turn: Turn) -> Plan:
        return [ToolRequest("negotiation_strategy", {"action": "latest"})]

    def respond(self, turn: Turn) -> Plan:
        kind = "phone" if _PHONE.search(turn.text) else "email"
        return render("offline/negotiation_script", result=turn.results.get("negotiation_strategy") or {}, kind=kind)
