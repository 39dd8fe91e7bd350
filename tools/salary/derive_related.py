"""Derive the shipped related-occupations file (SOC codes that OEWS publishes) from O*NET 29.3.

    python -m tools.salary.derive_related [--source ../shared/data/onet/Related_Occupations.txt.gz] [--out ...]

Input: O*NET 29.3 `Related Occupations` (CC BY 4.0; USDOL/ETA): for each O*NET-SOC occupation, 20 related
occupations in three tiers (Primary-Short: the 5 most related, Primary-Long: the next 5, Supplemental: 10 more),
each with its rank (`Index`, 1 = most related).

Output: `tools/salary/data/related-occupations-onet-29.3.json.gz`, gzip-compressed JSON (mtime 0, sorted keys:
the same input always gives the same bytes):

    {"schema": 1, "source": {...}, "attribution": "...", "mapping": {"13-1021": "13-1020", ...},
     "related": {"15-1252": [["15-1253", "Primary-Short", 1], ["15-1251", "Primary-Short", 2], ...], ...}}

Mapping O*NET-SOC codes to the SOC codes OEWS publishes: an O*NET-SOC code `##-####.##` belongs to the SOC 2018
detailed occupation given by its first 7 characters. OEWS publishes most of these as they are; for a few it
publishes only an aggregate, and then the code maps to
  1. the SOC broad group (`##-###0`) when OEWS publishes that as a detailed occupation (13-1021 → 13-1020), or
  2. the one OEWS-only detailed code in the same broad group that O*NET never uses, not counting "All Other"
     residual codes (21-1011 → 21-1018, 51-2022 → 51-2028, 53-1042 → 53-1047, 25-9042 → 25-9045 ...).
Codes with no such OEWS counterpart (11-1031 Legislators, 45-3031 Fishing and Hunting Workers) are dropped.
The resolved `mapping` is written into the file, so every such step can be checked. The OEWS occupation list
is the shipped file's (`oews-2025.zip`), never a refreshed one, so the output depends on shipped inputs only.

Several O*NET-SOC codes can fall on the same SOC code (11-1011.00 and 11-1011.03 both on 11-1011): their lists
are merged; a related SOC code keeps its strongest tie (best tier, then lowest index); self-relations (two O*NET
occupations inside one SOC code) are dropped. Lists are ordered by tier, then index, then code.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

from tools.occupations.oews import DATA_FILE as OEWS_FILE
from tools.occupations.oews import OewsData
from tools.derived_files import derive_command, write_atomically

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEFAULT_SOURCE = SHARED_DATA / "onet" / "Related_Occupations.txt.gz"
DATA_FILE = Path(__file__).parent / "data" / "related-occupations-onet-29.3.json.gz"
TIERS = ("Primary-Short", "Primary-Long", "Supplemental")
ATTRIBUTION = ("This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
               "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
               "trademark of USDOL/ETA. SmartJobFit Coach has modified all or some of this information. USDOL/ETA "
               "has not approved, endorsed, or tested these modifications.")


def soc_mapping(onet_socs: set[str], data: OewsData) -> dict[str, str | None]:
    """Each SOC code (first 7 characters of an O*NET-SOC code) → the OEWS detailed code it is published under."""
    detailed = {o.code for o in data.occupations if o.level == 3}
    oews_only = detailed - onet_socs
    mapping: dict[str, str | None] = {}
    for soc in sorted(onet_socs):
        if soc in detailed:
            mapping[soc] = soc
            continue
        broad = soc[:6] + "0"
        if broad in detailed:
            mapping[soc] = broad
            continue
        candidates = sorted(c for c in oews_only if c[:6] == soc[:6]
                            and not data.occupation_by_code[c].name.endswith("All Other"))
        mapping[soc] = candidates[0] if len(candidates) == 1 else None
    return mapping


def build(raw: bytes, data: OewsData) -> bytes:
    reader = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"), newline=""), delimiter="\t")
    rows = list(reader)
    onet_socs = {r["O*NET-SOC Code"][:7] for r in rows} | {r["Related O*NET-SOC Code"][:7] for r in rows}
    mapping = soc_mapping(onet_socs, data)
    best: dict[str, dict[str, tuple[int, int]]] = {}
    for row in rows:
        tier = row["Relatedness Tier"]
        if tier not in TIERS:
            raise ValueError(f"unknown relatedness tier {tier!r}")
        source, target = mapping[row["O*NET-SOC Code"][:7]], mapping[row["Related O*NET-SOC Code"][:7]]
        if source is None or target is None or source == target:
            continue
        strength = (TIERS.index(tier), int(row["Index"]))
        ties = best.setdefault(source, {})
        if target not in ties or strength < ties[target]:
            ties[target] = strength
    related = {source: [[target, TIERS[tier], index] for target, (tier, index)
                        in sorted(ties.items(), key=lambda item: (item[1], item[0]))]
               for source, ties in sorted(best.items())}
    document = {
        "schema": 1,
        "source": {"name": "O*NET Related Occupations", "release": "O*NET 29.3 (May 2025)",
                   "publisher": "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)",
                   "license": "CC BY 4.0", "url": "https://www.onetcenter.org/database.html",
                   "file": "onet/Related_Occupations.txt.gz", "sha256": hashlib.sha256(raw).hexdigest(),
                   "oews_release": data.release},
        "attribution": ATTRIBUTION,
        "tiers": list(TIERS),
        "mapping": {soc: target for soc, target in mapping.items() if target != soc},
        "related": related,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def derive(source: Path = DEFAULT_SOURCE, out_file: Path = DATA_FILE, data: OewsData | None = None) -> int:
    content = build(source.read_bytes(), data or OewsData.load(OEWS_FILE))  # the shipped OEWS file, not a refresh
    write_atomically(out_file, content)
    return len(json.loads(gzip.decompress(content))["related"])


def main() -> None:
    derive_command(__doc__, derive, DEFAULT_SOURCE, DATA_FILE, "related occupations for {count} SOC codes")


if __name__ == "__main__":
    main()
