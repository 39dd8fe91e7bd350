"""Simulated users: the schema, the offline scripted policy, case-level assertions, and an LLM user on Gemini."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from evals.runner import RunOptions, run_suites
from evals.simulated_user import DONE_TOKEN, LLMUser, ScriptedUser, facts_sentences
from evals.suite import SimulatedUser, SuiteError, load_suite
from tests.conftest import make_settings
from tests.stubs.gemini_stub import GeminiStub


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sim.yaml"
    path.write_text(text.lstrip("\n"))
    return path


SIMULATED = """
name: sim
cases:
  - id: nurse
    simulated_user:
      goal: learn my market rate
      facts: {current_role: nurse, location: Denver, experience_years: 6}
      asks: ["what's my market rate?", "thanks!", "what do you know about me?"]
      max_turns: 3
    expect_any_turn: {tools_include: [career_profile, salary_lookup]}
    expect_final: {contains: [welcome], no_tools: true}
  - id: never-compares
    simulated_user:
      goal: learn my market rate
      facts: {current_role: nurse, location: Denver}
      asks: what's my market rate?
    expect_any_turn: {tools_include: [compare_locations]}
    expect_final: {contains: [Bermuda]}
"""


def test_facts_become_natural_sentences():
    assert facts_sentences({"current_role": "nurse", "location": "Denver", "experience_years": 6}) == \
        "I'm a nurse in Denver with 6 years of experience."
    assert facts_sentences({"current_role": "engineer", "experience_years": 1, "target_role": "architect",
                            "industry": "energy"}) == \
        "I'm an engineer with 1 year of experience. I work in the energy industry. I want to become an architect."
    assert facts_sentences({"location": "Austin", "experience_years": 2.5}) == \
        "I live in Austin. I have 2.5 years of experience."
    assert facts_sentences({}) == ""


def test_the_scripted_policy_states_facts_then_asks_and_stops_at_max_turns():
    spec = SimulatedUser(goal="g", facts={"current_role": "nurse", "location": "Denver"},
                         asks=["first?", "second?", "third?"], max_turns=3)
    user = ScriptedUser(spec)
    said: list[tuple[str, str]] = []
    while (message := asyncio.run(user.next_message(said))) is not None:
        said.append((message, "ok"))
    assert [m for m, _ in said] == ["I'm a nurse in Denver.", "first?", "second?"]
    no_facts = ScriptedUser(SimulatedUser(goal="g", asks="only?"))
    assert asyncio.run(no_facts.next_message([])) == "only?" and asyncio.run(no_facts.next_message([("only?", "")])) is None


def test_a_simulated_case_runs_offline_with_case_level_assertions(tmp_path):
    run, _ = run_suites([load_suite(write(tmp_path, SIMULATED))], RunOptions(progress=False),
                        make_settings(tmp_path), runs_dir=tmp_path / "runs")
    nurse, never = run["cases"]
    assert nurse["passed"], nurse["runs"][0]
    turns = nurse["runs"][0]["turns"]
    assert [t["user"] for t in turns] == ["I'm a nurse in Denver with 6 years of experience.",
                                          "what's my market rate?", "thanks!"]  # max_turns: 3
    assert not never["passed"]
    attempt = never["runs"][0]
    assert attempt["failures"] == ["expect_any_turn: tools_include: compare_locations was called in no turn "
                                   "(called: ['career_profile', 'career_profile', 'salary_lookup'])"]
    assert attempt["turns"][-1]["failures"] == ["expect_final: contains: 'Bermuda' is not in the reply"]
    assert attempt["turns"][0]["failures"] == []


@pytest.mark.parametrize("body, field, message", [
    ("    turns: [{user: hi}]\n    simulated_user: {goal: g}\n", "cases[0]", "exactly one of"),
    ("    description: neither\n", "cases[0]", "exactly one of"),
    ("    turns: [{user: hi}]\n    expect_final: {contains: x}\n", "cases[0]", "for simulated_user cases"),
    ("    simulated_user: {goal: g, max_turns: 0}\n", "cases[0].simulated_user.max_turns", "greater than"),
    ("    simulated_user: {goal: g, facts: {salary: 3}}\n", "cases[0].simulated_user.facts.salary", "Extra inputs"),
    ("    simulated_user: {goal: g}\n    expect_any_turn: {tools_include: [nope]}\n",
     "cases[0].expect_any_turn.tools_include", "unknown tool 'nope'"),
    ("    simulated_user: {goal: g}\n    expect_final: {tools_called: [nope]}\n",
     "cases[0].expect_final.tools_called", "unknown tool 'nope'"),
])
def test_schema_errors_name_file_line_and_field(tmp_path, body, field, message):
    path = write(tmp_path, "name: s\ncases:\n  - id: x\n" + body)
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    issue = next(i for i in info.value.issues if i.field == field)
    assert message in issue.message and issue.file == str(path) and issue.line is not None and issue.line >= 3


def test_with_gemini_an_llm_plays_the_user_through_the_provider_layer(tmp_path):
    path = write(tmp_path, """
name: sim
cases:
  - id: llm
    simulated_user:
      goal: learn my market rate
      persona: a terse nurse
      facts: {current_role: nurse, location: Denver}
      max_turns: 4
    expect_final: {contains: [glad]}
""")
    with GeminiStub() as stub:
        stub.reply_text("I'm a nurse in Denver. What do nurses make here?")  # the simulated user
        stub.reply_text("Happy to help. I'd need a moment to look that up.")  # the coach
        stub.reply_text(f" {DONE_TOKEN} ")  # the simulated user is done
        settings = make_settings(tmp_path, GOOGLE_API_KEY="test-key", GEMINI_BASE_URL=stub.base_url,
                                 GEMINI_MAX_RETRIES=1, GEMINI_TIMEOUT_S=5)
        run, _ = run_suites([load_suite(path)], RunOptions(model="gemini", progress=False, concurrency=1), settings,
                            runs_dir=tmp_path / "runs")
        first_user_call, _, second_user_call = stub.generate_requests
    attempt = run["cases"][0]["runs"][0]
    assert [t["user"] for t in attempt["turns"]] == ["I'm a nurse in Denver. What do nurses make here?"]
    assert attempt["turns"][0]["failures"] == ["expect_final: contains: 'glad' is not in the reply"]
    system = first_user_call["body"]["systemInstruction"]["parts"][0]["text"]
    assert "You are playing a USER" in system and "learn my market rate" in system and "a terse nurse" in system
    assert "current role: nurse" in system and DONE_TOKEN in system
    # roles mirrored: the coach's reply is the user-model's input
    contents = second_user_call["body"]["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    assert contents[-1]["parts"][0]["text"].startswith("Happy to help")


def test_the_llm_user_stops_at_max_turns():
    class Never:
        async def ainvoke(self, messages):
            raise AssertionError("not called past max_turns")

    user = LLMUser(SimulatedUser(goal="g", max_turns=1), Never())  # type: ignore[arg-type]
    assert asyncio.run(user.next_message([("hi", "hello")])) is None
