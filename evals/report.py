"""Reports on saved runs: a terminal table, a self-contained HTML page, and the comparison of two runs."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from evals.runner import RUNS_DIR


def resolve_run(ref: str | Path) -> Path:
    """A run file, or a run id in evals/runs."""
    path = Path(ref)
    if path.exists():
        return path
    candidate = RUNS_DIR / f"{ref}.json"
    if candidate.exists():
        return candidate
    raise FileNotFoundError(f"no run {ref!r} (neither a file nor {candidate})")


def load_run(ref: str | Path) -> dict[str, Any]:
    return json.loads(resolve_run(ref).read_text(encoding="utf-8"))


def _first_failure(case: dict[str, Any]) -> str:
    for run in case["runs"]:
        if run.get("failures"):
            return run["failures"][0]
        for index, turn in enumerate(run["turns"]):
            if turn["failures"]:
                return f"turn {index + 1}: {turn['failures'][0]}"
    return ""


def format_tokens(usage: dict[str, Any] | None) -> str:
    """`1,234 (in 1,000 / out 234)`, or "—" when the model reported no token counts."""
    if not usage:
        return "—"
    return f"{usage.get('total_tokens', 0):,} (in {usage.get('input_tokens', 0):,} / out {usage.get('output_tokens', 0):,})"


def _tokens_short(usage: dict[str, Any] | None) -> str:
    return f"{usage['total_tokens']:,}" if usage else "—"


def _first_skipped(case: dict[str, Any]) -> str:
    for run in case["runs"]:
        for index, turn in enumerate(run["turns"]):
            if turn.get("skipped"):
                return f"turn {index + 1}: {turn['skipped'][0]}"
    return ""


def print_run(run: dict[str, Any], console: Console) -> None:
    summary = run["summary"]
    table = Table(title=f"run {run['run_id']} ({run['model']}, prompt {run['prompt_version']}, "
                        f"commit {(run.get('git_commit') or 'unknown')[:10]})")
    for column in ("suite", "case", "result", "passes", "latency", "tokens"):
        table.add_column(column, no_wrap=True)
    table.add_column("tags", overflow="ellipsis", max_width=24)
    table.add_column("first failure", overflow="fold", min_width=20)
    for case in run["cases"]:
        latency = max(r["latency_s"] for r in case["runs"]) if case["runs"] else 0
        table.add_row(rich_escape(case["suite"]), rich_escape(case["id"]),
                      "[green]pass[/]" if case["passed"] else "[red]FAIL[/]", f"{case['passes']}/{len(case['runs'])}",
                      f"{latency:.2f}s", _tokens_short(case.get("usage")), rich_escape(", ".join(case["tags"])),
                      rich_escape(_first_failure(case)) or
                      (f"[dim]{rich_escape(_first_skipped(case))}[/]" if _first_skipped(case) else ""))
    console.print(table)
    console.print(f"{summary['passed']}/{summary['cases']} cases pass; pass^{summary['k']} = {summary['pass_k']}; "
                  f"runs passing: {summary['run_pass_rate']}; {run['duration_s']}s "
                  f"(concurrency {run['concurrency']}); tokens: {format_tokens(summary.get('usage'))}", highlight=False)
    if summary.get("skipped"):
        console.print(f"[yellow]{summary['skipped']} rubric assertion(s) skipped (no judge): neither pass nor fail; "
                      f"run with --judge gemini to score them[/]")
    elif run.get("judge"):
        console.print(f"rubric assertions judged by {rich_escape(str(run['judge']))}", highlight=False)
    if summary["gate_failed"]:
        console.print(f"[red]gate cases failing: {rich_escape(', '.join(summary['gate_failed']))}[/]")


_CSS = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}.pass{color:#176d2c}
.fail{color:#b00020;font-weight:bold}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;margin:4px 0}
details{margin:4px 0}.skipped{color:#8a6d00}.turn{border-left:3px solid #ccc;padding-left:8px;margin:8px 0}.failures{color:#b00020}"""


