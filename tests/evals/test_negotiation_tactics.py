"""Better negotiating must pay off against the simulator, on average over a grid of scenarios."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from evals.negotiation_tactics import run


def test_better_tactics_get_better_outcomes_on_average() -> None:
    results = {r.tactic: r for r in run(seeds=2)}
    surplus = {name: r.surplus for name, r in results.items()}
    assert surplus["anchor high with data"] > surplus["ask with no reason"] > surplus["accept at once"] == 0
    assert surplus["trade terms"] > surplus["ask with no reason"]
    assert surplus["ultimatum"] < surplus["ask with no reason"]
    assert results["ultimatum"].deal_rate < results["anchor high with data"].deal_rate == 1.0
    assert results["anchor high with data"].score > results["accept at once"].score


def test_cli_prints_the_table_and_json() -> None:
    wide = {**os.environ, "COLUMNS": "160"}  # rich wraps at 80 columns when not on a terminal
    table = subprocess.run([sys.executable, "-m", "server.cli", "eval", "tactics", "--seeds", "1"],
                           capture_output=True, text=True, check=True, env=wide)
    assert "anchor high with data" in table.stdout and "Surplus captured" in table.stdout
    as_json = subprocess.run([sys.executable, "-m", "server.cli", "eval", "tactics", "--seeds", "1", "--json"],
                             capture_output=True, text=True, check=True)
    assert {row["tactic"] for row in json.loads(as_json.stdout)} >= {"accept at once", "trade terms"}
