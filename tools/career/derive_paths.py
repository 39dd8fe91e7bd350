"""Derive the shipped career-path profiles (job zones, skills and knowledge per occupation) from O*NET 29.3.

    python -m tools.career.derive_paths [--source ../shared/data/onet] [--out tools/career/data/...]

Inputs (O*NET 29.3, CC BY 4.0, USDOL/ETA), all in the `--source` folder:
  - Job_Zones.txt.gz and Job_Zone_Reference.txt.gz: each occupation's job zone (1–5) and what each zone means
    (experience, education, job training, SVP range), quoted as published;
  - Skills.txt.gz and Knowledge.txt.gz: each occupation's importance (IM, 1–5) and level (LV, 0–7) for the 35
    skills and 33 knowledge areas;
  - Occupation_Data.txt.gz: O*NET occupation titles.

The related-occupations graph itself is not derived here: `tools/salary/derive_related.py` already ships it,
mapped to the SOC codes BLS OEWS publishes wages for, and the roadmap reads that file. This script keys its
profiles on the same SOC codes (the same `soc_mapping`), so a path's steps, wages and projections line up.

When several O*NET-SOC occupations fall on one SOC code (11-1011.00 and 11-1011.03), the profile is the one of
the SOC code's own O*NET occupation (`.00`) when it is there, else the lowest O*NET-SOC code that has data; the
chosen `onet_code` is written down. Figures are kept as published (two decimals), as integers × 100 in arrays
over the element list, to keep the file small.

Output: `tools/career/data/career-profiles-onet-29.3.json.gz`, gzip JSON with sorted keys and mtime 0 (the same
inputs always give the same bytes):

    {"schema": 1, "source": {...}, "attribution": "...", "elements": [["2.A.1.a", "Reading Comprehension",
     "skill"], ...], "job_zones": {"1": {"name": ..., "experience": ..., ...}},
     "occupations": {"29-1141": {"onet_code": "29-1141.00", "onet_title": "Registered Nurses", "job_zone": 3,
                                 "importance": [412, ...], "level": [462, ...]}}}

`importance`/`level` are null at an element the occupation has no rating for.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

from tools.salary.derive_related import ATTRIBUTION, SHARED_DATA, soc_mapping
from tools.derived_files import derive_command, write_atomically
from tools.occupations.oews import DATA_FILE as OEWS_FILE
from tools.occupations.oews import OewsData

DEFAULT_SOURCE = SHARED_DATA / "onet"
DATA_FILE = Path(__file__).parent / "data" / "career-profiles-onet-29.3.json.gz"
INPUTS = {"skill": "Skills.txt.gz", "knowledge": "Knowledge.txt.gz", "zones": "Job_Zones.txt.gz",
          "zone_reference": "Job_Zone_Reference.txt.gz", "titles": "Occupation_Data.txt.gz"}


def read_table(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"), newline=""), delimiter="\t"))


def _hundredths(value: str) -> int:
    return round(float(value) * 100)


def _profile_owner(onet_codes: list[str]) -> str:
    """The O*NET occupation whose data stands for a SOC code: its own `.00` occupation, else the lowest code."""
    own = [code for code in onet_codes if code.endswith(".00")]
    return own[0] if own else min(onet_codes)


def build(raws: dict[str, bytes], data: OewsData) -> bytes:
    tables = {name: read_table(raw) for name, raw in raws.items()}
    elements: list[list[str]] = []
    ratings: dict[str, dict[tuple[str, str], int]] = {}  # onet code → (element id, scale) → value × 100
    for kind in ("skill", "knowledge"):
        seen = set()
        for row in tables[kind]:
            if row["Scale ID"] not in ("IM", "LV"):
                continue
            if row["Element ID"] not in seen:
                seen.add(row["Element ID"])
                elements.append([row["Element ID"], row["Element Name"], kind])
            ratings.setdefault(row["O*NET-SOC Code"], {})[(row["Element ID"], row["Scale ID"])] = \
                _hundredths(row["Data Value"])
    elements.sort(key=lambda e: (e[2] != "skill", e[0]))
    zones = {row["O*NET-SOC Code"]: int(row["Job Zone"]) for row in tables["zones"]}
    onet_titles = {row["O*NET-SOC Code"]: row["Title"] for row in tables["titles"]}
    with_data = sorted(set(ratings) | set(zones))
    mapping = soc_mapping({code[:7] for code in with_data}, data)
    by_soc: dict[str, list[str]] = {}
    for code in with_data:
        soc = mapping[code[:7]]
        if soc is not None:
            by_soc.setdefault(soc, []).append(code)
    occupations = {}
    for soc, codes in sorted(by_soc.items()):
        rated = [c for c in codes if c in ratings] or codes
        owner = _profile_owner(rated)
        values = ratings.get(owner, {})
        zoned = [c for c in codes if c in zones]
        occupations[soc] = {
            "onet_code": owner, "onet_title": onet_titles.get(owner),
            "job_zone": zones.get(owner, zones[_profile_owner(zoned)] if zoned else None),
            "importance": [values.get((e[0], "IM")) for e in elements],
            "level": [values.get((e[0], "LV")) for e in elements],
        }
    job_zones = {row["Job Zone"]: {"name": row["Name"], "experience": row["Experience"],
                                   "education": row["Education"], "training": row["Job Training"],
                                   "svp_range": row["SVP Range"]} for row in tables["zone_reference"]}
    document = {
        "schema": 1,
        "source": {"name": "O*NET Job Zones, Skills and Knowledge", "release": "O*NET 29.3 (May 2025)",
                   "publisher": "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
                   "license": "CC BY 4.0", "url": "https://www.onetcenter.org/database.html",
                   "files": {name: f"onet/{INPUTS[name]}" for name in sorted(raws)},
                   "sha256": {name: hashlib.sha256(raw).hexdigest() for name, raw in sorted(raws.items())},
                   "oews_release": data.release},
        "attribution": ATTRIBUTION,
        "scales": {"importance": "O*NET IM, 1 (not important) to 5 (extremely important), × 100",
                   "level": "O*NET LV, 0 to 7, × 100"},
        "elements": elements,
        "job_zones": job_zones,
        "occupations": occupations,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def derive(source: Path = DEFAULT_SOURCE, out_file: Path = DATA_FILE, data: OewsData | None = None) -> int:
    raws = {name: (source / file).read_bytes() for name, file in INPUTS.items()}
    content = build(raws, data or OewsData.load(OEWS_FILE))  # the shipped OEWS file, as derive_related does
    write_atomically(out_file, content)
    return len(json.loads(gzip.decompress(content))["occupations"])


def main() -> None:
    derive_command(__doc__, derive, DEFAULT_SOURCE, DATA_FILE, "career profiles for {count} SOC codes")


if __name__ == "__main__":
    main()
