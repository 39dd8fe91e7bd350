"""Job-title resolution benchmark: index load time, latency over every title, accuracy on O*NET alternate titles.

    .venv/bin/python -m bench.title_resolution [--sample 2000] [--seed 7] [--json]

- Load: `TitleIndex.load()` of the shipped file, best of 3 (each in the same process, so after the first the
  file is in the OS cache).
- Latency: `resolve` once per distinct title text in the index (O*NET occupation, alternate and short titles,
  OEWS names: ~48k texts) plus noisy versions of a quarter of them (~12k); median, p95, p99, max. Wall clock,
  so an occasional garbage-collector pause shows in the max.
- Accuracy: a seeded sample of O*NET alternate titles (of occupations OEWS has wages for), resolved as they are
  ("clean") and after two random perturbations each ("noisy": a seniority word, an abbreviation, word order
  "engineer, software", schedule noise like "(Remote)" or "- nights", one typo, letter case). A title counts
  as correct when the OEWS code resolved is the code of ANY occupation that lists that alternate title: about
  one alternate title in seven is listed by several occupations ("Data Engineer": Database Architects, Data
  Scientists, Statisticians), and any of them is a right answer. Top-3: the right code is best or one of the
  two first alternatives. Calibration: accuracy of the best candidate by confidence band.
  "Held out": the sampled titles are removed from the index first (with their variants), so they resolve by
  word scoring against the other titles, as a title O*NET does not list would: a lower bound for real-world
  text, where the clean and noisy figures mostly measure normalisation and lookup.
- Real titles (`real_titles`): titles as postings and people write them, each labelled with the SOC code most
  of its holders have, resolved as served (`resolve_title`, with the curated titles). Two hand-written sets in
  `bench/data/`: `real_titles_tune.csv` (used while tuning the resolver) and `real_titles_holdout.csv` (written
  apart and never used for tuning: the honest figure). Each row is clean or noisy (levels, abbreviations,
  "- Remote", employers after a pipe, typos). A best match counts as right when it is the labelled code or the
  OEWS broad group holding it; "within $5k" is the share of roles with a national median under $150,000 whose
  quoted median (of the best match) is within $5,000 of the labelled occupation's.
- O*NET reported titles (`reported`): rows of O*NET alternate titles that incumbents reported (source 02),
  each labelled with the occupation of its row, half of them by title hash (the half never looked at while
  tuning). A title several occupations report ("Analyst") counts as right only for its row's occupation, so
  this is a lower bound shaped by ambiguity rather than by resolution.
Needs the staged O*NET source (../shared/data/onet), which the product itself never reads. Asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import gc
import gzip
import json
import random
import re
import statistics
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.occupations.derive_titles import title_variants
from tools.occupations.oews import NATIONAL, Datatype, load_oews
from tools.occupations.titles import DATA_FILE, TitleIndex, TitleResolution, load_title_index, resolve_title

ONET_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "onet"
REAL_TITLES = {"tune": Path(__file__).parent / "data" / "real_titles_tune.csv",
               "holdout": Path(__file__).parent / "data" / "real_titles_holdout.csv"}
MEDIAN_CEILING = 150_000  # the $5,000 check covers roles paid less than this (national median)
MEDIAN_TOLERANCE = 5_000


def right_code(predicted: str | None, expected: str) -> bool:
    """The labelled code, or the OEWS broad group holding it (15-1250 holds 15-1252)."""
    if predicted is None:
        return False
    return predicted == expected or (predicted.endswith("0") and expected.startswith(predicted[:6]))


def national_median(code: str) -> float | None:
    cell = load_oews().cell(NATIONAL, code)
    return cell.value(Datatype.ANNUAL_MEDIAN) if cell else None


def score_labelled(rows: list[tuple[str, str, bool]]) -> dict[str, dict]:
    """Top-1, top-3 and within-$5k for (title, expected SOC code, noisy) rows, split clean / noisy."""
    out: dict[str, dict] = {}
    for name, noisy in (("clean", False), ("noisy", True)):
        picked = [(t, code) for t, code, n in rows if n == noisy]
        if not picked:
            continue
        top1 = top3 = priced = close = ambiguous = 0
        misses = []
        for text, code in picked:
            resolution = resolve_title(text)
            codes = top_codes(resolution, 3)
            good = bool(codes) and right_code(codes[0], code)
            top1 += good
            top3 += any(right_code(c, code) for c in codes)
            ambiguous += resolution.ambiguous
            expected_median = national_median(code)
            if expected_median is not None and expected_median < MEDIAN_CEILING:
                priced += 1
                quoted = national_median(codes[0]) if codes else None
                close += quoted is not None and abs(quoted - expected_median) <= MEDIAN_TOLERANCE
            if not good:
                misses.append(f"{text!r} → {codes[:1]} (expected {code})")
        out[name] = {"n": len(picked), "top1": top1 / len(picked), "top3": top3 / len(picked),
                     "within_5k": close / priced if priced else None, "priced": priced,
                     "flagged_ambiguous": ambiguous / len(picked), "misses": misses}
    return out


def holdout_half(title: str) -> str:
    """The held-out set's two halves, by a hash of the title: "dev" (its misses may be read, to find what kind of
    mistake the resolver makes) and "test" (never read: the figure to report)."""
    return "dev" if zlib.crc32(title.lower().encode()) % 2 == 0 else "test"


def real_titles() -> dict[str, dict]:
    """Figures per set: "tune", "holdout-dev" and "holdout-test" (see `holdout_half`)."""
    result = {}
    for split, path in REAL_TITLES.items():
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            rows = [(r["title"], r["soc_code"], r["noisy"] == "1") for r in csv.DictReader(f)]
        if split == "tune":
            result[split] = score_labelled(rows)
            continue
        for half in ("dev", "test"):
            result[f"{split}-{half}"] = score_labelled([r for r in rows if holdout_half(r[0]) == half])
    for figures in result.get("holdout-test", {}).values():
        figures["misses"] = []  # never shown: this half stays unseen
    return result


def reported_titles(index: TitleIndex, size: int, seed: int, onet_dir: Path = ONET_DIR) -> dict[str, dict]:
    """O*NET alternate titles reported by incumbents (source 02), by row, split in two halves by title hash."""
    soc_of = {owner.onet_code: owner.soc_code for owner in index.owners if owner.onet_code}
    halves: dict[str, list[tuple[str, str, bool]]] = {"tune": [], "holdout": []}
    with gzip.open(onet_dir / "Alternate_Titles.txt.gz", "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = soc_of.get(row["O*NET-SOC Code"])
            if code and "02" in row["Source(s)"].split(","):
                title = row["Alternate Title"]
                half = "tune" if zlib.crc32(title.lower().encode()) % 2 == 0 else "holdout"
                halves[half].append((title, code, False))
    rng = random.Random(seed)
    result = {}
    for half, rows in halves.items():
        rng.shuffle(rows)
        rows = rows[:size]
        noisy = [(perturb(t, rng)[0], code, True) for t, code, _ in rows]
        result[half] = score_labelled(rows + noisy)
    return result


@dataclass(frozen=True)
class LabelledTitle:
    text: str
    expected: frozenset[str]  # OEWS codes of every occupation listing the title


def labelled_alternate_titles(index: TitleIndex, onet_dir: Path = ONET_DIR) -> list[LabelledTitle]:
    """Every distinct O*NET alternate title (case-insensitive) with the OEWS codes of the occupations listing it;
    titles listed only by occupations without OEWS wages (military) are left out."""
    soc_of = {owner.onet_code: owner.soc_code for owner in index.owners if owner.onet_code}
    expected: dict[str, set[str]] = defaultdict(set)
    text_of: dict[str, str] = {}
    with gzip.open(onet_dir / "Alternate_Titles.txt.gz", "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = row["Alternate Title"].lower()
            text_of.setdefault(key, row["Alternate Title"])
            soc = soc_of[row["O*NET-SOC Code"]]
            if soc:
                expected[key].add(soc)
    return [LabelledTitle(text_of[key], frozenset(codes)) for key, codes in sorted(expected.items())]


def held_out_index(titles: list[LabelledTitle]) -> TitleIndex:
    """The shipped index without the given alternate titles (and their parenthesis variants and short titles), to
    measure how titles the index has never seen resolve: by word scoring, stems and synonyms, not lookup."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        payload = json.load(f)
    removed = {variant.lower() for title in titles for variant in (title.text, *title_variants(title.text))}
    docs = []
    for bag, entries in payload["titles"]:
        kept = [e for e in entries if e[1] not in ("a", "s") or e[0].lower() not in removed]
        if kept:
            docs.append([bag, kept])
    payload["titles"] = docs
    return TitleIndex(payload)