def render_html(run: dict[str, Any]) -> str:
    e = lambda value: escape(str(value), quote=True)  # noqa: E731
    summary = run["summary"]
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>eval run {e(run['run_id'])}</title>",
           f"<style>{_CSS}</style></head><body>",
           f"<h1>Eval run {e(run['run_id'])}</h1>",
           f"<p>model <b>{e(run['model'])}</b>, prompt version <b>{e(run['prompt_version'])}</b>, commit "
           f"<code>{e(run.get('git_commit') or 'unknown')}</code>, started {e(run['started_at'])}, "
           f"{e(run['duration_s'])}s, repeat {e(run['repeat'])}, concurrency {e(run['concurrency'])}</p>",
           f"<p>{e(summary['passed'])}/{e(summary['cases'])} cases pass; pass^{e(summary['k'])} = "
           f"{e(summary['pass_k'])}; gate failures: {e(', '.join(summary['gate_failed']) or 'none')}; "
           f"tokens: {e(format_tokens(summary.get('usage')))}; judge: {e(run.get('judge') or 'none')}; "
           f"rubric assertions skipped (no judge): {e(summary.get('skipped', 0))}</p>",
           "<table><tr><th>suite</th><th>case</th><th>tags</th><th>result</th><th>passes</th><th>tokens</th></tr>"]
    for case in run["cases"]:
        css = "pass" if case["passed"] else "fail"
        out.append(f"<tr><td>{e(case['suite'])}</td><td><a href='#{e(case['suite'])}-{e(case['id'])}'>"
                   f"{e(case['id'])}</a></td><td>{e(', '.join(case['tags']))}</td><td class='{css}'>"
                   f"{'pass' if case['passed'] else 'FAIL'}</td><td>{e(case['passes'])}/{e(len(case['runs']))}</td>"
                   f"<td>{e(format_tokens(case.get('usage')))}</td></tr>")
    out.append("</table>")
    for case in run["cases"]:
        css = "pass" if case["passed"] else "fail"
        out.append(f"<h2 id='{e(case['suite'])}-{e(case['id'])}'>{e(case['suite'])} / {e(case['id'])} "
                   f"<span class='{css}'>{'pass' if case['passed'] else 'FAIL'}</span></h2>")
        for number, attempt in enumerate(case["runs"], 1):
            out.append(f"<details{' open' if not attempt['passed'] else ''}><summary>run {number}: "
                       f"{'pass' if attempt['passed'] else 'FAIL'} ({e(attempt['latency_s'])}s)</summary>")
            for turn in attempt["turns"]:
                out.append("<div class='turn'>")
                out.append(f"<p><b>user:</b> {e(turn['user'])}</p>")
                for call in turn["tool_calls"]:
                    out.append(f"<p>tool call <code>{e(call.get('name'))}</code> "
                               f"<code>{e(json.dumps(call.get('args'), default=str))}</code></p>")
                if turn["tool_results"]:
                    out.append("<details><summary>tool results</summary>")
                    for result in turn["tool_results"]:
                        out.append(f"<p><code>{e(result.get('name'))}</code></p>"
                                   f"<pre>{e(json.dumps(result.get('data'), indent=1, default=str))}</pre>")
                    out.append("</details>")
                out.append(f"<p><b>coach:</b> <small>(tokens: {e(format_tokens(turn.get('usage')))})</small></p>"
                           f"<pre>{e(turn['reply'])}</pre>")
                if turn.get("error"):
                    out.append(f"<p class='failures'>error: {e(json.dumps(turn['error'], default=str))}</p>")
                if turn.get("judge"):
                    out.append(f"<p>judge: <code>{e(json.dumps(turn['judge'], default=str))}</code></p>")
                if turn.get("skipped"):
                    out.append("<ul class='skipped'>" + "".join(f"<li>{e(s)}</li>" for s in turn["skipped"]) + "</ul>")
                if turn["failures"]:
                    out.append("<ul class='failures'>" + "".join(f"<li>{e(f)}</li>" for f in turn["failures"])
                               + "</ul>")
                out.append("</div>")
            if attempt.get("failures"):
                out.append("<ul class='failures'>" + "".join(f"<li>{e(f)}</li>" for f in attempt["failures"])
                           + "</ul>")
            out.append("</details>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(run: dict[str, Any], run_path: Path) -> Path:
    path = run_path.with_suffix(".html")
    path.write_text(render_html(run), encoding="utf-8")
    return path


def compare_runs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[str]]:
    """Cases by (suite, id): regressed (pass in A, fail in B), improved, unchanged, and only in one run."""
    key = lambda case: f"{case['suite']}/{case['id']}"  # noqa: E731
    before = {key(c): c["passed"] for c in a["cases"]}
    after = {key(c): c["passed"] for c in b["cases"]}
    result: dict[str, list[str]] = {"regressed": [], "improved": [], "unchanged": [], "only_in_a": [], "only_in_b": []}
    for name in before:
        if name not in after:
            result["only_in_a"].append(name)
        elif before[name] and not after[name]:
            result["regressed"].append(name)
        elif not before[name] and after[name]:
            result["improved"].append(name)
        else:
            result["unchanged"].append(name)
    result["only_in_b"] = [name for name in after if name not in before]
    return result


def print_comparison(a: dict[str, Any], b: dict[str, Any], console: Console) -> dict[str, list[str]]:
    diff = compare_runs(a, b)
    console.print(f"A: {rich_escape(a['run_id'])} ({a['summary']['passed']}/{a['summary']['cases']} pass)  "
                  f"B: {rich_escape(b['run_id'])} ({b['summary']['passed']}/{b['summary']['cases']} pass)",
                  highlight=False)
    table = Table()
    table.add_column("change")
    table.add_column("cases", overflow="fold")
    styles = {"regressed": "red", "improved": "green", "unchanged": "dim", "only_in_a": "yellow", "only_in_b": "yellow"}
    for name, cases in diff.items():
        shown = cases if name != "unchanged" else [f"{len(cases)} cases"]
        table.add_row(f"[{styles[name]}]{name}[/] ({len(cases)})", rich_escape(", ".join(shown)))
    console.print(table)
    return diff
