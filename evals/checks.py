"""A turn's assertions, checked against what the coach did in that turn. Each failure is one readable line."""

from __future__ import annotations

import json
import re
from typing import Any

from evals.grounding import check_grounding
from evals.suite import Expect

_MISSING = object()


PREDICATES = {"regex", "gte", "lte", "gt", "lt", "one_of", "exists"}


def is_predicate(expected: Any) -> bool:
    """`{gte: 5}`, `{regex: "^Denver"}`, `{one_of: [a, b]}`, `{exists: true}`: a test, not a value."""
    return isinstance(expected, dict) and bool(expected) and set(expected) <= PREDICATES


def _holds(actual: Any, predicate: dict[str, Any]) -> bool:
    number = isinstance(actual, (int, float)) and not isinstance(actual, bool)
    for name, bound in predicate.items():
        if name == "exists" and (actual is not _MISSING and actual is not None) != bool(bound):
            return False
        if name == "regex" and not (isinstance(actual, str) and re.search(bound, actual, re.IGNORECASE)):
            return False
        if name == "one_of" and not any(_same(actual, option) for option in bound):
            return False
        if name in ("gte", "lte", "gt", "lt"):
            if not number:
                return False
            ok = {"gte": actual >= bound, "lte": actual <= bound, "gt": actual > bound, "lt": actual < bound}[name]
            if not ok:
                return False
    return True


def _same(actual: Any, expected: Any) -> bool:
    if is_predicate(expected):
        return _holds(actual, expected)
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.strip().lower() == expected.strip().lower()
    if isinstance(actual, (int, float)) and isinstance(expected, (int, float)) and not isinstance(actual, bool):
        return float(actual) == float(expected)
    if isinstance(actual, (int, float)) and isinstance(expected, str) or isinstance(actual, str) and isinstance(
            expected, (int, float)):
        return str(actual).strip() == str(expected).strip()
    return actual == expected


def resolve_path(tool_results: list[dict[str, Any]], path: str) -> Any:
    """`salary_lookup.occupation.soc_code`: the last result of that tool this turn, then keys (or list indexes)."""
    tool, *keys = path.split(".")
    results = [r.get("data") for r in tool_results if r.get("name") == tool]
    if not results:
        return _MISSING
    value: Any = results[-1]
    for key in keys:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.lstrip("-").isdigit() and -len(value) <= int(key) < len(value):
            value = value[int(key)]
        else:
            return _MISSING
    return value


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


def check_turn(expect: Expect, *, reply: str, tool_calls: list[dict[str, Any]], tool_results: list[dict[str, Any]],
               error: dict[str, Any] | None = None) -> list[str]:
    failures: list[str] = []
    if error:
        failures.append(f"the turn failed: {error.get('message') or error}")
    names = [call.get("name") for call in tool_calls]
    if expect.tools_called is not None and names != expect.tools_called:
        failures.append(f"tools_called: expected {expect.tools_called}, got {names}")
    for name in expect.tools_include or []:
        if name not in names:
            failures.append(f"tools_include: {name} was not called (called: {names})")
    for name, wanted in (expect.tool_args_exact or {}).items():
        calls = [call.get("args") or {} for call in tool_calls if call.get("name") == name]
        given = {k: v for k, v in wanted.items()}
        if not any(set(args) - {k for k, v in args.items() if v is None} <= set(given)
                   and all(_same(args.get(k, _MISSING), v) for k, v in given.items()) for args in calls):
            failures.append(f"tool_args_exact: no {name} call has exactly {_short(wanted)} (args: {_short(calls)})")
    for name, wanted in (expect.tool_args or {}).items():
        calls = [call.get("args") or {} for call in tool_calls if call.get("name") == name]
        if not calls:
            failures.append(f"tool_args: {name} was not called")
        elif not any(all(_same(args.get(k, _MISSING), v) for k, v in wanted.items()) for args in calls):
            failures.append(f"tool_args: no {name} call has {_short(wanted)} (args: {_short(calls)})")
    if expect.no_tools and names:
        failures.append(f"no_tools: tools were called: {names}")
    if expect.grounded:
        failures.extend(f"grounded: {problem}" for problem in check_grounding(reply, tool_results))
    lowered = reply.lower()
    for text in expect.contains:
        if text.lower() not in lowered:
            failures.append(f"contains: {text!r} is not in the reply")
    for text in expect.not_contains:
        if text.lower() in lowered:
            failures.append(f"not_contains: {text!r} is in the reply")
    for pattern in expect.regex:
        if not re.search(pattern, reply, re.IGNORECASE):
            failures.append(f"regex: /{pattern}/ does not match the reply")
    for path, wanted in expect.json_path.items():
        actual = resolve_path(tool_results, path)
        if actual is _MISSING:
            failures.append(f"json_path: {path} is not in this turn's tool results")
        elif not _same(actual, wanted):
            failures.append(f"json_path: {path} is {_short(actual)}, expected {_short(wanted)}")
    return failures
