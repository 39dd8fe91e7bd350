"""The words of a negotiation plan, built from its numbers: asks beyond base, talking points that cite BLS with
its source, timing, email and phone scripts (templates in `prompts/negotiation_strategy/`), and what not to do.

Nothing here computes a market figure: every amount comes from the plan (`strategy.py`) or the user's input. The
user's current pay is never written into anything meant for the employer (talking points, scripts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from prompts import render
from tools.negotiation.pay_laws import state_name
from tools.negotiation.terms import Term
from tools.occupations.oews import TOP_CODE_ANNUAL
from tools.salary.personalized import ordinal
from tools.salary.trends import Source
from tools.money import money

if TYPE_CHECKING:
    from tools.negotiation.strategy import NegotiationStrategy, StrategyRequest

RESPONSE_WINDOW_HOURS = (24, 72)
NON_BASE_ORDER: tuple[Term, ...] = ("signing_bonus", "equity", "bonus", "remote", "pto", "start_date", "title",
                                    "review_date")

ETHICS = ("This plan uses honest leverage only: published market data, real alternatives and the value you bring. "
          "Never invent a competing offer or misstate your pay history: it is dishonest, employers check, and an offer "
          "built on it can be withdrawn, even after you start. You may decline to share your current pay.")

METHOD = ("Your offer's base is placed on BLS OEWS's published pay curve for the role and place (10th, 25th, median, "
          "75th and 90th percentiles, joined by straight lines; nothing beyond them is extrapolated). The target is "
          "your personalized market target (the level in your title and your years of experience set a band of "
          "percentiles, e.g. junior 15th–35th, senior 65th–85th, and a target inside it; then industry), or without "
          "years the usual spot of the level your title states (the median when it states none); if the offer already meets it, one step (5 percentile points) up the curve. The opening "
          "ask is 10 points above the target, or a real competing offer if higher. The walk-away is the highest of "
          "the low end of your market range (the level's band), a real competing offer and your current pay (which stays private: it is "
          "never written into the scripts). These steps are this tool's conventions; the curve is BLS's data.")


class NonBaseAsk(BaseModel):
    term: Term
    ask: str
    why: str
    your_priority: bool


class TalkingPoint(BaseModel):
    point: str
    source: Source | None = None


class TimingStep(BaseModel):
    when: str
    advice: str


class Timing(BaseModel):
    response_window_hours: tuple[int, int]  # how long to ask for before answering
    steps: list[TimingStep]


class Scripts(BaseModel):
    email: str
    phone: str



def place_name(figures_area: str) -> str:
    """How a sentence names the curve's area: BLS calls the nation "National"."""
    return "the United States" if figures_area == "National" else figures_area


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------------------------------------ asks

def non_base_asks(request: "StrategyRequest", plan: "NegotiationStrategy") -> list[NonBaseAsk]:
    """What to ask for besides base: the user's priorities first, then the usual order."""
    offer = request.offer
    gap = plan.target.amount - offer.base
    asks: dict[str, tuple[str, str]] = {}
    if gap > 0 and plan.target.basis == "current_pay":  # the target is the private figure: don't spell it out
        asks["signing_bonus"] = ("If base can't reach your target, ask for a one-time signing bonus that closes the "
                                 "first-year gap.",
                                 "A one-off payment is often easier to approve than base.")
    elif gap > 0:
        asks["signing_bonus"] = (
            (f"If base can't reach {money(plan.target.amount)}, ask for a one-time signing bonus of {money(gap)} "
             "(the first-year gap)" + (f" on top of the {money(offer.signing_bonus)} offered" if offer.signing_bonus
                                      else "") + "."),
            "A one-off payment is often easier to approve than base, and it closes the first-year gap.")
    else:
        asks["signing_bonus"] = (
            ("Confirm the signing bonus terms in writing (any repayment if you leave early)." if offer.signing_bonus
             else "Ask whether a signing bonus is possible, e.g. to cover a bonus or unvested equity you leave behind."),
            "One-off money costs the employer less than base, so it is a common give.")
    asks["equity"] = (
        ("Ask for a larger grant or a yearly refresher, and get the vesting schedule and cliff in writing."
         if offer.equity_annual_value else
         "Ask whether equity (shares or options) is part of the package for this role."),
        "Equity can be worth more than a small base change; its terms (vesting, cliff) matter as much as the amount.")
    if offer.bonus_target_percent is not None:
        asks["bonus"] = ("Ask whether the first-year bonus is guaranteed or prorated from your start date, and how the "
                         "target is paid out in practice.",
                         "A target is not a promise: knowing how often it is met tells you what the offer is worth.")
    if offer.remote_days_per_week is None:
        asks["remote"] = ("Ask what the remote/hybrid arrangement is, and get it written into the offer.",
                          "Remote days save commuting time and money; verbal promises change with managers.")
    elif offer.remote_days_per_week < 5:
        asks["remote"] = (f"Ask for {offer.remote_days_per_week + 1} remote days a week instead of "
                          f"{offer.remote_days_per_week}, in writing.",
                          "Flexibility is cheap for many employers and valuable to you.")
    else:
        asks["remote"] = ("The role is fully remote: get that written into the offer, with any travel expectations.",
                          "Remote policies change; a written term protects you.")
    asks["pto"] = (("Ask for more paid time off than the "
                    f"{offer.pto_days} days offered, or an extra week in your first year." if offer.pto_days is not None
                    else "Ask how many paid days off come with the role, and whether there is room for more."),
                   "Time off is often flexible for a new hire, even when base is not.")
    asks["start_date"] = (
        (f"Check that {offer.start_date:%B} {offer.start_date.day}, {offer.start_date.year} leaves time for your "
         "notice period and a short break; ask for a later date if not." if offer.start_date else
         "Agree a start date that leaves time for your notice period and a short break."),
        "A start date costs the employer little and gives you a clean transition.")
    asks["title"] = ("If your experience fits a higher level, ask for the title (and level) that matches it.",
                     "Title and level set your pay band and your next move.")
    asks["review_date"] = ("Ask for a pay review after six months, with the criteria agreed now and written down.",
                           "If base can't move today, a dated review with clear criteria is the next best thing.")
    priorities = [t for t in request.priorities if t in asks]
    order = priorities + [t for t in NON_BASE_ORDER if t in asks and t not in priorities]
    return [NonBaseAsk(term=term, ask=asks[term][0], why=asks[term][1], your_priority=term in priorities)
            for term in order]