def all_title_texts(index: TitleIndex) -> list[str]:
    """Every distinct title text in the index (O*NET titles, alternate and short titles, OEWS names)."""
    return sorted({entry[0] for entries in index.doc_entries for entry in entries})


# ---------------------------------------------------------------------------------------------- perturbations

ABBREVIATE = {
    "engineer": ["Engr", "Eng"], "manager": ["Mgr"], "developer": ["Dev"], "technician": ["Tech"],
    "assistant": ["Asst"], "representative": ["Rep"], "administrator": ["Admin"], "coordinator": ["Coord"],
    "specialist": ["Spec"], "supervisor": ["Supv"], "director": ["Dir"], "operations": ["Ops"],
    "marketing": ["Mktg"], "management": ["Mgmt"], "associate": ["Assoc"], "executive": ["Exec"],
    "maintenance": ["Maint"], "senior": ["Sr."], "junior": ["Jr."], "manufacturing": ["Mfg"],
    "vice president": ["VP"], "registered nurse": ["RN"], "quality assurance": ["QA"],
    "human resources": ["HR"], "information technology": ["IT"], "licensed practical nurse": ["LPN"],
    "certified nursing assistant": ["CNA"], "software engineer": ["SWE"], "database administrator": ["DBA"],
    "laboratory": ["Lab"], "customer service representative": ["CSR"], "general manager": ["GM"],
}
SENIORITY_PREFIXES = ["Senior ", "Sr. ", "Sr ", "Junior ", "Jr. ", "Lead ", "Principal "]
SENIORITY_SUFFIXES = [" I", " II", " III", " IV", " 2", " 3"]
NOISE = [" (Remote)", " - nights", " - Contract", " (Part-Time)", " - Hybrid", ", per diem", " - Night Shift",
         " (Full Time)", " - Remote", " / PRN", " (Temporary)", " - Days"]
