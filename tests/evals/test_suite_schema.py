"""Suite files: schema errors name the file, the line and the field, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.suite import SUITES_DIR, SuiteError, known_tool_names, load_suite, load_suites


def write(tmp_path: Path, text: str, name: str = "suite.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text.lstrip("\n"))
    return path


GOOD = """
name: tiny
description: a tiny suite
cases:
  - id: poem
    tags: [gate]
    turns:
      - user: write me a poem
        expect:
          no_tools: true
          contains: not sure
"""


def test_a_valid_suite_loads(tmp_path):
    suite = load_suite(write(tmp_path, GOOD))
    assert suite.name == "tiny" and suite.cases[0].gate
    assert suite.cases[0].turns[0].expect.contains == ["not sure"]  # a string becomes a list


def test_wrong_type_reports_file_line_and_field(tmp_path):
    path = write(tmp_path, """
name: tiny
cases:
  - id: poem
    turns:
      - user: hi
        expect:
          tools_called: salary_lookup
          grounded: maybe
""")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    issues = {(i.line, i.field) for i in info.value.issues}
    assert (7, "cases[0].turns[0].expect.tools_called") in issues
    assert (8, "cases[0].turns[0].expect.grounded") in issues
    assert all(i.file == str(path) for i in info.value.issues)
    assert f"{path}:7: cases[0].turns[0].expect.tools_called:" in str(info.value)


def test_unknown_and_missing_fields(tmp_path):
    path = write(tmp_path, """
name: tiny
cases:
  - id: poem
    tags: [gate]
    turns:
      - user: hi
        expecct: {no_tools: true}
  - tags: [gate]
    turns: []
""")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    found = {(i.line, i.field) for i in info.value.issues}
    assert (7, "cases[0].turns[0].expecct") in found  # a typo is an error, not silently ignored
    assert (8, "cases[1].id") in found  # missing: the line of the case
    assert (9, "cases[1].turns") in found


def test_unknown_tool_name_is_an_error(tmp_path):
    path = write(tmp_path, """
name: tiny
cases:
  - id: lookup
    turns:
      - user: what does a nurse make?
        expect:
          tools_include: [salary_lookup]
          tool_args: {salary_lokup: {title: nurse}}
          json_path: {salry_lookup.occupation.soc_code: 29-1141}
""")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    messages = [str(i) for i in info.value.issues]
    assert len(messages) == 2
    assert messages[0].startswith(f"{path}:8: cases[0].turns[0].expect.tool_args: unknown tool 'salary_lokup'")
    assert messages[1].startswith(f"{path}:9: cases[0].turns[0].expect.json_path: unknown tool 'salry_lookup'")


def test_bad_regex_contradictions_duplicates_and_profile_fields(tmp_path):
    path = write(tmp_path, """
name: tiny
cases:
  - id: one
    profile: {current_role: nurse, salary: 100}
    turns:
      - user: hi
        expect: {regex: '(unclosed'}
  - id: one
    turns:
      - user: hi
        expect: {no_tools: true, tools_called: [career_profile]}
""")
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    found = {(i.line, i.field) for i in info.value.issues}
    assert (4, "cases[0].profile.salary") in found
    assert (7, "cases[0].turns[0].expect.regex") in found
    assert (11, "cases[1].turns[0].expect") in found


def test_duplicate_case_ids(tmp_path):
    path = write(tmp_path, GOOD + GOOD.split("cases:\n")[1])
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    assert [(i.line, i.field) for i in info.value.issues] == [(11, "cases[1].id")]


def test_yaml_syntax_error_and_missing_file(tmp_path):
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, "name: [unclosed\ncases: 1\n"))
    assert info.value.issues[0].field == "(yaml)" and info.value.issues[0].line is not None
    with pytest.raises(SuiteError) as info:
        load_suite(tmp_path / "missing.yaml")
    assert info.value.issues[0].field == "(file)"


def test_load_suites_collects_errors_of_every_file(tmp_path):
    write(tmp_path, "name: a\ncases: []\n", "a.yaml")
    write(tmp_path, "name: b\n", "b.yaml")
    with pytest.raises(SuiteError) as info:
        load_suites([tmp_path])
    assert {Path(i.file).name for i in info.value.issues} == {"a.yaml", "b.yaml"}


def test_shipped_suites_load_and_are_big_enough():
    suites = load_suites([SUITES_DIR])
    assert {s.name for s in suites} >= {"profile", "salary", "safety", "conversation"}
    cases = [c for s in suites for c in s.cases]
    assert len(cases) >= 40
    assert all("gate" not in c.tags or "known-issue" not in c.tags for c in cases)
    assert load_suites(["salary"])[0].name == "salary"  # a bare name means evals/suites/<name>.yaml
    assert {"career_profile", "salary_lookup", "salary_range", "compare_locations", "job_outlook",
            "salary_benchmarks"} <= known_tool_names()
