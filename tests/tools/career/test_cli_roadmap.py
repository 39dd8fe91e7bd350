"""`coach roadmap CURRENT TARGET [-l PLACE] [--json]`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import _coach


def test_roadmap_prints_the_scenarios(tmp_path: Path) -> None:
    result = _coach(tmp_path, "roadmap", "registered nurse", "nurse practitioner", "-l", "Denver")
    assert result.returncode == 0, result.stderr
    assert "**Direct**" in result.stdout and "Median pay: $" in result.stdout and "BLS OEWS" in result.stdout


def test_roadmap_json_and_unknown_role(tmp_path: Path) -> None:
    as_json = _coach(tmp_path, "roadmap", "teacher", "instructional designer", "--json")
    assert json.loads(as_json.stdout)["target"]["soc_code"] == "25-9031"
    unknown = _coach(tmp_path, "roadmap", "nurse", "qwzxv plorkt")
    assert unknown.returncode == 1 and "no occupation matches" in unknown.stdout
