"""`coach skills FILE|-`: a table, JSON, and exit code 2 naming the problem on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from server.cli import app

RESUME = "Wrote SQL queries and built dashboards in Tableau with Python."


def test_table_from_stdin_and_json_from_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["skills", "-", "--target-role", "data analyst"], input=RESUME)
    assert result.exit_code == 0, result.output
    assert "Tableau" in result.output and "Gaps for" in result.output
    path = tmp_path / "cv.txt"
    path.write_text(RESUME)
    result = runner.invoke(app, ["skills", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert "SQL" in {s["name"] for s in json.loads(result.output)["skills"]}


def test_bad_input_exits_2_naming_the_problem(tmp_path: Path) -> None:
    runner = CliRunner()
    empty = runner.invoke(app, ["skills", "-"], input="  ")
    assert empty.exit_code == 2 and "text" in empty.output
    binary = tmp_path / "cv.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert runner.invoke(app, ["skills", str(binary)]).exit_code == 2
    assert runner.invoke(app, ["skills", str(tmp_path / "missing.pdf")]).exit_code == 2
    unknown = runner.invoke(app, ["skills", "-", "--target-role", "qwxzvv plorf"], input=RESUME)
    assert unknown.exit_code == 2 and "target_role" in unknown.output
