"""Eval suites as YAML: the schema (pydantic) and a loader that reports errors with file, line and field.

    name: salary
    description: Market pay questions.
    cases:
      - id: sf-software-developers
        tags: [gate, salary]
        profile: {current_role: nurse, location: Denver, experience_years: 6}   # optional, saved first
        turns:
          - user: what do software developers make in San Francisco?
            expect:
              tools_called: [salary_lookup]          # exact names, in order
              tools_include: [salary_lookup]         # a subset
              tool_args: {salary_lookup: {location: San Francisco}}   # subset of one call's args
              tool_args: {salary_range: {years_experience: {gte: 5}}}  # or a predicate: regex, gte, lte, gt, lt,
                                                                       # one_of, exists
              tool_args_exact: {salary_lookup: {title: nurse, location: Denver}}  # all of one call's args
              no_tools: false
              grounded: true
              contains: [San Francisco]              # case-insensitive; a string or a list
              not_contains: [I can't]
              regex: ['Median: \\$[\\d,]+']          # re.search, case-insensitive
              json_path: {salary_lookup.occupation.soc_code: 15-1252}
              rubric: {name: coaching, min_score: 3.5}   # LLM-as-judge, only with --judge gemini

A case may give `simulated_user` (goal, persona, facts, asks, max_turns) instead of `turns`, with case-level
`expect_final` (a turn's expect, on the last turn) and `expect_any_turn: {tools_include: [...]}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tools.profile.engine import ProfileUpdate


class RubricCheck(BaseModel):
    """An LLM-as-judge score of the reply against evals/rubrics/<name>.md; runs only with a judge (--judge)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    min_score: float = Field(default=3.5, ge=1, le=5)

    @field_validator("name")
    @classmethod
    def _exists(cls, value: str) -> str:
        from evals.judge import available_rubrics

        if value not in available_rubrics():
            raise ValueError(f"unknown rubric {value!r} (known: {', '.join(available_rubrics())})")
        return value


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tools_called: list[str] | None = None
    tools_include: list[str] | None = None
    tool_args: dict[str, dict[str, Any]] | None = None  # a subset of one call's arguments; values or predicates
    tool_args_exact: dict[str, dict[str, Any]] | None = None  # one call's arguments exactly (unset ones left out)
    no_tools: bool = False
    grounded: bool = False
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    json_path: dict[str, Any] = Field(default_factory=dict)
    rubric: RubricCheck | None = None

    @field_validator("contains", "not_contains", "regex", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Expect":
        if self.no_tools and (self.tools_called or self.tools_include or self.tool_args or self.tool_args_exact):
            raise ValueError("no_tools: true cannot be combined with tools_called, tools_include or tool_args")
        return self

    def tool_names(self) -> list[tuple[str, str]]:
        """(field, tool name) pairs named by the assertions, to check against the registry."""
        names = [("tools_called", n) for n in self.tools_called or []]
        names += [("tools_include", n) for n in self.tools_include or []]
        names += [("tool_args", n) for n in self.tool_args or {}]
        names += [("tool_args_exact", n) for n in self.tool_args_exact or {}]
        names += [("json_path", path.split(".")[0]) for path in self.json_path]
        return names


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str = Field(min_length=1)
    # Start a new conversation with this turn (the same user): what carries over is their profile and memories.
    new_conversation: bool = False
    expect: Expect = Field(default_factory=Expect)


class SimulatedUser(BaseModel):
    """A user goal and persona instead of fixed turns (see evals/simulated_user.py)."""

    model_config = ConfigDict(extra="forbid")

    goal: str = Field(min_length=1)
    persona: str = ""
    facts: ProfileUpdate | None = None
    asks: list[str] = Field(default_factory=list)
    max_turns: int = Field(default=6, ge=1, le=20)

    @field_validator("asks", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class AnyTurnExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tools_include: list[str] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    tags: list[str] = Field(default_factory=list)
    description: str | None = None
    profile: ProfileUpdate | None = None
    turns: list[Turn] | None = Field(default=None, min_length=1)
    simulated_user: SimulatedUser | None = None
    expect_final: Expect | None = None  # simulated cases: a turn's assertions, on the last turn
    expect_any_turn: AnyTurnExpect | None = None  # simulated cases: across every turn

    @model_validator(mode="after")
    def _turns_or_simulated(self) -> "Case":
        if (self.turns is None) == (self.simulated_user is None):
            raise ValueError("give exactly one of `turns` and `simulated_user`")
        if self.turns is not None and (self.expect_final is not None or self.expect_any_turn is not None):
            raise ValueError("expect_final and expect_any_turn are for simulated_user cases; "
                             "with `turns`, put assertions in each turn's expect")
        return self

    def tool_names(self) -> list[tuple[tuple, str]]:
        """(location in the case, tool name) for every tool named by an assertion."""
        names: list[tuple[tuple, str]] = []
        for t, turn in enumerate(self.turns or []):
            names += [(("turns", t, "expect", field), tool) for field, tool in turn.expect.tool_names()]
        if self.expect_final is not None:
            names += [(("expect_final", field), tool) for field, tool in self.expect_final.tool_names()]
        if self.expect_any_turn is not None:
            names += [(("expect_any_turn", "tools_include"), tool) for tool in self.expect_any_turn.tools_include]
        return names

    @property
    def gate(self) -> bool:
        return "gate" in self.tags


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    cases: list[Case] = Field(min_length=1)
    path: str = Field(default="", exclude=True)


@dataclass
class SchemaIssue:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line if self.line is not None else '?'}: {self.field}: {self.message}"


class SuiteError(Exception):
    def __init__(self, issues: list[SchemaIssue]):
        self.issues = issues
        super().__init__("\n".join(map(str, issues)))


@lru_cache(maxsize=1)
def known_tool_names() -> frozenset[str]:
    import tempfile

    from sqlalchemy import create_engine

    from agent.settings import Settings
    from memory.memories import CareerMemory
    from memory.vector_store import VectorStore
    from tools.registry import ToolContext, build_tools

    engine = create_engine("sqlite://")
    try:
        with tempfile.TemporaryDirectory() as folder:  # nothing is stored: the tools are only built, for their names
            settings = Settings(_env_file=None, COACH_DATA_DIR=folder, COACH_MODEL="offline",
                                COACH_MEMORY_EXTRACTOR="rules", COACH_EMBEDDINGS="local")
            memory = CareerMemory(engine, VectorStore(settings), settings)
            return frozenset(tool.name for tool in build_tools(ToolContext(db=engine, settings=settings,
                                                                           memory=memory)))
    finally:
        engine.dispose()


def _lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """Map each path in the document (keys and list indexes) to its 1-based line."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines.update(_lines(value, child))
            lines[child] = key.start_mark.line + 1  # point at the key
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_lines(item, path + (index,)))
    return lines


def _field(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _line_for(lines: dict[tuple, int], loc: tuple) -> int | None:
    for end in range(len(loc), -1, -1):
        if tuple(loc[:end]) in lines:
            return lines[tuple(loc[:end])]
    return None


def load_suite(path: str | Path, tool_names: frozenset[str] | None = None) -> Suite:
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError([SchemaIssue(name, None, "(file)", f"cannot read: {exc.strerror or exc}")]) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SuiteError([SchemaIssue(name, mark.line + 1 if mark else None, "(yaml)",
                                      str(getattr(exc, "problem", None) or exc))]) from exc
    if node is None:
        raise SuiteError([SchemaIssue(name, 1, "(document)", "the file is empty")])
    lines = _lines(node)
    try:
        suite = Suite.model_validate(data)
    except ValidationError as exc:
        # pydantic adds the function name of an "after" model validator to loc: drop what the YAML lacks
        issues = []
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if isinstance(part, int) or not str(part).startswith("function-"))
            issues.append(SchemaIssue(name, _line_for(lines, loc), _field(loc), error["msg"]))
        raise SuiteError(issues) from exc
    issues: list[SchemaIssue] = []
    tool_names = known_tool_names() if tool_names is None else tool_names
    seen: set[str] = set()
    for c, case in enumerate(suite.cases):
        if case.id in seen:
            loc = ("cases", c, "id")
            issues.append(SchemaIssue(name, _line_for(lines, loc), _field(loc), f"duplicate case id {case.id!r}"))
        seen.add(case.id)
        for where, tool in case.tool_names():
            if tool not in tool_names:
                loc = ("cases", c, *where)
                issues.append(SchemaIssue(name, _line_for(lines, loc), _field(loc),
                                          f"unknown tool {tool!r} (known: {', '.join(sorted(tool_names))})"))
    if issues:
        raise SuiteError(issues)
    suite.path = name
    return suite


def suite_files(paths: list[str | Path]) -> list[Path]:
    """Files from arguments that are files, folders (their *.yaml) or bare names of evals/suites/<name>.yaml."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.exists() and not path.suffix:
            candidate = SUITES_DIR / f"{item}.yaml"
            path = candidate if candidate.exists() else path
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def load_suites(paths: list[str | Path]) -> list[Suite]:
    """Load every suite, collecting every file's errors before raising one SuiteError."""
    suites: list[Suite] = []
    issues: list[SchemaIssue] = []
    for path in suite_files(paths):
        try:
            suites.append(load_suite(path))
        except SuiteError as exc:
            issues.extend(exc.issues)
    if issues:
        raise SuiteError(issues)
    return suites


SUITES_DIR = Path(__file__).resolve().parent / "suites"