_WORDS = re.compile(r"[A-Za-z]+")


def _seniority(text: str, rng: random.Random) -> str | None:
    if rng.random() < 0.6:
        return rng.choice(SENIORITY_PREFIXES) + text
    return text + rng.choice(SENIORITY_SUFFIXES)


def _abbreviation(text: str, rng: random.Random) -> str | None:
    options = [phrase for phrase in ABBREVIATE if re.search(rf"\b{phrase}\b", text, re.IGNORECASE)]
    if not options:
        return None
    phrase = rng.choice(options)
    return re.sub(rf"\b{phrase}\b", rng.choice(ABBREVIATE[phrase]), text, count=1, flags=re.IGNORECASE)


def _reorder(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if len(words) < 2 or "(" in text:
        return None
    return f"{words[-1]}, {' '.join(words[:-1])}"  # "Software Engineer" → "Engineer, Software"


def _noise(text: str, rng: random.Random) -> str | None:
    return text + rng.choice(NOISE)


def _typo(text: str, rng: random.Random) -> str | None:
    words = [m for m in _WORDS.finditer(text) if len(m.group()) >= 5 and not m.group().isupper()]
    if not words:
        return None
    match = rng.choice(words)
    word = match.group()
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["delete", "transpose", "substitute", "insert"])
    if kind == "delete":
        word = word[:i] + word[i + 1:]
    elif kind == "transpose":
        word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif kind == "substitute":
        word = word[:i] + rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i].lower()]) + word[i + 1:]
    else:
        word = word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i:]
    return text[:match.start()] + word + text[match.end():]