# ------------------------------------------------------------------------------------------ talking points

def _market_sentence(plan: "NegotiationStrategy") -> str:
    market, source = plan.market, plan.source
    points = market.annual_points
    lead = f"BLS OEWS data ({source.release}) for {market.occupation} in {place_name(market.figures_area)}"
    per = " a year" + (" (from BLS's hourly figures)" if market.unit == "hour" else "")
    if points.get("median") is not None:
        text = f"{lead}: median {money(points['median'])}{per}"
        if points.get("p75") is not None:
            text += f", 75th percentile {money(points['p75'])}"
        elif "p75" in market.top_coded:
            text += f", 75th percentile at least ${TOP_CODE_ANNUAL:,.0f} (BLS top-codes it)"
        return text + "."
    if "median" in market.top_coded:
        return (f"{lead}: BLS publishes only that the median is at least ${TOP_CODE_ANNUAL:,.0f} a year (it top-codes "
                "higher pay), so the market supports pay at the top of that scale.")
    published = {k: v for k, v in points.items() if v is not None}
    return (f"{lead}: BLS does not publish a median here; the published figures are "
            + ", ".join(f"{k} {money(v)}" for k, v in published.items()) + ".")


def talking_points(request: "StrategyRequest", plan: "NegotiationStrategy") -> list[TalkingPoint]:
    points = [TalkingPoint(point=_market_sentence(plan), source=plan.source)]
    offer, target = plan.offer, plan.target
    if offer.percentile is not None:
        position = f"The offer of {money(offer.base)} is at about the {ordinal(round(offer.percentile))} percentile"
        if plan.market.personalized and request.years_experience is not None and target.percentile is not None \
                and target.basis == "market" and not target.at_least:
            position += (f"; with {request.years_experience:g} years of experience the market puts me around the "
                         f"{ordinal(round(target.percentile))} percentile ({money(target.amount)})")
        points.append(TalkingPoint(point=position + ".", source=plan.source))
    elif offer.placement == "below_published":
        points.append(TalkingPoint(point=(f"The offer of {money(offer.base)} is below the lowest pay BLS publishes for "
                                          "this role here."), source=plan.source))
    competing = request.competing_offer
    if competing is not None:
        who = f" from {competing.company}" if competing.company else ""
        ask = (" so I'm asking whether you can match it" if plan.anchor.basis == "competing_offer" else "")
        points.append(TalkingPoint(point=(f"I have another offer{who} at {money(competing.base)}. I'd prefer to join "
                                          f"you,{ask}" if ask else f"I have another offer{who} at "
                                          f"{money(competing.base)}, and I'd prefer to join you") + "."))
    outlook = plan.leverage.outlook
    if outlook is not None and outlook.growth_category in ("much faster than average", "faster than average"):
        points.append(TalkingPoint(point=(f"BLS projects employment of {outlook.title.lower()} to grow "
                                          f"{outlook.change_percent:+.1f}% over 2024–34 ({outlook.growth_category})."),
                                   source=next((s for s in plan.sources if s.name != "BLS OEWS"), None)))
    transparency = [law for law in plan.pay_laws.laws if law.kind == "pay_transparency" and law.in_effect]
    if transparency:
        law = transparency[0]
        points.append(TalkingPoint(point=(f"If the posting or recruiter gave a pay range ({law.citation} requires "
                                          "employers to share it), say where your ask sits in it and why.")))
    points.append(TalkingPoint(point=("Tie the ask to your results: two or three specific things you have done that "
                                      "this role needs.")))
    return points


