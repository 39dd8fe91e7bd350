"""Assessment and goals benchmark: data load, scoring + occupation matching, and the calendar export.

    .venv/bin/python -m bench.assessment [--runs 300] [--seed 7]

- Load: the questionnaires and the O*NET occupation profiles (first call, cold in this process).
- Assess: `assess()` on random complete answer sets for each kind (interests, work_style, values), with and
  without a job zone; median, p95, max after a warm-up.
- Calendar: `goals_calendar()` for 20 goals of 10 dated milestones each. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone

from bench.stats import Stats
from tools.assessment.engine import AssessmentRequest, assess
from tools.assessment.matching import occupation_data
from tools.assessment.questionnaires import KINDS, questionnaires
from tools.goals.ics import goals_calendar
from tools.goals.store import Goal


def _timed(call, runs: int) -> list[float]:
    call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def _report(label: str, times: list[float]) -> None:
    print(Stats.of(times).line(label))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    forms, data = questionnaires(), occupation_data()
    print(f"load questionnaires + occupations: {(time.perf_counter() - started) * 1000:.0f} ms "
          f"({sum(len(f['items']) for f in forms.values())} items, {len(data['occupations'])} occupations)")
    rng = random.Random(args.seed)
    for kind in KINDS:
        items = [item["id"] for item in forms[kind]["items"]]
        requests = [AssessmentRequest(kind=kind, answers={i: rng.randint(1, 5) for i in items},
                                      job_zone=rng.choice([None, 2, 3, 4])) for _ in range(args.runs)]
        cycle = iter(requests * 2)
        _report(f"assess {kind}", _timed(lambda: assess(next(cycle)), args.runs))
    now = datetime.now(timezone.utc)
    goals = [Goal(id=g, goal_type="career", description=f"Goal {g}, with commas; and text " * 3,
                  target_date=date.today() + timedelta(days=400), progress_percentage=30.0, status="active",
                  milestones=[{"id": m, "title": f"Milestone {m} of goal {g}", "done": m % 3 == 0,
                               "target_date": str(date.today() + timedelta(days=20 * m))} for m in range(1, 11)],
                  overdue_milestones=[], overdue=False, created_at=now, updated_at=now) for g in range(1, 21)]
    _report("calendar, 20 goals x 10 milestones", _timed(lambda: goals_calendar(goals), min(args.runs, 100)))


if __name__ == "__main__":
    main()
