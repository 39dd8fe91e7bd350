"""Derive the compact BLS Employment Projections file the product ships from the staged BLS table.

    python -m tools.salary.derive_projections [--source ../shared/data/bls_projections/...csv.gz] [--out ...]

Input: `ep_2024_34_table_1_2_occupational_projections.csv.gz`: BLS Employment Projections program, 2024–34,
Table 1.2 "Occupational projections, 2024–34, and worker characteristics, 2024" (public domain), one row per
National Employment Matrix occupation (832 detailed "Line item" rows and 281 "Summary" groups, including
"Total, all occupations" 00-0000). Output: `tools/salary/data/projections-2024-34.json.gz`, gzip-compressed JSON
(written with mtime 0 and sorted keys, so the same input always gives the same bytes):

    {"schema": 1, "source": {...}, "attribution": "...", "units": {...},
     "occupations": {"15-1252": {"title": ..., "type": "Line item", "level": 4,
                                 "employment_2024": 1693.8, "employment_2034": 1961.4,
                                 "change": 267.7, "change_percent": 15.8, "self_employed_percent": 1.6,
                                 "openings": 115.2, "median_wage": 133080, "median_wage_top_coded": false,
                                 "education": "Bachelor's degree", "experience": "None", "training": "None",
                                 "ooh_profile": true}, ...}}

Every figure is kept as BLS published it: employment, change and openings in thousands; BLS's "—" (not
available) becomes null; the top-coded wage `>=$239,200` becomes `median_wage: null, median_wage_top_coded: true`
(never a number). Only derive scripts read `../shared`; the product reads the derived file.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path
from tools.derived_files import derive_command, write_atomically

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEFAULT_SOURCE = SHARED_DATA / "bls_projections" / "ep_2024_34_table_1_2_occupational_projections.csv.gz"
DATA_FILE = Path(__file__).parent / "data" / "projections-2024-34.json.gz"
SOURCE_PATH = "bls_projections/ep_2024_34_table_1_2_occupational_projections.csv.gz"
ATTRIBUTION = ("Source: Employment Projections program, U.S. Bureau of Labor Statistics, 2024–34 projections "
               "(Table 1.2, Occupational projections and worker characteristics). Public domain. "
               "https://www.bls.gov/emp/")
NOT_AVAILABLE = "—"
TOP_CODED_WAGE = ">=$239,200"

_COLUMNS = {
    "title": "2024 National Employment Matrix title",
    "code": "2024 National Employment Matrix code",
    "type": "Occupation type",
    "level": "Hierarchy level (from title indentation)",
    "employment_2024": "Employment, 2024",
    "employment_2034": "Employment, 2034",
    "change": "Employment change, numeric, 2024–34",
    "change_percent": "Employment change, percent, 2024–34",
    "self_employed_percent": "Percent self employed, 2024",
    "openings": "Occupational openings, 2024–34 annual average",
    "median_wage": "Median annual wage, dollars, 2024[1]",
    "education": "Typical education needed for entry",
    "experience": "Work experience in a related occupation",
    "training": "Typical on-the-job training needed to attain competency in the occupation",
    "ooh": "Related Occupational Outlook Handbook (OOH) content xlsx",
}


def _number(text: str) -> float | int | None:
    text = text.strip()
    if text == NOT_AVAILABLE or not text:
        return None
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def _text(text: str) -> str | None:
    text = text.strip()
    return None if text in ("", NOT_AVAILABLE) else text


def parse(raw: bytes) -> dict[str, dict]:
    """The source table (gzip bytes) as {soc_code: record}."""
    reader = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"), newline=""))
    missing = [c for c in _COLUMNS.values() if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the projections table lacks the columns {missing}")
    occupations: dict[str, dict] = {}
    for row in reader:
        code = row[_COLUMNS["code"]].strip()
        if code in occupations:
            raise ValueError(f"occupation {code} appears twice in the projections table")
        wage_text = row[_COLUMNS["median_wage"]].strip()
        top_coded = wage_text == TOP_CODED_WAGE
        occupations[code] = {
            "title": row[_COLUMNS["title"]].strip(),
            "type": row[_COLUMNS["type"]].strip(),
            "level": int(row[_COLUMNS["level"]]),
            "employment_2024": _number(row[_COLUMNS["employment_2024"]]),
            "employment_2034": _number(row[_COLUMNS["employment_2034"]]),
            "change": _number(row[_COLUMNS["change"]]),
            "change_percent": _number(row[_COLUMNS["change_percent"]]),
            "self_employed_percent": _number(row[_COLUMNS["self_employed_percent"]]),
            "openings": _number(row[_COLUMNS["openings"]]),
            "median_wage": None if top_coded else _number(wage_text),
            "median_wage_top_coded": top_coded,
            "education": _text(row[_COLUMNS["education"]]),
            "experience": _text(row[_COLUMNS["experience"]]),
            "training": _text(row[_COLUMNS["training"]]),
            "ooh_profile": _text(row[_COLUMNS["ooh"]]) is not None,
        }
    if "00-0000" not in occupations:
        raise ValueError("the projections table has no 'Total, all occupations' (00-0000) row")
    return occupations


def build(raw: bytes) -> bytes:
    """The shipped file's bytes for the given source bytes (deterministic)."""
    document = {
        "schema": 1,
        "source": {
            "name": "BLS Employment Projections",
            "release": "2024–34",
            "table": "Table 1.2 Occupational projections, 2024–34, and worker characteristics, 2024",
            "publisher": "U.S. Bureau of Labor Statistics, Employment Projections program",
            "url": "https://www.bls.gov/emp/tables/occupational-projections-and-characteristics.htm",
            "file": SOURCE_PATH,
            "sha256": hashlib.sha256(raw).hexdigest(),
        },
        "attribution": ATTRIBUTION,
        "units": {
            "employment_2024": "thousands of jobs", "employment_2034": "thousands of jobs",
            "change": "thousands of jobs", "change_percent": "percent, 2024–34",
            "openings": "thousands a year (2024–34 annual average)",
            "median_wage": "dollars a year, OEWS May 2024, wage and salary workers only",
        },
        "occupations": parse(raw),
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def derive(source: Path = DEFAULT_SOURCE, out_file: Path = DATA_FILE) -> int:
    content = build(source.read_bytes())
    write_atomically(out_file, content)
    return len(json.loads(gzip.decompress(content))["occupations"])


def main() -> None:
    derive_command(__doc__, derive, DEFAULT_SOURCE, DATA_FILE, "{count} occupations")


if __name__ == "__main__":
    main()
