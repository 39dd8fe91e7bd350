"""Derive the job-title index the product ships from O*NET 29.3 and the shipped OEWS occupations.

    python -m tools.occupations.derive_titles [--source ../shared/data/onet] [--out tools/occupations/data/...json.gz]

Inputs: O*NET 29.3 `Occupation_Data.txt.gz` (O*NET-SOC code, title) and `Alternate_Titles.txt.gz` (alternate
titles, short titles and the O*NET sources that list them), CC BY 4.0; the OEWS occupation list and national
employment from the shipped `tools/occupations/data/oews-2025.zip` (`OewsData.load()`, never a refreshed file).
Output: one gzip-compressed JSON object:
- `format`, `normalizer_version`, `release`, `attribution`, `sources`;
- `oews`: [code, name, level, national employment or null, normalised name] for every OEWS occupation;
- `onet`: [O*NET-SOC code, O*NET title, OEWS code with wages or null, fallback or null, normalised title] per
  O*NET occupation.
  The OEWS code is the 6-digit SOC when OEWS publishes it (fallback "specialty" for O*NET's .01-.99
  specialties, which share their SOC's wages), else the nearest parent OEWS publishes (fallback "broad",
  "minor" or "major"); null for military occupations (SOC 55), which OEWS does not cover;
- `titles`: [normalised words, [[title text, kind, owner, prior], ...]], one per distinct set of normalised
  words (sorted, space-separated), where kind is o (O*NET occupation title), a (alternate title), s (short
  title) or w (OEWS occupation name); owner indexes `onet`, or `oews` after it
  (owner - len(onet)); prior is the number of O*NET sources listing the title (3 for O*NET and OEWS names).
  An alternate title "Long Form (Short)" gives two variants, "Long Form" and "Short"; a variant whose
  normalised words an occupation already has is dropped (the better kind and the higher prior are kept).
The normalised words come from `tools.occupations.titles.analyze`, so the index and the queries are normalised by the
same code; a test checks that the shipped words still equal what `analyze` gives.
Only derive scripts and tests read `../shared`; the product reads the shipped file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from pathlib import Path

from tools.occupations.oews import NATIONAL, Datatype, OewsData
from tools.occupations.titles import DATA_FILE, FORMAT, NOISE, NORMALIZER_VERSION, analyze, bag_key

DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "onet"
RELEASE = "O*NET 29.3 Database (May 2025)"
ATTRIBUTION = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
    "trademark of USDOL/ETA. SmartJobFit Coach has modified all or some of this information. USDOL/ETA has "
    "not approved, endorsed, or tested these modifications."
)
KIND_RANK = {"o": 0, "w": 1, "a": 2, "s": 3}
NAME_PRIOR = 3.0
NOISY_PRIOR = 0.5  # an alternate title that loses a schedule or contract word when normalised
_TRAILING_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_PARENTHESIS = re.compile(r"\([^()]*\)")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def oews_target(onet_code: str, oews: OewsData) -> tuple[str | None, str | None]:
    """The OEWS code with wages for an O*NET-SOC code, and which fallback was needed (None if none)."""
    soc = onet_code[:7]
    if soc in oews.occupation_by_code:
        return soc, (None if onet_code.endswith(".00") else "specialty")
    for parent in oews.parents(soc):
        if oews.cell(NATIONAL, parent.code) is None:
            continue
        code = parent.code
        kind = "major" if code.endswith("0000") else "minor" if code.endswith("00") else "broad"
        return code, kind
    return None, None


def title_variants(alternate: str) -> list[str]:
    """'Registered Nurse (RN)' → ['Registered Nurse', 'RN']; a parenthesis elsewhere is dropped."""
    match = _TRAILING_PARENTHESIS.match(alternate)
    if match:
        return [part for part in match.groups() if part.strip()]
    return [_PARENTHESIS.sub(" ", alternate)]


def normalize(text: str) -> str:
    """A title's words as the index stores them: its first reading's words, sorted, space-separated."""
    return bag_key(analyze(text, expand_ambiguous=False)[0].tokens)


def literalness(text: str, normalized: str) -> int:
    """How many of the text's own words the normalised words lack (abbreviations, noise): fewer is a better label."""
    words = set(normalized.split())
    return sum(1 for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in words)


