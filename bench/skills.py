"""Skill extraction speed: taxonomy start-up, the semantic matcher's start-up, then a 1,000-word resume
(`bench/data/resume.txt`: every sentence different, lines wrapped as text taken from a PDF), median after warm-up
(target < 100 ms), by phrase matching alone and with semantic matching (all-MiniLM-L6-v2 int8 over each sentence).

    python -m bench.skills"""

from __future__ import annotations

import time
from pathlib import Path

from bench.stats import Stats

RESUME = Path(__file__).parent / "data" / "resume.txt"


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
    print(f"semantic matcher ready (models + cached label vectors): {time.perf_counter() - started:.2f} s")
    resume = RESUME.read_text()
    for label, semantic, runs in (("phrase only", None, 50), ("phrase + semantic", matcher, 30)):
        for _ in range(3):
            extract(resume, semantic=semantic)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            found = extract(resume, semantic=semantic)
            times.append((time.perf_counter() - t) * 1000)
        print(Stats.of(times).line(f"{len(resume.split()):,}-word resume, {label}", digits=1) +
              f"; {len(found)} skills")
    print(f"(the resume has {len(pieces(resume))} sentences for semantic matching)")


if __name__ == "__main__":
    main()
