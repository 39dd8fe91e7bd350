"""Run eval suites against a model and save the results as JSON in evals/runs/<run_id>.json.

Each case runs as a fresh guest user on one temporary SQLite database per run (migrated once); its optional
profile is saved first, then its turns run in one conversation and each turn's assertions are checked.
`repeat` runs every case K times: a case passes when all K runs pass, and pass^k is the share of such cases.
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from agent.settings import Settings
from evals.checks import check_turn
from evals.suite import Case, Suite

log = logging.getLogger(__name__)

RUNS_DIR = Path(__file__).resolve().parent / "runs"


@dataclass
class RunOptions:
    model: str = "offline"
    repeat: int = 1
    concurrency: int = 4
    tags: tuple[str, ...] = ()
    progress: bool = True
    prompt_version: str | None = None  # None: the settings' (COACH_PROMPT_VERSION)
    judge: str | None = None  # "gemini": score `rubric` assertions; None: they are skipped


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10,
                             cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


class UnknownPromptVersion(ValueError):
    pass


def check_prompt_version(version: str) -> None:
    from prompts import available_versions

    if version not in available_versions():
        raise UnknownPromptVersion(f"unknown prompt version {version!r}: there is no folder prompts/{version}/ "
                                   f"(available: {', '.join(available_versions()) or 'none'})")


def select_cases(suites: list[Suite], tags: tuple[str, ...] = ()) -> list[tuple[Suite, Case]]:
    return [(suite, case) for suite in suites for case in suite.cases if not tags or set(tags) & set(case.tags)]


async def _run_turn(service: Any, user_id: str, text: str, thread_id: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = await service.run_turn(user_id, text, thread_id)
        turn = {"reply": result.reply, "tool_calls": result.tool_calls, "tool_results": result.tool_results,
                "error": result.error, "usage": result.usage, "thread_id": result.thread_id}
    except Exception as exc:  # an input error or a crash: a failed turn, not a failed run
        turn = {"reply": "", "tool_calls": [], "tool_results": [], "usage": None, "thread_id": thread_id,
                "error": {"message": f"{type(exc).__name__}: {exc}"}}
    turn["latency_s"] = round(time.perf_counter() - started, 4)
    return turn


def _record(text: str, turn: dict[str, Any], failures: list[str]) -> dict[str, Any]:
    return {"user": text, "reply": turn["reply"], "tool_calls": turn["tool_calls"],
            "tool_results": turn["tool_results"], "error": turn["error"], "failures": failures, "skipped": [],
            "usage": turn["usage"], "latency_s": turn["latency_s"]}


async def _check(expect: Any, turn: dict[str, Any], judge: Any = None,
                 transcript: list[tuple[str, str]] | None = None) -> tuple[list[str], list[str], Any]:
    """(failures, skipped assertions, the judge's verdict or None) of a turn's expect."""
    failures = check_turn(expect, reply=turn["reply"], tool_calls=turn["tool_calls"],
                          tool_results=turn["tool_results"], error=turn["error"])
    if expect.rubric is None:
        return failures, [], None
    from evals.judge import check_rubric

    judged, skipped, verdict = await check_rubric(judge, expect.rubric, transcript or [])
    return failures + judged, skipped, verdict


async def _run_case_once(service: Any, case: Case, model: str = "offline", judge: Any = None) -> dict[str, Any]:
    from memory.users import create_user
    from tools.profile.engine import update_profile

    started = time.perf_counter()
    user = await asyncio.to_thread(create_user, service.db, email=None, password_hash=None, is_guest=True)
    if case.profile is not None:
        await asyncio.to_thread(update_profile, service.db, user.id, case.profile)
    turns: list[dict[str, Any]] = []
    failures: list[str] = []  # the case's own assertions (simulated cases), beyond each turn's
    thread_id: str | None = None
    transcript: list[tuple[str, str]] = []
    if case.simulated_user is None:
        for spec in case.turns or []:
            if spec.new_conversation:
                thread_id = None
            turn = await _run_turn(service, user.id, spec.user, thread_id)
            thread_id = turn["thread_id"]
            transcript.append((spec.user, turn["reply"]))
            turn_failures, skipped, verdict = await _check(spec.expect, turn, judge, transcript)
            turns.append(_record(spec.user, turn, turn_failures))
            turns[-1]["skipped"] = skipped
            if verdict is not None:
                turns[-1]["judge"] = verdict
    else:
        from evals.simulated_user import build_policy

        policy = build_policy(case.simulated_user, model, service.settings)
        while len(turns) < case.simulated_user.max_turns:
            try:
                text = await policy.next_message(transcript)
            except Exception as exc:  # the simulated user's model failed
                failures.append(f"simulated user: {type(exc).__name__}: {exc}")
                break
            if text is None:
                break
            turn = await _run_turn(service, user.id, text, thread_id)
            thread_id = turn["thread_id"]
            # a failed turn fails the case; otherwise simulated turns carry no assertions of their own
            turns.append(_record(text, turn, [f"the turn failed: {turn['error'].get('message') or turn['error']}"]
                                 if turn["error"] else []))
            transcript.append((text, turn["reply"]))
        if not turns:
            failures.append("simulated user: the conversation has no turn")
        elif case.expect_final is not None:
            last = turns[-1]
            final_failures, skipped, verdict = await _check(case.expect_final, last, judge, transcript)
            last["failures"].extend(f"expect_final: {f}" for f in final_failures if f not in last["failures"])
            last["skipped"].extend(f"expect_final: {s}" for s in skipped)
            if verdict is not None:
                last["judge"] = verdict
        if case.expect_any_turn is not None:
            called = [call.get("name") for t in turns for call in t["tool_calls"]]
            failures.extend(f"expect_any_turn: tools_include: {name} was called in no turn (called: {called})"
                            for name in case.expect_any_turn.tools_include if name not in called)
    return {"passed": not failures and all(not t["failures"] for t in turns),
            "latency_s": round(time.perf_counter() - started, 4), "failures": failures,
            "usage": sum_usage(t["usage"] for t in turns), "turns": turns}


USAGE_KEYS = ("input_tokens", "output_tokens", "total_tokens")


def sum_usage(usages: Any) -> dict[str, int] | None:
    """Add token counts; None when none was reported (the offline engine reports none)."""
    reported = [u for u in usages if u]
    if not reported:
        return None
    return {key: sum(int(u.get(key) or 0) for u in reported) for key in USAGE_KEYS}


async def run_cases(settings: Settings, cases: list[tuple[Suite, Case]], options: RunOptions) -> list[dict[str, Any]]:
    from agent.models import build_chat_model
    from agent.service import CoachService

    semaphore = asyncio.Semaphore(max(1, options.concurrency))
    runs: dict[tuple[int, int], dict[str, Any]] = {}
    progress = None
    if options.progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(TextColumn("[bold]eval[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), transient=False)
    judge = None
    if options.judge:
        from evals.judge import Judge

        judge = Judge(build_chat_model(settings, options.judge), settings.prompt_version)
    async with CoachService.open(settings, model=build_chat_model(settings, options.model)) as service:
        task = progress.add_task("cases", total=len(cases) * options.repeat) if progress else None

        async def one(index: int, attempt: int) -> None:
            async with semaphore:
                runs[(index, attempt)] = await _run_case_once(service, cases[index][1], options.model, judge)
            if progress is not None:
                progress.advance(task)

        if progress is not None:
            progress.start()
        try:
            await asyncio.gather(*(one(i, k) for i in range(len(cases)) for k in range(options.repeat)))
        finally:
            if progress is not None:
                progress.stop()
    results = []
    for index, (suite, case) in enumerate(cases):
        case_runs = [runs[(index, k)] for k in range(options.repeat)]
        results.append({"suite": suite.name, "file": suite.path, "id": case.id, "tags": case.tags,
                        "gate": case.gate, "passed": all(r["passed"] for r in case_runs),
                        "passes": sum(r["passed"] for r in case_runs),
                        "usage": sum_usage(r["usage"] for r in case_runs), "runs": case_runs})
    return results


def summarize(cases: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    total = len(cases)
    passed = sum(c["passed"] for c in cases)
    all_runs = [r for c in cases for r in c["runs"]]
    latencies = sorted(r["latency_s"] for r in all_runs)
    return {
        "cases": total, "passed": passed, "failed": total - passed,
        "pass_k": round(passed / total, 4) if total else None,  # share of cases passing all `repeat` runs
        "run_pass_rate": round(sum(r["passed"] for r in all_runs) / len(all_runs), 4) if all_runs else None,
        "k": repeat,
        "gate_failed": [f"{c['suite']}/{c['id']}" for c in cases if c["gate"] and not c["passed"]],
        "latency_p50_s": latencies[len(latencies) // 2] if latencies else None,
        "latency_max_s": latencies[-1] if latencies else None,
        "usage": sum_usage(r.get("usage") for r in all_runs),  # over every run of every case
        "skipped": sum(len(t.get("skipped") or []) for r in all_runs for t in r.get("turns", [])),  # rubric, no judge
    }


def run_suites(suites: list[Suite], options: RunOptions, settings: Settings | None = None,
               runs_dir: Path | None = None) -> tuple[dict[str, Any], Path]:
    """Run, save and return (the run, the JSON file). `settings` defaults to the environment's; the database
    is always a fresh temporary SQLite file."""
    from memory.migrate import upgrade

    settings = settings or Settings()
    prompt_version = options.prompt_version or settings.prompt_version
    check_prompt_version(prompt_version)
    cases = select_cases(suites, options.tags)
    started = datetime.now(timezone.utc)
    run_id = f"{started.strftime('%Y%m%d-%H%M%S')}-{options.model}-{uuid.uuid4().hex[:6]}"
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coach-eval-") as tmp:
        run_settings = settings.model_copy(update={"database_url": f"sqlite:///{Path(tmp) / 'eval.db'}",
                                                   "model_provider": options.model,
                                                   "prompt_version": prompt_version})
        upgrade(run_settings.sqlalchemy_url)
        case_results = asyncio.run(run_cases(run_settings, cases, options))
    run = {
        "run_id": run_id, "started_at": started.isoformat(), "duration_s": round(time.perf_counter() - clock, 3),
        "model": options.model, "judge": options.judge, "prompt_version": prompt_version, "git_commit": git_commit(),
        "suites": [{"name": s.name, "file": s.path, "description": s.description} for s in suites],
        "tags": list(options.tags), "repeat": options.repeat, "concurrency": options.concurrency,
        "summary": summarize(case_results, options.repeat), "cases": case_results,
    }
    runs_dir = runs_dir or RUNS_DIR
    runs_dir.mkdir(parents=True, exist_ok=True)
    path = runs_dir / f"{run_id}.json"
    path.write_text(json.dumps(run, indent=1, default=str), encoding="utf-8")
    record_run(settings.sqlalchemy_url, run, path, started)
    return run, path


def record_run(url: str, run: dict[str, Any], path: Path, created_at: datetime | None = None) -> bool:
    """One row in the product database's eval_runs table (migrated first). The JSON file stays the full record,
    so a database that cannot be reached is a warning, not a failed run."""
    from sqlalchemy.exc import SQLAlchemyError

    from memory.db import create_db_engine, session_scope
    from memory.migrate import upgrade
    from memory.models import EvalRun

    summary = run["summary"]
    row = EvalRun(id=run["run_id"], created_at=created_at or datetime.now(timezone.utc), model=run["model"],
                  prompt_version=run["prompt_version"], git_commit=run.get("git_commit"),
                  suites=[s["name"] for s in run["suites"]], cases=summary["cases"], passed=summary["passed"],
                  pass_hat_k=summary["pass_k"], repeat=run["repeat"], duration_s=run["duration_s"],
                  json_path=str(path.resolve()))
    try:
        upgrade(url)
        engine = create_db_engine(url)
        try:
            with session_scope(engine) as session:
                session.add(row)
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        log.warning("the eval run %s was not recorded in the database: %s", run["run_id"], exc)
        return False
    return True
