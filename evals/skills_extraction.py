"""Extraction quality on real ESCO text: each ESCO occupation's description is the text, its essential and
optional skills (occupationSkillRelations) are the labels. Reports micro precision and recall over ESCO URIs and
R-Precision@5 (relevant among the top min(5, |labels|), over that number), for the extractor (phrase and semantic
matching, and phrase matching alone) and a plain keyword baseline (a skill's preferred label found as a lower-case
substring, longest labels first), in one run, with each one's speed in sentences per second.

    python -m evals.skills_extraction [--source ../shared/data/esco] [--sample 500]
        [--peer-python /tmp/escovenv/bin/python --peer-model DIR]

With --peer-python, the PyPI package esco-skill-extractor (installed in that throwaway virtualenv, never in the
project) is scored on the same cases through `evals/esco_peer.py`.

Reads ../shared (an evaluation, like the derive scripts); the product never does."""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from agent.settings import Settings
from tools.skills.extract import SkillInputError, extract
from tools.skills.semantic import SemanticMatcher, pieces, semantic_matcher
from tools.skills.taxonomy import load_taxonomy

DEFAULT_SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "esco"


def read_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def labelled_set(source: Path, sample: int) -> list[tuple[str, set[str]]]:
    gold: dict[str, set[str]] = defaultdict(set)
    for row in read_csv(source / "occupationSkillRelations.csv.gz"):
        gold[row["occupationUri"]].add(row["skillUri"])
    rows = sorted((r for r in read_csv(source / "occupations_en.csv.gz") if r["description"].strip()
                   and gold.get(r["conceptUri"])), key=lambda r: r["conceptUri"])
    step = max(1, len(rows) // sample)
    return [(r["description"], gold[r["conceptUri"]]) for r in rows[::step][:sample]]


def extractor(semantic: SemanticMatcher | None = None) -> Callable[[str], list[str]]:
    def find(text: str) -> list[str]:
        try:
            return [m.esco_uri for m in extract(text, semantic=semantic) if m.esco_uri]
        except SkillInputError:
            return []
    return find


def keyword_baseline() -> Callable[[str], list[str]]:
    concepts = [c for c in load_taxonomy().concepts if c.esco_uri]
    labels = sorted(((re.sub(r"\s*\([^)]*\)", "", c.name).lower(), c.esco_uri) for c in concepts),
                    key=lambda x: -len(x[0]))

    def find(text: str) -> list[str]:
        lower = text.lower()
        return [uri for label, uri in labels if len(label) > 2 and label in lower
                and re.search(rf"\b{re.escape(label)}\b", lower)]
    return find


def score(cases: list[tuple[str, set[str]]], predict: Callable[[str], list[str]]) -> dict[str, float]:
    tp = predicted = relevant = 0
    r_precision = 0.0
    for text, gold in cases:
        ranked = list(dict.fromkeys(predict(text)))
        hits = sum(1 for uri in ranked if uri in gold)
        tp, predicted, relevant = tp + hits, predicted + len(ranked), relevant + len(gold)
        k = min(5, len(gold))
        r_precision += sum(1 for uri in ranked[:k] if uri in gold) / k
    return {"precision": tp / predicted if predicted else 0.0, "recall": tp / relevant if relevant else 0.0,
            "r_precision_at_5": r_precision / len(cases), "predicted_per_text": predicted / len(cases)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--peer-python", help="python of a throwaway venv with esco-skill-extractor installed")
    parser.add_argument("--peer-model", default="", help="a local all-MiniLM-L6-v2 folder for the peer")
    args = parser.parse_args()
    cases = labelled_set(args.source, args.sample)
    print(f"{len(cases)} ESCO occupation descriptions, {sum(len(g) for _, g in cases) / len(cases):.1f} "
          "labelled skills each")
    started = time.perf_counter()
    load_taxonomy()
    matcher = semantic_matcher(Settings(COACH_SEMANTIC_SKILLS=True))
    print(f"extractor: ready in {time.perf_counter() - started:.1f} s (semantic matching "
          f"{'on' if matcher else 'off: the embedding model is not installed'})")
    sentences = sum(len(pieces(text)) or 1 for text, _ in cases)
    systems: list[tuple[str, Callable[[str], list[str]]]] = [("extractor", extractor(matcher)),
                                                             ("phrase matching only", extractor()),
                                                             ("keyword baseline", keyword_baseline())]
    if args.peer_python:
        peer = run_peer(args.peer_python, args.peer_model, [text for text, _ in cases])
        print(f"esco-skill-extractor: ready in {peer['ready_seconds']:.1f} s, median {peer['median_ms']:.1f} ms a "
              f"text, {peer['sentences_per_second']:.0f} sentences/s")
        answers = dict(zip((text for text, _ in cases), peer["predictions"]))
        systems.append(("esco-skill-extractor", lambda text: answers[text]))
    for name, predict in systems:
        started = time.perf_counter()
        figures = score(cases, predict)
        elapsed = time.perf_counter() - started
        speed = (f"; {elapsed / len(cases) * 1000:.1f} ms a text, {sentences / elapsed:.0f} sentences/s"
                 if name != "esco-skill-extractor" else "; its speed is above")
        print(f"{name:20} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
              f"R-Precision@5 {figures['r_precision_at_5'] * 100:.1f}  ({figures['predicted_per_text']:.1f} "
              f"skills per text{speed})")


def run_peer(python: str, model: str, texts: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        cases_file, out_file = f"{folder}/cases.json", f"{folder}/out.json"
        json.dump(texts, open(cases_file, "w"))
        subprocess.run([python, str(Path(__file__).parent / "esco_peer.py"), cases_file, out_file, model], check=True)
        return json.load(open(out_file))


if __name__ == "__main__":
    main()
