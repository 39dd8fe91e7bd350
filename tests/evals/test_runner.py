"""The eval runner end to end on the offline engine, pass^k, reports and the comparison of two runs, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from evals import report as report_module
from evals import runner as runner_module
from evals.report import compare_runs, print_comparison, print_run, render_html, write_html
from evals.runner import RunOptions, run_suites, summarize
from evals.suite import load_suite
from server.cli import app
from tests.conftest import make_settings

TINY = """
name: tiny
description: a tiny suite
cases:
  - id: profile-recall
    tags: [gate, profile]
    profile: {current_role: nurse, location: Denver}
    turns:
      - user: I have 6 years of experience
        expect:
          tools_called: [career_profile]
          tool_args: {career_profile: {experience_years: 6}}
      - user: what do you know about me?
        expect:
          json_path: {career_profile.profile.current_role: nurse}
          contains: [nurse, Denver, 6 years]
  - id: salary-grounded
    tags: [gate, salary]
    turns:
      - user: what do software developers make in San Francisco?
        expect:
          tools_called: [salary_lookup]
          json_path: {salary_lookup.occupation.soc_code: 15-1252}
          grounded: true
  - id: poem
    tags: [scope]
    turns:
      - user: write me a poem about <b>the sea</b>
        expect:
          no_tools: true
          contains: ["<script>never</script>"]
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY.lstrip())
    return path


def test_a_tiny_suite_runs_end_to_end_offline(tmp_path, tiny):
    run, path = run_suites([load_suite(tiny)], RunOptions(progress=False, concurrency=2), make_settings(tmp_path),
                           runs_dir=tmp_path / "runs")
    assert path.parent == tmp_path / "runs" and json.loads(path.read_text())["run_id"] == run["run_id"]
    assert run["model"] == "offline" and run["prompt_version"] == "v1" and run["repeat"] == 1
    by_id = {c["id"]: c for c in run["cases"]}
    assert by_id["profile-recall"]["passed"] and by_id["salary-grounded"]["passed"]
    poem = by_id["poem"]
    assert not poem["passed"] and not poem["gate"]
    assert poem["runs"][0]["turns"][0]["failures"] == ["contains: '<script>never</script>' is not in the reply"]
    turn = by_id["salary-grounded"]["runs"][0]["turns"][0]
    assert turn["tool_calls"][0]["name"] == "salary_lookup" and "BLS OEWS" in turn["reply"]
    assert turn["tool_results"][0]["data"]["occupation"]["soc_code"] == "15-1252" and turn["latency_s"] > 0
    summary = run["summary"]
    assert (summary["cases"], summary["passed"], summary["failed"], summary["gate_failed"]) == (3, 2, 1, [])


def test_tags_filter_and_repeat_gives_pass_k(tmp_path, tiny):
    run, _ = run_suites([load_suite(tiny)], RunOptions(progress=False, repeat=2, tags=("gate",)),
                        make_settings(tmp_path), runs_dir=tmp_path / "runs")
    assert [c["id"] for c in run["cases"]] == ["profile-recall", "salary-grounded"]
    assert all(len(c["runs"]) == 2 and c["passes"] == 2 for c in run["cases"])
    assert run["summary"]["pass_k"] == 1.0 and run["summary"]["k"] == 2


def test_pass_k_counts_only_cases_passing_every_run():
    case = lambda ok: {"suite": "s", "id": "x", "gate": True, "passed": all(ok),  # noqa: E731
                       "runs": [{"passed": o, "latency_s": 0.1} for o in ok]}
    summary = summarize([case([True, True]), case([True, False]), case([False, False]), case([True, True])], 2)
    assert summary["pass_k"] == 0.5 and summary["run_pass_rate"] == 0.625
    assert summary["gate_failed"] == ["s/x", "s/x"]


def test_report_and_compare(tmp_path, tiny):
    settings = make_settings(tmp_path)
    suite = load_suite(tiny)
    run_a, path_a = run_suites([suite], RunOptions(progress=False), settings, runs_dir=tmp_path / "runs")
    suite.cases[2].turns[0].expect.contains = ["not sure"]  # the poem case now passes...
    suite.cases[1].turns[0].expect.contains = ["Bermuda"]  # ...and the salary case fails
    run_b, _ = run_suites([suite], RunOptions(progress=False), settings, runs_dir=tmp_path / "runs")
    diff = compare_runs(run_a, run_b)
    assert diff["regressed"] == ["tiny/salary-grounded"] and diff["improved"] == ["tiny/poem"]
    assert diff["unchanged"] == ["tiny/profile-recall"] and diff["only_in_a"] == diff["only_in_b"] == []

    console = Console(record=True, width=200)
    print_comparison(run_a, run_b, console)
    print_run(run_b, console)
    text = console.export_text()
    assert "regressed" in text and "tiny/salary-grounded" in text and "FAIL" in text and "Bermuda" in text

    html_path = write_html(run_a, path_a)
    assert html_path == path_a.with_suffix(".html")
    html = html_path.read_text()
    assert "&lt;script&gt;never&lt;/script&gt;" in html and "<script>" not in html  # everything escaped
    assert "&lt;b&gt;the sea&lt;/b&gt;" in html and "salary_lookup" in html and "BLS OEWS" in html
    assert "<link" not in html and "src=" not in html  # self-contained


