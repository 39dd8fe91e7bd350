"""One title gives one occupation in every feature: pay, the personalized range, the negotiation plan, the
role-play's scenario, the roadmap and the skills gaps all resolve it through `tools/occupations/resolver.py`."""

from __future__ import annotations

import pytest

from tools.career.roadmap import roadmap
from tools.negotiation.scenario import ScenarioRequest, build_scenario
from tools.negotiation.strategy import OfferTerms, StrategyRequest, negotiation_strategy
from tools.salary.market import market_data
from tools.skills.gaps import resolve_role


@pytest.mark.parametrize("title", ["data analyst", "program manager", "Sr. Account Executive", "pharmacy tech",
                                   "operations coordinator", "registered nurse"])
def test_every_feature_reads_a_title_as_the_same_occupation(title: str) -> None:
    pay = market_data(title, "Denver").occupation
    plan = negotiation_strategy(StrategyRequest(title=title, location="Denver", offer=OfferTerms(base=60_000)))
    scenario = build_scenario(ScenarioRequest(title=title, location="Denver"))
    target = roadmap("cashier", title, "Denver").target
    role, _ = resolve_role(title)
    assert plan.occupation.soc_code == pay.soc_code
    assert scenario.soc_code == pay.soc_code
    assert target is not None and target.soc_code == pay.soc_code
    assert role.soc_code == pay.soc_code and role.soc_title == pay.title  # skills name the O*NET profile too