# ----------------------------------------------------------------------------------------------- timing

def timing(request: "StrategyRequest") -> Timing:
    low, high = RESPONSE_WINDOW_HOURS
    steps = [
        TimingStep(when="When the offer arrives", advice=(
            f"Thank them, say you're excited, and ask for the offer in writing and {low}–{high} hours to review it. "
            "Don't accept or negotiate on the spot.")),
        TimingStep(when="Before you reply", advice=(
            "Settle your numbers (opening ask, target, walk-away), pick two or three talking points and the other "
            "terms that matter most to you.")),
        TimingStep(when="Your counter", advice=(
            "Within the time you asked for, send one counter that bundles all your asks (email keeps the numbers "
            "clear), then offer a call to talk it through.")),
        TimingStep(when="After their answer", advice=(
            "If they move, thank them and ask for the revised offer in writing; one more round is normal, more is "
            "rare. If base can't move, turn to the other terms.")),
    ]
    if request.offer.start_date is not None:
        start = request.offer.start_date
        steps.append(TimingStep(when=f"Before {start:%B} {start.day}, {start.year}", advice=(
            "Have everything agreed in writing before you give notice at your current job.")))
    if request.competing_offer is not None:
        steps.append(TimingStep(when="With two offers", advice=(
            "Tell both employers honestly when you need to answer; ask the one you prefer whether they can decide "
            "sooner.")))
    return Timing(response_window_hours=RESPONSE_WINDOW_HOURS, steps=steps)


# ---------------------------------------------------------------------------------------------- scripts

def _script_context(request: "StrategyRequest", plan: "NegotiationStrategy") -> dict[str, object]:
    points = plan.market.annual_points
    asks = [a for a in plan.non_base_asks if a.term in ("signing_bonus", "equity", "remote", "pto", "start_date")]
    words = {"signing_bonus": "a signing bonus", "equity": "equity", "remote": "remote days",
             "pto": "paid time off", "start_date": "the start date"}
    competing = request.competing_offer
    ban_states = plan.pay_laws.salary_history_ban_states
    return {
        "title": request.title,
        "occupation": plan.market.occupation,
        "figures_area": place_name(plan.market.figures_area),
        "release": plan.source.release,
        "median": money(points["median"]) if points.get("median") is not None else None,
        "median_top_coded": "median" in plan.market.top_coded,
        "top_code": f"${TOP_CODE_ANNUAL:,.0f}",
        "p75": money(points["p75"]) if points.get("p75") is not None else None,
        "years": f"{request.years_experience:g}" if request.years_experience is not None else None,
        "offer": money(request.offer.base),
        "anchor": money(plan.anchor.amount),
        "target": money(plan.target.amount),
        "competing": money(competing.base) if competing else None,
        "competing_company": competing.company if competing else None,
        "competing_is_anchor": plan.anchor.basis == "competing_offer",
        "other_terms": _join([words[a.term] for a in asks[:2]]) if asks else None,
        "fallback_terms": _join([words[a.term] for a in asks[:3]]) if asks else "the other terms",
        # States where employers may not ask about pay history (named in the phone script's answer to that question).
        "history_ban": _join([state_name(s) for s in ban_states]) if ban_states else None,
    }


def scripts(request: "StrategyRequest", plan: "NegotiationStrategy") -> Scripts:
    context = _script_context(request, plan)
    return Scripts(email=render("negotiation_strategy/email", **context),
                   phone=render("negotiation_strategy/phone", **context))


# ------------------------------------------------------------------------------------------------ do not

def do_not(request: "StrategyRequest", plan: "NegotiationStrategy") -> list[str]:
    bans = [law for law in plan.pay_laws.laws if law.kind == "salary_history_ban" and law.in_effect]
    history = ("Don't volunteer your current or past pay, and never misstate it. If asked, say you're focused on the "
               "market rate for this role and what you'll bring.")
    if bans:
        history += (" Here employers may not ask about your pay history: "
                    + "; ".join(f"{law.citation}" for law in bans) + ".")
    items = [
        "Don't invent a competing offer or inflate one you have: employers check, and offers get withdrawn.",
        history,
        "Don't accept on the spot or on the phone: ask for the offer in writing and time to review it.",
        "Don't give an ultimatum you won't carry out.",
        "Don't negotiate against yourself: after you name your number, stop and wait for their answer.",
        "Don't negotiate one item at a time: put all your asks in one counter.",
        "Don't give a range: they will hear only its bottom. Name one specific number.",
    ]
    if plan.walk_away.amount > request.offer.base:
        items.append(f"Don't accept less than {money(plan.walk_away.amount)} on base unless other terms make up the "
                     "difference.")
    return items
