"""Derive the skill taxonomy the product ships from O*NET 29.3 and ESCO v1.1.1.

    python -m tools.skills.derive_taxonomy [--source ../shared/data] [--out tools/skills/data/taxonomy.json.gz]

Inputs (CC BY 4.0 both; see data/ATTRIBUTION.md): O*NET `Skills`, `Knowledge` (importance IM and level LV per
occupation), `Technology_Skills` (examples with their Hot Technology / In Demand flags), `Content_Model_Reference`
(element descriptions), `Occupation_Data` (titles); ESCO `skills_en` (preferred and alternative labels, skill
type, concept URI, description) and `occupations_en` + all skill descriptions (only to count common words).
Output: one gzip-compressed JSON object:
- `format`, `release`, `attribution`, `sources`;
- `concepts`: [name, kind, esco_uri|null, onet_id|null, hot, in_demand, labels] where kind is esco-skill,
  esco-knowledge, onet-skill, onet-knowledge or technology; labels are [text, how] with how p (preferred label),
  a (alternative label), o (the O*NET name of a linked element or technology), v (a technology name without
  its vendor: "Apache Airflow" → "Airflow") or c (its trailing acronym, matched in capitals only: "Structured
  query language SQL" → "SQL").
  An O*NET element or technology whose normalised name equals an ESCO preferred or alternative label is linked
  to that ESCO skill: the ESCO concept gets its onet_id (and flags), no separate concept is kept.
  onet_id is the Element ID for skills and knowledge (2.A.1.a) and "T" + the UNSPSC commodity code for a
  technology ("T43232110"), the only identifier O*NET gives technologies;
- `elements`: {element id: [name, skill|knowledge, description, concept index]};
- `occupations`: {O*NET-SOC code: [title, [[element id, IM, LV], ...], [[concept index, hot, in demand], ...]]}
  (LV 0 where O*NET marks the level "not relevant");
- `common`: normalised single words too common to be a skill on their own (in 0.4% or more of the ESCO skill
  and occupation descriptions), which the extractor never matches alone.
Only derive scripts and tests read `../shared`; the product reads the shipped file.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

from tools.derived_files import derive_command, write_atomically
from tools.skills.normalize import label_key, label_variants, tokens

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "taxonomy.json.gz"
FORMAT = 1
DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data"
RELEASE = "O*NET 29.3 Database (May 2025); ESCO v1.1.1 (English)"
ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
    "trademark of USDOL/ETA. SmartJobFit Coach has modified all or some of this information. USDOL/ETA has "
    "not approved, endorsed, or tested these modifications. This product uses the ESCO classification of the "
    "European Commission, modified."
)
COMMON_SHARE = 0.004  # a word in this share of ESCO descriptions or more is too common to be a skill alone
VENDOR_MIN = 8  # a first word opening this many technology names is a vendor ("Microsoft", "Apache")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def common_words(esco_dir: Path) -> list[str]:
    """Normalised words in COMMON_SHARE or more of ESCO's skill and occupation descriptions."""
    texts = [r["description"] for r in read_csv(esco_dir / "skills_en.csv.gz")]
    texts += [r["description"] for r in read_csv(esco_dir / "occupations_en.csv.gz")]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({t.key for t in tokens(text)})
    return sorted(w for w, n in counts.items() if n >= COMMON_SHARE * len(texts))


def _esco_concepts(esco_dir: Path) -> list[list]:
    concepts = []
    for row in read_csv(esco_dir / "skills_en.csv.gz"):
        if row["status"] != "released" or not row["preferredLabel"].strip():
            continue
        kind = "esco-knowledge" if row["skillType"] == "knowledge" else "esco-skill"
        labels = [[row["preferredLabel"].strip(), "p"]]
        seen = {row["preferredLabel"].strip().lower()}
        for alt in row["altLabels"].split("\n"):
            alt = alt.strip()
            if alt and alt.lower() not in seen:
                seen.add(alt.lower())
                labels.append([alt, "a"])
        concepts.append([row["preferredLabel"].strip(), kind, row["conceptUri"], None, False, False, labels])
    return concepts


def _label_index(concepts: list[list]) -> dict[tuple[str, ...], int]:
    """Normalised label → the ESCO concept it names (preferred labels win over alternative ones)."""
    index: dict[tuple[str, ...], int] = {}
    for how in ("p", "a"):
        for i, concept in enumerate(concepts):
            for text, label_how in concept[6]:
                if label_how != how:
                    continue
                for variant in label_variants(text):
                    key = label_key(variant)
                    if key:
                        index.setdefault(key, i)
    return index


