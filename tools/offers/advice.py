"""What to negotiate in an offer: each suggestion names the term, what to ask for and why, with the figures it
rests on (from the offer itself, another offer on the table, or BLS OEWS). Rules, in the order given:

- base below the market median (or below the personal target for the person's experience) → ask for base,
  citing the median;
- no signing bonus → ask for one, to offset a bonus or unvested equity given up by leaving;
- stock options → ask to trade some for base or RSUs (options may be worth nothing);
- a cliff over 12 months → ask for 12 or less; a back-loaded schedule → ask for even vesting or a bridge;
- fewer paid days off or remote days than another offer, or fewer than 15 days off (three weeks: a rule of
  thumb of this tool, not a statistic) → ask;
- a lower total than another offer → use it, truthfully, as leverage.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from tools.offers.compensation import Compensation
from tools.offers.equity import EquityValue, OptionsValue
from tools.offers.market_position import MarketPosition
from tools.offers.model import Offer
from tools.money import money
from tools.occupations.oews import TOP_CODE_ANNUAL, load_oews
from tools.salary.personalized import ordinal

FEW_PTO_DAYS = 15  # three weeks: this tool's rule of thumb
LONGEST_USUAL_CLIFF_MONTHS = 12


class Suggestion(BaseModel):
    term: str  # base, signing_bonus, equity, vesting, pto, remote, leverage
    ask: str
    reason: str


@dataclass(frozen=True)
class Peer:
    """Another offer on the table, to compare terms with."""

    label: str
    offer: Offer
    compensation: Compensation


def suggestions(offer: Offer, market: MarketPosition, equity: EquityValue | None, pay: Compensation,
                peers: list[Peer]) -> list[Suggestion]:
    found = [_base(offer, market), _signing_bonus(offer), *_equity(equity), _pto(offer, peers),
             _remote(offer, peers), _leverage(pay, peers)]
    return [suggestion for suggestion in found if suggestion is not None]


def _base(offer: Offer, market: MarketPosition) -> Suggestion | None:
    cite = f"{market.occupation} in {market.figures_area}, BLS OEWS {load_oews().release}"
    reasons: list[str] = []
    ask_for: float | None = None
    if market.median is not None and offer.base < market.median:
        ask_for = market.median
        reasons.append(f"{market.summary} That is {money(market.median - offer.base)} below the median, "
                       f"{money(market.median)} ({cite}).")
    elif market.median_top_coded and market.unit == "year" and offer.base < TOP_CODE_ANNUAL:
        ask_for = TOP_CODE_ANNUAL
        reasons.append(f"The median is at least {money(TOP_CODE_ANNUAL)} ({cite}; BLS top-codes it) and the base "
                       f"offered is {money(offer.base)}.")
    target = market.personal_target
    if target is not None and target.base_minus_target < 0:
        ask_for = max(ask_for or 0, target.amount)
        reasons.append(f"For {target.years_experience:g} years of experience this tool's range targets "
                       f"{money(target.amount)}, the {ordinal(round(target.percentile))} percentile.")
    if ask_for is None:
        return None
    return Suggestion(term="base", ask=f"Ask for a base nearer {money(ask_for)}, citing the market figures.",
                      reason=" ".join(reasons))


def _signing_bonus(offer: Offer) -> Suggestion | None:
    if offer.signing_bonus:
        return None
    return Suggestion(term="signing_bonus", ask="Ask for a signing bonus.",
                      reason="There is none; a signing bonus is the usual way to offset a bonus or unvested equity "
                             "you give up by leaving your current job, and it costs the employer nothing after year 1.")


def _equity(equity: EquityValue | None) -> list[Suggestion]:
    if equity is None:
        return []
    found: list[Suggestion] = []
    if isinstance(equity, OptionsValue):
        at_one = next(s for s in equity.scenarios if s.multiplier == 1.0)
        found.append(Suggestion(
            term="equity", ask="Ask to trade part of the options for more base or for RSUs.",
            reason=f"The options are worth {money(at_one.total_value)} once vested only if the company is one day "
                   f"sold or listed at today's preferred price, nothing at 0×, and exercising them costs "
                   f"{money(equity.exercise_cost)}: base and RSUs are certain, options are not."))
    vesting = equity.vesting
    if vesting.cliff_months > LONGEST_USUAL_CLIFF_MONTHS:
        found.append(Suggestion(
            term="vesting", ask=f"Ask for a cliff of {LONGEST_USUAL_CLIFF_MONTHS} months or less.",
            reason=f"With a cliff of {vesting.cliff_months} months nothing vests until month {vesting.cliff_months}"
                   + (", so year 1 has no equity." if vesting.vested_percent_by_year[0] == 0 else ".")))
    elif vesting.years > 1 and vesting.schedule_percent[0] < 100 / vesting.years - 0.01:
        found.append(Suggestion(
            term="vesting", ask="Ask for even vesting, or a signing bonus that bridges the back-loaded years.",
            reason=f"Only {vesting.schedule_percent[0]:g}% of the grant vests in year 1 "
                   f"(schedule {', '.join(f'{p:g}%' for p in vesting.schedule_percent)}): if you leave early, "
                   "you keep little of it."))
    return found


def _best_peer(peers: list[Peer], field: str) -> tuple[Peer, float] | None:
    stated = [(peer, getattr(peer.offer, field)) for peer in peers if getattr(peer.offer, field) is not None]
    return max(stated, key=lambda pair: pair[1]) if stated else None


def _pto(offer: Offer, peers: list[Peer]) -> Suggestion | None:
    if offer.pto_days is None:
        return None
    best = _best_peer(peers, "pto_days")
    if best is not None and best[1] > offer.pto_days:
        return Suggestion(term="pto", ask=f"Ask for {best[1]:g} paid days off, as {best[0].label} offers.",
                          reason=f"This offer has {offer.pto_days:g} days.")
    if offer.pto_days < FEW_PTO_DAYS:
        return Suggestion(term="pto", ask="Ask for more paid days off.",
                          reason=f"{offer.pto_days:g} days is under three weeks ({FEW_PTO_DAYS} days, this tool's "
                                 "rule of thumb); days off are often easier to get than base.")
    return None


def _remote(offer: Offer, peers: list[Peer]) -> Suggestion | None:
    best = _best_peer(peers, "remote_days_per_week")
    mine = offer.remote_days_per_week
    if best is None or best[1] <= (mine or 0):
        return None
    return Suggestion(term="remote", ask=f"Ask for {best[1]:g} remote days a week, as {best[0].label} offers.",
                      reason=f"This offer has {mine:g}." if mine is not None else "This offer does not mention "
                      "remote work.")


def _leverage(pay: Compensation, peers: list[Peer]) -> Suggestion | None:
    ahead = [peer for peer in peers if peer.compensation.first_year.total > pay.first_year.total]
    if not ahead:
        return None
    best = max(ahead, key=lambda peer: peer.compensation.first_year.total)
    gap = best.compensation.first_year.total - pay.first_year.total
    return Suggestion(term="leverage", ask=f"Tell them, truthfully, that {best.label}'s offer pays more in year 1, "
                                           "and ask them to close the gap.",
                      reason=f"{best.label}'s first-year total is {money(best.compensation.first_year.total)}, "
                             f"{money(gap)} more than this offer's {money(pay.first_year.total)}.")