def _case(text: str, rng: random.Random) -> str | None:
    return text.lower() if rng.random() < 0.7 else text.upper()


PERTURBATIONS: dict[str, Callable[[str, random.Random], str | None]] = {  # in the order they are applied
    "reorder": _reorder, "abbreviation": _abbreviation, "typo": _typo, "seniority": _seniority, "noise": _noise,
    "case": _case,
}


def perturb(text: str, rng: random.Random, count: int = 2) -> tuple[str, list[str]]:
    """`count` different random perturbations among those that apply to the text, applied in the order a person
    would produce them (word order, abbreviation, typo, then seniority, schedule noise, letter case)."""
    kinds = list(PERTURBATIONS)
    rng.shuffle(kinds)
    applicable = [kind for kind in kinds if kind != "abbreviation" or _abbreviation(text, random.Random(0))]
    if "(" in text:
        applicable = [kind for kind in applicable if kind != "reorder"]
    chosen = sorted(applicable[:count], key=list(PERTURBATIONS).index)
    applied: list[str] = []
    for kind in chosen:
        changed = PERTURBATIONS[kind](text, rng)
        if changed and changed != text and len(changed) <= 200:
            text = changed
            applied.append(kind)
    return text, applied


def sample(titles: list[LabelledTitle], size: int, seed: int) -> list[LabelledTitle]:
    return random.Random(seed).sample(titles, min(size, len(titles)))


def noisy_versions(titles: list[LabelledTitle], seed: int) -> list[tuple[LabelledTitle, str, list[str]]]:
    rng = random.Random(seed)
    return [(title, *perturb(title.text, rng)) for title in titles]


# ---------------------------------------------------------------------------------------------- measuring


def top_codes(resolution: TitleResolution, k: int) -> list[str]:
    if resolution.best is None:
        return []
    return [c.soc_code for c in [resolution.best, *resolution.alternatives][:k]]


