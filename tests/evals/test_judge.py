"""LLM-as-judge rubric assertions: rubrics, parsing the judge's answer, skipped without a judge, Gemini as judge."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from evals import runner as runner_module
from evals.judge import JudgeError, load_rubric, parse_scores
from evals.report import print_run, render_html
from evals.runner import RunOptions, run_suites
from evals.suite import SuiteError, load_suite
from server.cli import app
from tests.conftest import make_settings
from tests.stubs.gemini_stub import GeminiStub

CRITERIA = ("helpfulness", "clarity", "empathy", "actionability")

JUDGED = """
name: judged
cases:
  - id: {id}
    turns:
      - user: what do software developers make in San Francisco?
        expect:
          tools_called: [salary_lookup]
          rubric: {{name: coaching, min_score: 3.5}}
"""


def suite(tmp_path: Path, *ids: str) -> Path:
    path = tmp_path / "judged.yaml"
    text = JUDGED.format(id=ids[0])
    for case_id in ids[1:]:
        text += JUDGED.format(id=case_id).split("cases:\n", 1)[1]
    path.write_text(text.lstrip())
    return path


def test_the_coaching_rubric_has_the_four_criteria():
    rubric = load_rubric("coaching")
    assert rubric.criteria == CRITERIA and "## empathy" in rubric.text


@pytest.mark.parametrize("answer", [
    '{"scores": {"helpfulness": 4, "clarity": 5, "empathy": 3, "actionability": 4}, "reason": "ok"}',
    '```json\n{"scores": {"Helpfulness": 4, "clarity": "5", "empathy": 3, "actionability": 4}}\n```',
    'Here you go: {"helpfulness": 4, "clarity": 5, "empathy": 3, "actionability": 4} Hope that helps.',
])
def test_scores_are_parsed_robustly(answer):
    assert parse_scores(answer, CRITERIA) == {"helpfulness": 4, "clarity": 5, "empathy": 3, "actionability": 4}


@pytest.mark.parametrize("answer, message", [
    ("I think it is pretty good.", "no JSON object"),
    ('{"scores": {"helpfulness": 4,, }', "not valid JSON"),
    ('{"scores": {"helpfulness": 4, "clarity": 5, "empathy": 3}}', "no numeric score for 'actionability'"),
    ('{"scores": {"helpfulness": 9, "clarity": 5, "empathy": 3, "actionability": 4}}', "outside 1-5"),
    ('{"scores": {"helpfulness": true, "clarity": 5, "empathy": 3, "actionability": 4}}', "'helpfulness'"),
    ('{"scores": [4, 5, 3, 4]}', "no scores object"),
])
def test_malformed_answers_are_judge_errors(answer, message):
    with pytest.raises(JudgeError, match=message):
        parse_scores(answer, CRITERIA)


def test_schema_rejects_an_unknown_rubric_and_a_bad_min_score(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: s\ncases:\n  - id: x\n    turns:\n      - user: hi\n        expect:\n"
                    "          rubric: {name: nope, min_score: 7}\n")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    issues = {(i.line, i.field): i.message for i in info.value.issues}
    assert "unknown rubric 'nope'" in issues[(7, "cases[0].turns[0].expect.rubric.name")]
    assert "less than or equal to 5" in issues[(7, "cases[0].turns[0].expect.rubric.min_score")]


def test_without_a_judge_the_rubric_is_skipped_neither_pass_nor_fail(tmp_path):
    run, _ = run_suites([load_suite(suite(tmp_path, "r"))], RunOptions(progress=False), make_settings(tmp_path),
                        runs_dir=tmp_path / "runs")
    case = run["cases"][0]
    turn = case["runs"][0]["turns"][0]
    assert case["passed"] and turn["failures"] == [] and turn["skipped"] == ["rubric coaching: skipped (no judge)"]
    assert run["summary"]["skipped"] == 1 and run["judge"] is None and "judge" not in turn
    console = Console(record=True, width=200)
    print_run(run, console)
    text = console.export_text()
    assert "rubric coaching: skipped (no judge)" in text and "1 rubric assertion(s) skipped (no judge)" in text
    assert "rubric coaching: skipped (no judge)" in render_html(run)


def test_gemini_judges_pass_fail_and_malformed(tmp_path):
    path = suite(tmp_path, "good", "poor", "garbled")
    with GeminiStub() as stub:
        stub.reply_text('{"scores": {"helpfulness": 4, "clarity": 4, "empathy": 3, "actionability": 4}, '
                        '"reason": "solid"}')  # mean 3.75 >= 3.5
        stub.reply_text('```json\n{"scores": {"helpfulness": 3, "clarity": 4, "empathy": 2, "actionability": 3}}\n```')
        stub.reply_text("The reply is great, 5 stars!")
        settings = make_settings(tmp_path, GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                                 GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=5)
        # the coach is the offline engine; only the judge is Gemini
        run, _ = run_suites([load_suite(path)], RunOptions(progress=False, concurrency=1, judge="gemini"), settings,
                            runs_dir=tmp_path / "runs")
        first = stub.generate_requests[0]["body"]["contents"][0]["parts"][0]["text"]
    by_id = {c["id"]: c["runs"][0]["turns"][0] for c in run["cases"]}
    assert run["judge"] == "gemini" and run["summary"]["skipped"] == 0
    assert by_id["good"]["failures"] == [] and by_id["good"]["judge"]["mean"] == 3.75
    assert by_id["good"]["judge"]["passed"] and by_id["good"]["skipped"] == []
    assert by_id["poor"]["failures"] == [
        "rubric coaching: mean score 3 < 3.5 (helpfulness 3, clarity 4, empathy 2, actionability 3)"]
    (garbled,) = by_id["garbled"]["failures"]
    assert garbled.startswith("rubric coaching: judge error: the judge's answer has no JSON object")
    assert [c["passed"] for c in run["cases"]] == [True, False, False]
    # the judge saw the rubric, the conversation and the JSON shape it must answer in
    assert "## actionability" in first and "USER: what do software developers make in San Francisco?" in first
    assert "BLS OEWS" in first and '"scores"' in first


def test_cli_judge_needs_gemini_and_a_key(tmp_path, monkeypatch):
    monkeypatch.setattr(runner_module, "RUNS_DIR", tmp_path / "runs")
    monkeypatch.chdir(tmp_path)
    env = {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_MODEL": "offline", "GOOGLE_API_KEY": "",
           "GEMINI_API_KEY": "", "DATABASE_URL": "", "COACH_PROMPT_VERSION": "v1"}
    path = suite(tmp_path, "r")
    no_key = CliRunner().invoke(app, ["eval", "run", str(path), "--judge", "gemini"], env=env)
    assert no_key.exit_code == 2 and "GOOGLE_API_KEY" in no_key.output
    other = CliRunner().invoke(app, ["eval", "run", str(path), "--judge", "gpt"], env=env)
    assert other.exit_code == 2 and "--judge must be gemini" in other.output
    assert not (tmp_path / "runs").exists()
    skipped = CliRunner().invoke(app, ["eval", "run", str(path)], env=env)
    assert skipped.exit_code == 0 and "skipped (no judge)" in skipped.output
