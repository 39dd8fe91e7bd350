"""The shipped career profiles against O*NET's own files, for a sample of occupations."""

from __future__ import annotations

import csv
import gzip
import io

from tools.career.derive_paths import DATA_FILE, INPUTS, build
from tools.career.profiles import load_profiles
from tools.occupations.oews import DATA_FILE as OEWS_FILE
from tools.occupations.oews import OewsData


def _rows(path):
    return list(csv.DictReader(io.StringIO(gzip.decompress(path.read_bytes()).decode(), newline=""), delimiter="\t"))


def test_sample_matches_the_onet_source(shared_data):
    onet = shared_data / "onet"
    profiles = load_profiles()
    index = {element[0]: i for i, element in enumerate(profiles.elements)}
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in _rows(onet / "Job_Zones.txt.gz")}
    sample = {"29-1141": "29-1141.00", "29-1171": "29-1171.00", "25-9031": "25-9031.00", "41-2011": "41-2011.00"}
    for soc, onet_code in sample.items():
        occupation = profiles.occupations[soc]
        assert occupation["onet_code"] == onet_code
        assert occupation["job_zone"] == zones[onet_code]
    checked = 0
    for name in ("Skills.txt.gz", "Knowledge.txt.gz"):
        for row in _rows(onet / name):
            soc = next((s for s, code in sample.items() if code == row["O*NET-SOC Code"]), None)
            if soc is None or row["Scale ID"] not in ("IM", "LV"):
                continue
            scale = "importance" if row["Scale ID"] == "IM" else "level"
            assert profiles.occupations[soc][scale][index[row["Element ID"]]] == round(float(row["Data Value"]) * 100)
            checked += 1
    assert checked == len(sample) * 68 * 2
    reference = {r["Job Zone"]: r for r in _rows(onet / "Job_Zone_Reference.txt.gz")}
    assert profiles.job_zones["5"]["education"] == reference["5"]["Education"]


def test_derive_is_deterministic_and_matches_the_shipped_file(shared_data):
    raws = {name: (shared_data / "onet" / file).read_bytes() for name, file in INPUTS.items()}
    assert build(raws, OewsData.load(OEWS_FILE)) == DATA_FILE.read_bytes()