@dataclass
class Accuracy:
    total: int = 0
    top1: int = 0
    top3: int = 0
    unresolved: int = 0

    def add(self, resolution: TitleResolution, expected: frozenset[str]) -> bool:
        codes = top_codes(resolution, 3)
        self.total += 1
        self.unresolved += not codes
        self.top1 += bool(codes) and codes[0] in expected
        self.top3 += any(code in expected for code in codes)
        return bool(codes) and codes[0] in expected

    def as_dict(self) -> dict[str, float]:
        return {"n": self.total, "top1": self.top1 / self.total, "top3": self.top3 / self.total,
                "unresolved": self.unresolved / self.total}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(sample_size: int, seed: int) -> dict:
    loads = []
    for _ in range(3):
        start = time.perf_counter()
        TitleIndex.load()
        loads.append(time.perf_counter() - start)
    index = load_title_index()
    gc.collect()  # the extra loads' garbage is not the resolver's cost

    texts = all_title_texts(index)
    rng = random.Random(seed + 2)
    texts += [perturb(t, rng)[0] for t in texts[::4]]
    latencies = []
    for text in texts:
        start = time.perf_counter()
        index.resolve(text)
        latencies.append((time.perf_counter() - start) * 1000)

    titles = labelled_alternate_titles(index)
    picked = sample(titles, sample_size, seed)
    clean, noisy = Accuracy(), Accuracy()
    by_kind: dict[str, Accuracy] = defaultdict(Accuracy)
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[tuple[str, str, list[str]]] = []
    for title in picked:
        resolution = index.resolve(title.text)
        ok = clean.add(resolution, title.expected)
        if not ok and len(failures) < 25:
            failures.append(("clean", title.text, top_codes(resolution, 3)))
    for title, text, kinds in noisy_versions(picked, seed + 1):
        resolution = index.resolve(text)
        ok = noisy.add(resolution, title.expected)
        for kind in kinds:
            by_kind[kind].add(resolution, title.expected)
        if resolution.best:
            band = f"{min(0.9, int(resolution.best.confidence * 10) / 10):.1f}"
            bands[band][0] += 1
            bands[band][1] += ok
        if not ok and len(failures) < 60:
            failures.append(("noisy", f"{text}  <- {title.text}", top_codes(resolution, 3)))

    held_out = Accuracy()
    unseen = held_out_index(picked)
    for title in picked:
        held_out.add(unseen.resolve(title.text), title.expected)

    return {
        "real_titles": real_titles(),
        "reported_titles": reported_titles(index, min(sample_size, 1500), seed),
        "file_mb": round(DATA_FILE.stat().st_size / 1e6, 3),
        "load_s": {"best": min(loads), "first": loads[0]},
        "latency_ms": {"n": len(latencies), "median": statistics.median(latencies), "p95": percentile(latencies, 0.95),
                       "p99": percentile(latencies, 0.99), "max": max(latencies)},
        "accuracy": {"clean": clean.as_dict(), "noisy": noisy.as_dict(), "held_out": held_out.as_dict(),
                     "noisy_by_perturbation": {k: v.as_dict() for k, v in sorted(by_kind.items())}},
        "calibration_noisy": {band: {"n": n, "top1": ok / n} for band, (n, ok) in sorted(bands.items())},
        "distinct_alternate_titles": len(titles),
        "shared_by_several_occupations": sum(1 for t in titles if len(t.expected) > 1),
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=2000, help="alternate titles sampled for accuracy")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--failures", action="store_true", help="list some misses")
    args = parser.parse_args()
    if not (ONET_DIR / "Alternate_Titles.txt.gz").is_file():
        raise SystemExit(f"the staged O*NET source is not at {ONET_DIR}: the accuracy figures need it")
    result = run(args.sample, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    lat, acc = result["latency_ms"], result["accuracy"]
    for label, sets in (("real titles", result["real_titles"]), ("O*NET reported", result["reported_titles"])):
        for split, by_kind in sets.items():
            for kind, a in by_kind.items():
                within = f"{a['within_5k']:.3f} of {a['priced']}" if a["within_5k"] is not None else "-"
                print(f"{label:<15} {split:<8} {kind:<6} top-1 {a['top1']:.3f}  top-3 {a['top3']:.3f}  "
                      f"median within $5k {within}  flagged ambiguous {a['flagged_ambiguous']:.2f}  (n={a['n']})"
                      "   target top-1 ≥ 0.95 clean, ≥ 0.90 noisy; within $5k ≥ 0.95")
                if args.failures:
                    for miss in a["misses"][:30]:
                        print(f"    miss: {miss}")
    print(f"index file        {DATA_FILE.name}: {result['file_mb']:.2f} MB")
    load = result["load_s"]
    print(f"load              {load['best'] * 1000:.0f} ms (first {load['first'] * 1000:.0f} ms)   target < 1000 ms")
    print(f"latency           median {lat['median']:.2f} ms, p95 {lat['p95']:.2f} ms, p99 {lat['p99']:.2f} ms, "
          f"max {lat['max']:.1f} ms over {lat['n']} titles   target median < 2 ms, p99 < 10 ms")
    print(f"alternate titles  {result['distinct_alternate_titles']} distinct, "
          f"{result['shared_by_several_occupations']} listed by several occupations (any of them counts as right)")
    for name in ("clean", "noisy", "held_out"):
        a = acc[name]
        print(f"accuracy {name:<8} top-1 {a['top1']:.3f}  top-3 {a['top3']:.3f}  unresolved {a['unresolved']:.3f}"
              f"  (n={a['n']})")
    for kind, a in acc["noisy_by_perturbation"].items():
        print(f"  noisy with {kind:<13} top-1 {a['top1']:.3f}  top-3 {a['top3']:.3f}  (n={a['n']})")
    print("calibration (noisy): confidence band → top-1 accuracy")
    for band, c in result["calibration_noisy"].items():
        print(f"  {band}-{float(band) + 0.1:.1f}  top-1 {c['top1']:.3f}  (n={c['n']})")
    if args.failures:
        for kind, text, codes in result["failures"]:
            print(f"  miss ({kind}): {text!r} → {codes}")


if __name__ == "__main__":
    main()
