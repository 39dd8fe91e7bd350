"""`coach offers analyze FILE` as a user runs it: a real process, a file or stdin, a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import _coach

OFFERS = {"offers": [
    {"label": "Acme", "title": "software developer", "location": "Austin, TX", "base": 120_000,
     "bonus_target_percent": 10, "equity": {"type": "rsu", "grant_value": 80_000}, "pto_days": 15},
    {"label": "Globex", "title": "software developer", "location": "Seattle", "base": 135_000,
     "signing_bonus": 10_000, "equity": {"type": "options", "shares": 20_000, "strike_price": 2,
                                         "preferred_price": 5}},
], "years_experience": 6}


def _file(tmp_path: Path, body: object) -> Path:
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(body))
    return path


def test_analyze_prints_the_offers_side_by_side_with_the_source(tmp_path: Path) -> None:
    result = _coach(tmp_path, "offers", "analyze", str(_file(tmp_path, OFFERS)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for words in ("Offers side by side", "Acme", "Globex", "First-year total", "$152,000", "$145,000",
                  "Annualised, options at 3× preferred", "Area wage index", "Acme leads on first-year total",
                  "illiquid", "Source: BLS OEWS, May 2025"):
        assert words in out, words


def test_analyze_reads_stdin_and_prints_json(tmp_path: Path) -> None:
    result = _coach(tmp_path, "offers", "analyze", "-", "--json", stdin=json.dumps(OFFERS))
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert [offer["label"] for offer in body["offers"]] == ["Acme", "Globex"]
    assert body["offers"][0]["compensation"]["first_year"]["total"] == 152_000
    assert body["comparison"]["leads"][0]["leader"] == "Acme"


def test_a_bad_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(OFFERS))
    bad["offers"][0]["equity"]["vesting"] = {"years": 4, "schedule_percent": [40, 40, 40, 40]}
    result = _coach(tmp_path, "offers", "analyze", str(_file(tmp_path, bad)))
    assert result.returncode == 2
    assert "offers.0.equity.vesting.schedule_percent" in result.stderr and "add up to 100" in result.stderr
    assert result.stdout == ""


def test_a_bonus_of_500_percent_exits_2(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(OFFERS))
    bad["offers"][1]["bonus_target_percent"] = 500
    result = _coach(tmp_path, "offers", "analyze", "-", stdin=json.dumps(bad))
    assert result.returncode == 2 and "offers.1.bonus_target_percent" in result.stderr


def test_a_missing_or_malformed_file_exits_2(tmp_path: Path) -> None:
    missing = _coach(tmp_path, "offers", "analyze", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    malformed = _coach(tmp_path, "offers", "analyze", "-", stdin='{"offers": [')
    assert malformed.returncode == 2 and "not valid JSON" in malformed.stderr


def test_an_unknown_title_exits_1_with_suggestions(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(OFFERS))
    bad["offers"][0]["title"] = "asdfgh"
    result = _coach(tmp_path, "offers", "analyze", "-", stdin=json.dumps(bad))
    assert result.returncode == 1 and "offers.0.title: no occupation matches" in result.stderr
