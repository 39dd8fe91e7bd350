"""Skill extraction speed: taxonomy start-up, then a 1,000-word resume, median after warm-up (target < 100 ms),
by phrase matching alone and with semantic matching (all-MiniLM-L6-v2 over each sentence).

    python -m bench.skills"""

from __future__ import annotations

import time

from bench.stats import Stats

RESUME_PART = ("Data analyst with five years of experience. Built data pipelines in Airflow and wrote SQL queries "
               "against PostgreSQL; created dashboards in Tableau and Microsoft Power BI; automated reports with "
               "Python, pandas and Excel. Performed statistical analysis and data mining, presented findings to "
               "stakeholders, managed a team of analysts and a budget, and led project management for a "
               "machine learning rollout. Salary range $90,000 - $110,000. ")


def main() -> None:
    started = time.perf_counter()
    from agent.settings import Settings
    from tools.skills.extract import extract
    from tools.skills.semantic import pieces, semantic_matcher
    from tools.skills.taxonomy import load_taxonomy
    load_taxonomy()
    print(f"start-up (import + load taxonomy): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    matcher = semantic_matcher(Settings(COACH_SEMANTIC_SKILLS=True))
    print(f"semantic matcher ready (model + cached label vectors): {time.perf_counter() - started:.2f} s")
    words = RESUME_PART.split()
    resume = " ".join((words * (1000 // len(words) + 1))[:1000])
    for label, semantic, runs in (("phrase only", None, 50), ("phrase + semantic", matcher, 10)):
        for _ in range(3):
            extract(resume, semantic=semantic)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            found = extract(resume, semantic=semantic)
            times.append((time.perf_counter() - t) * 1000)
        print(Stats.of(times).line(f"1,000-word resume, {label}", digits=1) + f"; {len(found)} skills")
    print(f"(the resume has {len(pieces(resume))} sentences for semantic matching)")


if __name__ == "__main__":
    main()
