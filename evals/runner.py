"""Run eval suites against a model and save the results as JSON in evals/runs/<run_id>.json.

Each case runs as a fresh guest user on one temporary SQLite database per run (migrated once); its optional
profile is saved first, then its turns run in one conversation and each turn's assertions are checked.
`repeat` runs every case K times: a case passes when all K runs pass, and pass^k is the share of such cases.
"""

from __future__ import annotations

import asyncio
import json
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

RUNS_DIR = Path(__file__).resolve().parent / "runs"


@dataclass
class RunOptions:
    model: str = "offline"
    repeat: int = 1
    concurrency: int = 4
    tags: tuple[str, ...] = ()
    progress: bool = True


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10,
                             cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def select_cases(suites: list[Suite], tags: tuple[str, ...] = ()) -> list[tuple[Suite, Case]]:
    return [(suite, case) for suite in suites for case in suite.cases if not tags or set(tags) & set(case.tags)]


async def _run_case_once(service: Any, case: Case) -> dict[str, Any]:
    from memory.users import create_user
    from tools.profile.engine import update_profile

    started = time.perf_counter()
    user = await asyncio.to_thread(create_user, service.db, email=None, password_hash=None, is_guest=True)
    if case.profile is not None:
        await asyncio.to_thread(update_profile, service.db, user.id, case.profile)
    turns: list[dict[str, Any]] = []
    thread_id: str | None = None
    for turn in case.turns:
        turn_started = time.perf_counter()
        try:
            result = await service.run_turn(user.id, turn.user, thread_id)
            reply, calls, results, error = result.reply, result.tool_calls, result.tool_results, result.error
            thread_id = result.thread_id
        except Exception as exc:  # an input error or a crash: a failed turn, not a failed run
            reply, calls, results, error = "", [], [], {"message": f"{type(exc).__name__}: {exc}"}
        failures = check_turn(turn.expect, reply=reply, tool_calls=calls, tool_results=results, error=error)
        turns.append({"user": turn.user, "reply": reply, "tool_calls": calls, "tool_results": results,
                      "error": error, "failures": failures,
                      "latency_s": round(time.perf_counter() - turn_started, 4)})
    return {"passed": all(not t["failures"] for t in turns), "latency_s": round(time.perf_counter() - started, 4),
            "turns": turns}


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
    async with CoachService.open(settings, model=build_chat_model(settings, options.model)) as service:
        task = progress.add_task("cases", total=len(cases) * options.repeat) if progress else None

        async def one(index: int, attempt: int) -> None:
            async with semaphore:
                runs[(index, attempt)] = await _run_case_once(service, cases[index][1])
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
                        "passes": sum(r["passed"] for r in case_runs), "runs": case_runs})
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
    }


def run_suites(suites: list[Suite], options: RunOptions, settings: Settings | None = None,
               runs_dir: Path | None = None) -> tuple[dict[str, Any], Path]:
    """Run, save and return (the run, the JSON file). `settings` defaults to the environment's; the database
    is always a fresh temporary SQLite file."""
    from memory.migrate import upgrade

    settings = settings or Settings()
    cases = select_cases(suites, options.tags)
    started = datetime.now(timezone.utc)
    run_id = f"{started.strftime('%Y%m%d-%H%M%S')}-{options.model}-{uuid.uuid4().hex[:6]}"
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="coach-eval-") as tmp:
        run_settings = settings.model_copy(update={"database_url": f"sqlite:///{Path(tmp) / 'eval.db'}",
                                                   "model_provider": options.model})
        upgrade(run_settings.sqlalchemy_url)
        case_results = asyncio.run(run_cases(run_settings, cases, options))
    run = {
        "run_id": run_id, "started_at": started.isoformat(), "duration_s": round(time.perf_counter() - clock, 3),
        "model": options.model, "prompt_version": settings.prompt_version, "git_commit": git_commit(),
        "suites": [{"name": s.name, "file": s.path, "description": s.description} for s in suites],
        "tags": list(options.tags), "repeat": options.repeat, "concurrency": options.concurrency,
        "summary": summarize(case_results, options.repeat), "cases": case_results,
    }
    runs_dir = runs_dir or RUNS_DIR
    runs_dir.mkdir(parents=True, exist_ok=True)
    path = runs_dir / f"{run_id}.json"
    path.write_text(json.dumps(run, indent=1, default=str), encoding="utf-8")
    return run, path
