"""Best paths through the O*NET related-occupations graph (Dijkstra over at most `max_steps` moves).

A move's cost is how far apart O*NET puts the two occupations plus how much the target asks beyond what
the current occupation has:

    cost = TIER_COST[tier] + index / 100 + mean skill gap + STEP_BACK_COST × job zones dropped

where the mean skill gap is the sum of (target level − current level) over the target's important skills
and knowledge (importance ≥ 3) divided by their number, in O*NET level points (0–7). A move to a lower job zone
is cheap in skills but a step back in a career (less pay, less responsibility), so each zone dropped costs as
much as a weak relation. These weights rank
paths; they are never shown to the user as figures.
"""

from __future__ import annotations

import heapq

from tools.career.profiles import IMPORTANT, Profiles, RelatedGraph

TIER_COST = {"Primary-Short": 1.0, "Primary-Long": 1.5, "Supplemental": 2.0}
UNKNOWN_GAP = 1.0  # an occupation O*NET rates no skills for: an average-sized gap, not a free move
MAX_STEPS = 3
STEP_BACK_COST = 2.0


def mean_gap(profiles: Profiles, current: str, target: str) -> float:
    """Cached on the profiles: a search weighs the same moves again and again."""
    key = (current, target)
    if key not in profiles.gap_cache:
        profiles.gap_cache[key] = _mean_gap(profiles, current, target)
    return profiles.gap_cache[key]


def _mean_gap(profiles: Profiles, current: str, target: str) -> float:
    if not profiles.rated(current) or not profiles.rated(target):
        return UNKNOWN_GAP
    wanted, have = profiles.occupations[target], profiles.occupations[current]
    gaps = [max(0, level - (mine or 0)) for importance, level, mine
            in zip(wanted["importance"], wanted["level"], have["level"])
            if importance is not None and level is not None and importance >= IMPORTANT]
    return sum(gaps) / len(gaps) / 100 if gaps else 0.0


def move_cost(profiles: Profiles, current: str, target: str, tier: str, index: int) -> float:
    zones = profiles.job_zone(current), profiles.job_zone(target)
    dropped = max(0, zones[0] - zones[1]) if None not in zones else 0
    return TIER_COST[tier] + index / 100 + mean_gap(profiles, current, target) + STEP_BACK_COST * dropped


def best_path(graph: RelatedGraph, profiles: Profiles, source: str, target: str, *, max_steps: int = MAX_STEPS,
              min_steps: int = 1) -> list[str] | None:
    """The cheapest path source → … → target of `min_steps` to `max_steps` moves, as SOC codes, or None."""
    queue: list[tuple[float, int, str, tuple[str, ...]]] = [(0.0, 0, source, (source,))]
    settled: set[tuple[str, int]] = set()
    while queue:
        cost, steps, node, path = heapq.heappop(queue)
        if node == target and steps >= min_steps:
            return list(path)
        if (node, steps) in settled or steps == max_steps or (node == target and steps):
            continue
        settled.add((node, steps))
        for neighbour, tier, index in graph.edges.get(node, []):
            if neighbour in path:
                continue
            if neighbour == target and steps + 1 < min_steps:
                continue
            heapq.heappush(queue, (cost + move_cost(profiles, node, neighbour, tier, index), steps + 1, neighbour,
                                   path + (neighbour,)))
    return None