def _link_or_add(concepts: list[list], index: dict, name: str, kind: str, onet_id: str, labels: list[list]) -> int:
    """The concept for an O*NET element or technology: the ESCO skill of the same name, else a new concept."""
    for text, _ in labels:
        i = index.get(label_key(text))
        if i is not None and concepts[i][3] is None:
            concepts[i][3] = onet_id
            known = {t.lower() for t, _ in concepts[i][6]}
            concepts[i][6].extend([t, "o" if how == "p" else how] for t, how in labels if t.lower() not in known)
            return i
    concepts.append([name, kind, None, onet_id, False, False, labels])
    return len(concepts) - 1


def _vendors(examples: list[str]) -> set[str]:
    firsts = Counter(e.split()[0] for e in examples if len(e.split()) > 1)
    return {w for w, n in firsts.items() if n >= VENDOR_MIN}


def derive(source: Path, out_file: Path) -> int:
    onet, esco = source / "onet", source / "esco"
    concepts = _esco_concepts(esco)
    index = _label_index(concepts)
    descriptions = {r["Element ID"]: r["Description"] for r in read_tsv(onet / "Content_Model_Reference.txt.gz")}
    elements: dict[str, list] = {}
    ratings: dict[str, dict[str, list]] = defaultdict(dict)  # soc → element → [IM, LV]
    for file_name, kind in (("Skills.txt.gz", "skill"), ("Knowledge.txt.gz", "knowledge")):
        for row in read_tsv(onet / file_name):
            element = row["Element ID"]
            if element not in elements:
                concept = _link_or_add(concepts, index, row["Element Name"], f"onet-{kind}", element,
                                       [[row["Element Name"], "p"]])
                elements[element] = [row["Element Name"], kind, descriptions.get(element, ""), concept]
            value = float(row["Data Value"]) if row["Data Value"] else 0.0
            pair = ratings[row["O*NET-SOC Code"]].setdefault(element, [0.0, 0.0])
            if row["Scale ID"] == "IM":
                pair[0] = value
            elif row["Scale ID"] == "LV":
                pair[1] = 0.0 if row.get("Not Relevant") == "Y" else value
    tech_rows = read_tsv(onet / "Technology_Skills.txt.gz")
    vendors = _vendors(sorted({r["Example"] for r in tech_rows}))
    tech_concept: dict[str, int] = {}
    technologies: dict[str, list] = defaultdict(list)
    for row in tech_rows:
        example = row["Example"].strip()
        if example not in tech_concept:
            labels = [[example, "p"]]
            words = example.split()
            if len(words) > 1 and words[0] in vendors:
                labels.append([" ".join(words[1:]), "v"])
            if len(words) > 2 and words[-1].isupper() and len(words[-1]) > 1:
                labels.append([words[-1], "c"])  # "Structured query language SQL" → "SQL", matched in capitals only
            tech_concept[example] = _link_or_add(concepts, index, example, "technology",
                                                 f"T{row['Commodity Code']}", labels)
        concept = concepts[tech_concept[example]]
        hot, in_demand = row["Hot Technology"] == "Y", row["In Demand"] == "Y"
        concept[4], concept[5] = concept[4] or hot, concept[5] or in_demand
        technologies[row["O*NET-SOC Code"]].append([tech_concept[example], hot, in_demand])
    titles = {r["O*NET-SOC Code"]: r["Title"] for r in read_tsv(onet / "Occupation_Data.txt.gz")}
    occupations = {code: [titles.get(code, ""),
                          [[e, round(im, 2), round(lv, 2)] for e, (im, lv) in sorted(ratings[code].items())],
                          technologies.get(code, [])]
                   for code in sorted(set(ratings) | set(technologies))}
    payload = {"format": FORMAT, "release": RELEASE, "attribution": ATTRIBUTION,
               "sources": ["O*NET 29.3: Skills, Knowledge, Technology Skills, Content Model Reference, Occupation Data",
                           "ESCO v1.1.1 en: skills, occupations (descriptions, for common words only)"],
               "concepts": concepts, "elements": elements, "occupations": occupations,
               "common": common_words(esco)}
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    write_atomically(out_file, gzip.compress(data, mtime=0))
    return len(concepts)


if __name__ == "__main__":
    derive_command(__doc__, derive, DEFAULT_SOURCE, DATA_FILE, "{count} skill concepts")
