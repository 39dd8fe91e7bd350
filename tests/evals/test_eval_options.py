"""`coach eval run` options and what a run records: the prompt version, token counts, the SQL row."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import prompts
from evals import runner as runner_module
from evals.runner import RunOptions, UnknownPromptVersion, run_suites
from evals.suite import load_suite
from server.cli import app
from tests.conftest import make_settings
from tests.stubs.gemini_stub import GeminiStub

ONE_TURN = """
name: one
cases:
  - id: hello
    tags: [gate]
    turns:
      - user: what do software developers make in San Francisco?
        expect: {tools_include: [salary_lookup]}
"""


@pytest.fixture
def one(tmp_path: Path) -> Path:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_TURN.lstrip())
    return path


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(runner_module, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.chdir(tmp_path)
    return {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_MODEL": "offline", "GOOGLE_API_KEY": "",
            "GEMINI_API_KEY": "", "DATABASE_URL": "", "COACH_PROMPT_VERSION": "v1"}


@pytest.fixture
def extra_version() -> Iterator[str]:
    """A throwaway prompts/<version>/ whose system prompt carries a marker."""
    version = f"vtest{uuid.uuid4().hex[:6]}"
    folder = prompts.PROMPTS_DIR / version
    shutil.copytree(prompts.PROMPTS_DIR / "v1", folder)
    system = folder / "system.md"
    system.write_text("MARKER-" + version + "\n" + system.read_text())
    try:
        yield version
    finally:
        shutil.rmtree(folder)


def test_unknown_prompt_version_is_an_error_before_anything_runs(tmp_path, one, cli_env):
    result = CliRunner().invoke(app, ["eval", "run", str(one), "--prompt-version", "v999"], env=cli_env)
    assert result.exit_code == 2, result.output
    assert "unknown prompt version 'v999'" in result.output and "prompts/v999/" in result.output
    assert not (tmp_path / "runs").exists()  # nothing ran
    with pytest.raises(UnknownPromptVersion):
        run_suites([load_suite(one)], RunOptions(progress=False, prompt_version="nope"), make_settings(tmp_path),
                   runs_dir=tmp_path / "runs")


def test_prompt_version_option_is_recorded(tmp_path, one, cli_env, extra_version):
    result = CliRunner().invoke(app, ["eval", "run", str(one), "--prompt-version", extra_version], env=cli_env)
    assert result.exit_code == 0, result.output
    assert f"prompt {extra_version}" in result.output
    import json

    (path,) = (tmp_path / "runs").glob("*.json")
    assert json.loads(path.read_text())["prompt_version"] == extra_version


def test_the_prompt_version_is_the_one_the_model_sees(tmp_path, one, extra_version):
    with GeminiStub() as stub:
        stub.reply_text("Hello.")
        settings = make_settings(tmp_path, GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                                 GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=5)
        run, _ = run_suites([load_suite(one)], RunOptions(model="gemini", progress=False, concurrency=1,
                                                           prompt_version=extra_version), settings,
                            runs_dir=tmp_path / "runs")
        system = stub.generate_requests[0]["body"]["systemInstruction"]["parts"][0]["text"]
    assert run["prompt_version"] == extra_version
    assert system.startswith(f"MARKER-{extra_version}")


def test_token_counts_are_recorded_per_turn_case_and_run_on_gemini(tmp_path, one):
    from rich.console import Console

    from evals.report import print_run, render_html

    with GeminiStub() as stub:
        stub.reply_function_call("salary_lookup", {"title": "software developers", "location": "San Francisco"})
        stub.reply_text("The median is $186,640 a year (BLS OEWS, May 2025).")
        settings = make_settings(tmp_path, GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                                 GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=5)
        run, _ = run_suites([load_suite(one)], RunOptions(model="gemini", progress=False, concurrency=1), settings,
                            runs_dir=tmp_path / "runs")
    case = run["cases"][0]
    turn_usage = case["runs"][0]["turns"][0]["usage"]
    # two model calls (the function call, then the answer), summed
    assert turn_usage["input_tokens"] > 0 and turn_usage["output_tokens"] > 0
    assert turn_usage["total_tokens"] == turn_usage["input_tokens"] + turn_usage["output_tokens"]
    assert case["usage"] == case["runs"][0]["usage"] == run["summary"]["usage"] == turn_usage
    console = Console(record=True, width=200)
    print_run(run, console)
    assert f"tokens: {turn_usage['total_tokens']:,} (in " in console.export_text()
    assert f"{turn_usage['total_tokens']:,} (in" in render_html(run)


def test_offline_reports_no_token_counts(tmp_path, one):
    from rich.console import Console

    from evals.report import print_run

    run, _ = run_suites([load_suite(one)], RunOptions(progress=False), make_settings(tmp_path),
                        runs_dir=tmp_path / "runs")
    assert run["cases"][0]["runs"][0]["turns"][0]["usage"] is None and run["summary"]["usage"] is None
    console = Console(record=True, width=200)
    print_run(run, console)
    assert "tokens: —" in console.export_text()


def test_a_run_is_a_row_in_the_product_database_not_the_cases_one(tmp_path, one, database_url):
    from sqlmodel import Session, select

    from memory.db import create_db_engine
    from memory.models import EvalRun

    settings = make_settings(tmp_path, database_url)
    run, path = run_suites([load_suite(one)], RunOptions(progress=False, repeat=2), settings,
                           runs_dir=tmp_path / "runs")
    engine = create_db_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            (row,) = session.exec(select(EvalRun)).all()
    finally:
        engine.dispose()
    assert row.id == run["run_id"] and row.model == "offline" and row.prompt_version == "v1"
    assert row.git_commit == run["git_commit"] and row.suites == ["one"] and row.json_path == str(path.resolve())
    assert (row.cases, row.passed, row.pass_hat_k, row.repeat) == (1, 1, 1.0, 2) and row.duration_s > 0
    assert row.created_at is not None


def test_cli_run_records_its_row(tmp_path, one, cli_env):
    from sqlalchemy import text

    from memory.db import create_db_engine

    result = CliRunner().invoke(app, ["eval", "run", str(one)], env=cli_env)
    assert result.exit_code == 0, result.output
    engine = create_db_engine(f"sqlite:///{tmp_path / 'data' / 'coach.db'}")
    try:
        with engine.connect() as connection:
            ids = connection.execute(text("SELECT id, passed FROM eval_runs")).all()
    finally:
        engine.dispose()
    (path,) = (tmp_path / "runs").glob("*.json")
    assert ids == [(path.stem, 1)]
