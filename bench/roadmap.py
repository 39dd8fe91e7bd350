"""Career roadmap benchmark: data load time and roadmap latency over many role pairs.

    .venv/bin/python -m bench.roadmap [--pairs 300] [--seed 7]

- Load: the career profiles and the related-occupations graph (first call, cold in this process).
- Latency: `roadmap(current, target, place)` for a seeded sample of (current, target) OEWS occupation names,
  half of them O*NET-related pairs, over a few places; median, p95, max after one warm-up call. Also the
  share of pairs that have a bridge path and an education scenario. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.stats import Stats
from tools.career.profiles import load_graph, load_profiles
from tools.career.roadmap import roadmap
from tools.occupations.oews import load_oews

PLACES = (None, "Denver", "Austin, TX", "New York City", "Ohio")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    profiles, graph = load_profiles(), load_graph()
    print(f"load profiles + graph: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({len(profiles.occupations)} occupations, {sum(map(len, graph.edges.values()))} relations)")
    data = load_oews()
    rng = random.Random(args.seed)
    codes = sorted(c for c in graph.edges if c in data.occupation_by_code)
    pairs = []
    for n in range(args.pairs):
        source = rng.choice(codes)
        related = graph.edges[source]
        target = rng.choice(related)[0] if n % 2 == 0 and related else rng.choice(codes)
        pairs.append((data.occupation_by_code[source].name, data.occupation_by_code[target].name, rng.choice(PLACES)))
    roadmap(*pairs[0])  # warm-up: title and area indexes
    times, bridges, educations, failed = [], 0, 0, 0
    for current, target, place in pairs:
        started = time.perf_counter()
        try:
            result = roadmap(current, target, place)
        except LookupError:
            failed += 1
            continue
        times.append((time.perf_counter() - started) * 1000)
        names = [s.name for s in result.scenarios]
        bridges += "bridge" in names
        educations += "education" in names
    times.sort()
    print(Stats.of(times).line("roadmap", digits=1) + "; "
          f"bridge path {bridges / len(times):.0%}, education scenario {educations / len(times):.0%}, "
          f"unresolved {failed}")


if __name__ == "__main__":
    main()
