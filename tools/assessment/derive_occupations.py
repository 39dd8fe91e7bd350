"""Derive the shipped occupation interest file (RIASEC profile, job zone, work values) from O*NET 29.3.

    python -m tools.assessment.derive_occupations [--source ../shared/data/onet] [--out ...]

Inputs (O*NET 29.3, CC BY 4.0, USDOL/ETA), from the `--source` folder:
  - `Interests.txt.gz`: scale OI (Occupational Interests, 1-7) for Realistic ... Conventional;
  - `Job_Zones.txt.gz`: the job zone (1-5: how much education, experience and training the work needs);
  - `Work_Values.txt.gz`: scale EX (Extent, 1-7) for Achievement ... Independence (fewer occupations have it).

Output: `tools/assessment/data/occupation-interests-onet-29.3.json.gz`, gzip-compressed JSON (mtime 0, sorted
keys, so the same inputs give the same bytes):

    {"schema": 1, "source": {...}, "attribution": "...", "interests": ["R","I","A","S","E","C"],
     "values": ["Achievement", ...],
     "occupations": [["15-1252.00", "Software Developers", 4, [2.3, 5.6, ...], [6.2, ...] or null], ...]}

Occupations without an interest profile or a job zone are left out: they cannot be matched.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

from tools.derived_files import derive_command, write_atomically

SHARED_ONET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "onet"
DATA_FILE = Path(__file__).parent / "data" / "occupation-interests-onet-29.3.json.gz"
INTERESTS = {"Realistic": "R", "Investigative": "I", "Artistic": "A", "Social": "S", "Enterprising": "E",
             "Conventional": "C"}
VALUES = ("Achievement", "Working Conditions", "Recognition", "Relationships", "Support", "Independence")
FILES = ("Interests.txt.gz", "Job_Zones.txt.gz", "Work_Values.txt.gz")
ATTRIBUTION = ("This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
               "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
               "trademark of USDOL/ETA. SmartJobFit Coach has modified all or some of this information. USDOL/ETA "
               "has not approved, endorsed, or tested these modifications.")


def _rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8")), delimiter="\t"))


def build(interests_raw: bytes, zones_raw: bytes, values_raw: bytes) -> bytes:
    titles: dict[str, str] = {}
    interests: dict[str, dict[str, float]] = {}
    for row in _rows(interests_raw):
        if row["Scale ID"] == "OI" and row["Element Name"] in INTERESTS:
            code = row["O*NET-SOC Code"]
            titles[code] = row["Title"]
            interests.setdefault(code, {})[INTERESTS[row["Element Name"]]] = float(row["Data Value"])
    zones = {row["O*NET-SOC Code"]: int(float(row["Job Zone"])) for row in _rows(zones_raw) if row["Job Zone"]}
    values: dict[str, dict[str, float]] = {}
    for row in _rows(values_raw):
        if row["Scale ID"] == "EX" and row["Element Name"] in VALUES:
            values.setdefault(row["O*NET-SOC Code"], {})[row["Element Name"]] = float(row["Data Value"])
    occupations = []
    for code in sorted(interests):
        profile = interests[code]
        if len(profile) != 6 or code not in zones:
            continue
        extent = values.get(code)
        occupations.append([code, titles[code], zones[code], [profile[k] for k in INTERESTS.values()],
                            [extent[v] for v in VALUES] if extent and len(extent) == 6 else None])
    document = {
        "schema": 1,
        "source": {"name": "O*NET Interests, Job Zones, Work Values", "release": "O*NET 29.3 (May 2025)",
                   "publisher": "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
                   "license": "CC BY 4.0", "url": "https://www.onetcenter.org/database.html",
                   "files": [f"onet/{name}" for name in FILES],
                   "sha256": [hashlib.sha256(raw).hexdigest() for raw in (interests_raw, zones_raw, values_raw)]},
        "attribution": ATTRIBUTION,
        "interests": list(INTERESTS.values()),
        "values": list(VALUES),
        "occupations": occupations,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def derive(source: Path = SHARED_ONET, out_file: Path = DATA_FILE) -> int:
    content = build(*((source / name).read_bytes() for name in FILES))
    write_atomically(out_file, content)
    return len(json.loads(gzip.decompress(content))["occupations"])


def main() -> None:
    derive_command(__doc__, derive, SHARED_ONET, DATA_FILE, "interest profiles of {count} occupations")


if __name__ == "__main__":
    main()
