"""Mentor matching speed, on synthetic mentors and mentees drawn from real occupations and skills of the taxonomy:

1. ranking the mentors for one mentee among --mentors (10,000): MentorIndex.rank, median over --runs mentees
   (target < 50 ms), and how long building the index takes;
2. a cohort: --cohort-mentees (2,000) assigned to --cohort-mentors (500) by stable matching within capacities
   (target < 2 s), with how many got a place and their median rank of match.

    python -m bench.mentors [--mentors N] [--runs N] [--cohort-mentees N] [--cohort-mentors N]"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.stats import Stats
from tools.mentors.cohort import assign
from tools.mentors.compatibility import MentorCard, MentorIndex, Needs

TARGET_RANK_MS = 50.0
TARGET_COHORT_S = 2.0
LANGUAGES = ["English", "Spanish", "Hindi", "French", "German", "Mandarin"]
INDUSTRIES = ["Software", "Health care", "Finance", "Retail", "Manufacturing", "Education", "Government"]


def occupations_and_skills() -> tuple[list[tuple[str, str]], list[str]]:
    from tools.skills.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    occupations = sorted((code[:7], o.title) for code, o in taxonomy.occupations.items() if o.requirements)
    return occupations, [f"c{i}" for i in range(len(taxonomy.concepts))]


def week(rng: random.Random) -> int:
    """A few 1-3 hour evening or weekend slots, as half-hour bits of a UTC week."""
    bits = 0
    for _ in range(rng.randint(1, 4)):
        start = rng.randrange(7) * 48 + rng.randrange(14, 44)
        for k in range(start, start + rng.randint(2, 6)):
            bits |= 1 << (k % 336)
    return bits


def mentors(count: int, rng: random.Random, occupations, skills) -> list[MentorCard]:
    # Skills cluster by occupation, as real mentors' do: each occupation draws from its own slice of concepts.
    return [MentorCard(id=f"m{i}", display_name=f"Mentor {i}", headline="", industries=(rng.choice(INDUSTRIES),),
                       roles=tuple(rng.sample(occupations, rng.randint(1, 3))),
                       skills={k: k for k in rng.sample(skills, 12)}, years=rng.randint(3, 35),
                       languages=tuple(rng.sample(LANGUAGES, rng.randint(1, 2))) if rng.random() < 0.3 else ("English",),
                       timezone="UTC", week=week(rng), open_places=rng.randint(1, 5), accepting=rng.random() < 0.95,
                       style=rng.choice(["structured", "casual"]), frequency=rng.choice(["weekly", "biweekly", "monthly"]))
            for i in range(count)]


def mentee(rng: random.Random, occupations, skills) -> Needs:
    return Needs(target=rng.choice(occupations), skills={k: (k, rng.uniform(0.3, 1.0)) for k in rng.sample(skills, 8)},
                 industry=rng.choice(INDUSTRIES), years=rng.randint(0, 12), languages=("English",), week=week(rng),
                 style=rng.choice([None, "structured", "casual"]), frequency=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--cohort-mentees", type=int, default=2_000)
    parser.add_argument("--cohort-mentors", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(7)
    occupations, skills = occupations_and_skills()
    # A pool of skills per run so that mentors and mentees share some (the whole taxonomy would rarely meet).
    pool = rng.sample(skills, 600)

    cards = mentors(args.mentors, rng, occupations, pool)
    started = time.perf_counter()
    index = MentorIndex(cards)
    built_ms = (time.perf_counter() - started) * 1000
    people = [mentee(rng, occupations, pool) for _ in range(args.runs + 5)]
    for needs in people[:5]:
        index.rank(needs, 5)  # warm-up
    times = []
    for needs in people[5:]:
        started = time.perf_counter()
        index.rank(needs, 5)
        times.append((time.perf_counter() - started) * 1000)
    ranking = Stats.of(times)
    print(f"Ranking {args.mentors:,} mentors for one mentee (top 5 with reasons), {args.runs} mentees:")
    print("  " + ranking.line("MentorIndex.rank", digits=1)
          + f"  [target median < {TARGET_RANK_MS:.0f} ms: {'PASS' if ranking.median < TARGET_RANK_MS else 'FAIL'}]")
    print(f"  building the index: {built_ms:.0f} ms")

    cohort_cards = mentors(args.cohort_mentors, rng, occupations, pool)
    cohort_mentees = {f"e{i}": mentee(rng, occupations, pool) for i in range(args.cohort_mentees)}
    started = time.perf_counter()
    cohort = assign(MentorIndex(cohort_cards), cohort_mentees)
    seconds = time.perf_counter() - started
    places = sum(m.open_places for m in cohort_cards if m.accepting)
    usable = sum(m.open_places for m in cohort_cards if m.accepting and "English" in m.languages)
    print(f"\nCohort: {args.cohort_mentees:,} mentees, {args.cohort_mentors:,} mentors with {places:,} open places "
          f"({usable:,} with mentors who speak the mentees' language):")
    print(f"  stable assignment (index, scores, deferred acceptance, groups): {seconds:.2f} s  "
          f"[target < {TARGET_COHORT_S:.0f} s: {'PASS' if seconds < TARGET_COHORT_S else 'FAIL'}]")
    ranks = list(cohort.rank_of_match.values())
    print(f"  assigned {len(cohort.assignment):,}, unassigned {len(cohort.unassigned):,}; median rank of the match "
          f"on the mentee's list {statistics.median(ranks) if ranks else 0:.0f}; {len(cohort.group_mentorships)} "
          f"group mentorships; {len(cohort.peer_groups)} peer groups for the unassigned")


if __name__ == "__main__":
    main()