def test_render_html_escapes_replies_and_tool_data():
    run = {"run_id": "r<1>", "model": "offline", "prompt_version": "v1", "git_commit": None, "started_at": "t",
           "duration_s": 1, "repeat": 1, "concurrency": 1,
           "summary": {"passed": 0, "cases": 1, "k": 1, "pass_k": 0, "gate_failed": ["s/<x>"]},
           "cases": [{"suite": "s", "id": "x", "tags": ["<t>"], "passed": False, "passes": 0, "runs": [
               {"passed": False, "latency_s": 0.1, "turns": [
                   {"user": "<img src=x onerror=alert(1)>", "reply": "</pre><script>", "error": None,
                    "tool_calls": [{"name": "<n>", "args": {"a": "<v>"}}],
                    "tool_results": [{"name": "n", "data": {"k": "</pre>"}}], "failures": ["<f>"]}]}]}]}
    html = render_html(run)
    for raw in ("<img", "<script>", "<t>", "<f>", "<n>", "<x>", "r<1>"):
        assert raw not in html


def test_cli_run_gate_and_report(tmp_path, tiny, monkeypatch):
    monkeypatch.setattr(runner_module, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.setattr(report_module, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    env = {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_MODEL": "offline", "GOOGLE_API_KEY": "",
           "GEMINI_API_KEY": "", "DATABASE_URL": ""}
    cli = CliRunner()
    passing = cli.invoke(app, ["eval", "run", str(tiny), "--tag", "gate", "--gate", "--concurrency", "2"], env=env)
    assert passing.exit_code == 0, passing.output
    assert "2/2 cases pass" in passing.output

    failing_suite = tmp_path / "failing.yaml"
    failing_suite.write_text(TINY.replace("tags: [scope]", "tags: [gate, scope]"))
    failing = cli.invoke(app, ["eval", "run", str(failing_suite), "--gate"], env=env)
    assert failing.exit_code == 1, failing.output
    assert "gate cases failing: tiny/poem" in failing.output
    assert cli.invoke(app, ["eval", "run", str(failing_suite)], env=env).exit_code == 0  # without --gate

    runs = sorted((tmp_path / "runs").glob("*.json"))
    assert len(runs) == 3
    one = cli.invoke(app, ["eval", "report", runs[0].stem], env=env)  # a run id
    assert one.exit_code == 0, one.output
    assert runs[0].with_suffix(".html").exists()
    two = cli.invoke(app, ["eval", "report", str(runs[0]), str(runs[1])], env=env)
    assert two.exit_code == 0 and "regressed" in two.output and "only_in_a" in two.output

    broken = tmp_path / "broken.yaml"
    broken.write_text("name: b\ncases:\n  - id: x\n    turns:\n      - user: hi\n        expect: {tools_called: [nope]}\n")
    bad = cli.invoke(app, ["eval", "run", str(broken)], env=env)
    unwrapped = "".join(bad.output.split())  # the console wraps a long temporary path at its width
    assert bad.exit_code == 2 and "broken.yaml:6" in unwrapped and "unknowntool'nope'" in unwrapped
    assert len(list((tmp_path / "runs").glob("*.json"))) == 3  # nothing ran
    assert cli.invoke(app, ["eval", "report", "no-such-run"], env=env).exit_code == 2


GEMINI_SUITE = """
name: gemini
cases:
  - id: grounded
    turns:
      - user: what do software developers make in San Francisco?
        expect: {tools_called: [salary_lookup], grounded: true}
  - id: invented
    turns:
      - user: what do software developers make in San Francisco?
        expect: {no_tools: true, grounded: true}
"""


def test_runs_on_gemini_through_the_sdk_and_catches_an_invented_figure(tmp_path):
    from tests.stubs.gemini_stub import GeminiStub

    path = tmp_path / "gemini.yaml"
    path.write_text(GEMINI_SUITE.lstrip())
    with GeminiStub() as stub:
        stub.reply_function_call("salary_lookup", {"title": "software developers", "location": "San Francisco"})
        stub.reply_text("The median is $186,640 a year (BLS OEWS, May 2025).")
        stub.reply_text("Software developers there make about $250,000.")
        settings = make_settings(tmp_path, GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                                 GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=5)
        run, _ = run_suites([load_suite(path)], RunOptions(model="gemini", concurrency=1, progress=False), settings,
                            runs_dir=tmp_path / "runs")
    by_id = {c["id"]: c for c in run["cases"]}
    assert run["model"] == "gemini"
    assert by_id["grounded"]["passed"], by_id["grounded"]["runs"][0]["turns"][0]["failures"]
    assert by_id["invented"]["runs"][0]["turns"][0]["failures"] == [
        "grounded: money figure '$250,000' is in no tool result of this turn",
        "grounded: the reply quotes money but no tool result of this turn has a source"]