def derive(source_dir: Path, oews: OewsData | None = None) -> dict:
    oews = oews or OewsData.load()  # the shipped OEWS file, whatever refresh a process may use
    occupations = read_tsv(source_dir / "Occupation_Data.txt.gz")
    alternates = read_tsv(source_dir / "Alternate_Titles.txt.gz")

    oews_rows = []
    for occupation in oews.occupations:
        cell = oews.cell(NATIONAL, occupation.code)
        employment = cell.value(Datatype.EMPLOYMENT) if cell else None
        oews_rows.append([occupation.code, occupation.name, occupation.level,
                          int(employment) if employment is not None else None])
    oews_index = {row[0]: i for i, row in enumerate(oews_rows)}

    onet_rows = []
    onet_index: dict[str, int] = {}
    for row in occupations:
        code = row["O*NET-SOC Code"]
        target, fallback = oews_target(code, oews)
        onet_index[code] = len(onet_rows)
        onet_rows.append([code, row["Title"], target, fallback])

    # (normalised words, owner) → [text, kind, prior]
    titles: dict[tuple[str, int], list] = {}

    def add(text: str, kind: str, owner: int, prior: float) -> None:
        text = " ".join(text.split())
        normalized = normalize(text)
        if not normalized:
            return
        if kind in ("a", "s") and NOISE.intersection(re.findall(r"[a-z0-9]+", text.lower())):
            # "Contract Analyst" normalises to "analyst" (contract is noise in a query): keep it findable, but
            # let the occupations that list the bare title come first.
            prior = min(prior, NOISY_PRIOR)
        key = (normalized, owner)
        current = titles.get(key)
        if current is None:
            titles[key] = [text, kind, prior]
            return
        if ((KIND_RANK[kind], literalness(text, normalized), len(text))
                < (KIND_RANK[current[1]], literalness(current[0], normalized), len(current[0]))):
            current[0], current[1] = text, kind
        current[2] = max(current[2], prior)

    for code, title, _target, _fallback in onet_rows:
        add(title, "o", onet_index[code], NAME_PRIOR)
    for row in alternates:
        owner = onet_index[row["O*NET-SOC Code"]]
        prior = float(len([s for s in row["Source(s)"].split(",") if s.strip()]) or 1)
        for variant in title_variants(row["Alternate Title"]):
            add(variant, "a", owner, prior)
        if row["Short Title"].strip():
            add(row["Short Title"], "s", owner, prior)

    # OEWS names, so "Software Developers" itself matches. A group whose name normalises like one of its own
    # detailed occupations ("Registered Nurses" 29-1140 and 29-1141) is left out: the detailed code wins.
    keys_by_code = {code: normalize(name) for code, name, _level, _emp in oews_rows}
    for code, name, level, _employment in oews_rows:
        key = keys_by_code[code]
        if level < 3 and any(other != code and keys_by_code[other] == key and _descends(other, code)
                             for other in keys_by_code):
            continue
        add(name, "w", len(onet_rows) + oews_index[code], NAME_PRIOR)

    docs: dict[str, list] = {}
    for (normalized, owner), (text, kind, prior) in titles.items():
        docs.setdefault(normalized, []).append([text, kind, owner, int(prior) if prior.is_integer() else prior])
    for row in onet_rows:
        row.append(normalize(row[1]))
    for row in oews_rows:
        row.append(keys_by_code[row[0]])
    return {
        "format": FORMAT,
        "normalizer_version": NORMALIZER_VERSION,
        "release": RELEASE,
        "attribution": ATTRIBUTION,
        "sources": {
            "onet": "O*NET 29.3 Occupation Data and Alternate Titles (https://www.onetcenter.org/database.html)",
            "oews": f"BLS OEWS {oews.release} occupation list and national employment",
        },
        "oews": oews_rows,
        "onet": onet_rows,
        "titles": [[bag, sorted(entries, key=lambda e: (e[2], KIND_RANK[e[1]]))]
                   for bag, entries in sorted(docs.items())],
    }


def _descends(code: str, group: str) -> bool:
    """Whether SOC `code` lies under SOC group `group` (15-1252 under 15-1250, 15-1200 and 15-0000)."""
    stripped = group.replace("-", "").rstrip("0")
    return code != group and code.replace("-", "").startswith(stripped)


def write(payload: dict, out_file: Path) -> None:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_name(out_file.name + ".partial")
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with partial.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    partial.replace(out_file)  # atomic: a reader never sees half a file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DATA_FILE)
    args = parser.parse_args()
    payload = derive(args.source)
    write(payload, args.out)
    fallbacks = sum(1 for row in payload["onet"] if row[3] not in (None, "specialty"))
    unmapped = sum(1 for row in payload["onet"] if row[2] is None)
    entries = sum(len(e) for _, e in payload["titles"])
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {entries} titles "
          f"({len(payload['titles'])} distinct word sets), "
          f"{len(payload['onet'])} O*NET occupations ({fallbacks} mapped to an OEWS group, {unmapped} without "
          f"OEWS wages), {len(payload['oews'])} OEWS occupations")


if __name__ == "__main__":
    main()
