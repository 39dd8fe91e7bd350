"""Negotiation simulator benchmark: how long one recruiter turn takes, offline.

    .venv/bin/python -m bench.negotiation                # table with the target
    .venv/bin/python -m bench.negotiation --turns 500 --json --save

Two figures: the engine alone (read the message, decide, phrase from the templates; no I/O), and a whole
turn over HTTP against `coach serve` on loopback (SQLite; the session is loaded, locked, advanced and saved).
Sessions are restarted when they end; the messages cycle through realistic moves (asks with data, questions,
trades, an ultimatum now and then).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
import itertools
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench.chat_latency import Server, _free_port, emit
from bench.stats import Stats
from tools.negotiation.engine import SessionFinished, new_state, respond
from tools.negotiation.moves import read_move
from tools.negotiation.phrasing import phrase
from tools.negotiation.scenario import ScenarioRequest, build_scenario

TARGET_MEDIAN_MS = 20.0
MESSAGES = ("The BLS median for this role here is $101,130, so I'm asking for $104,000.",
            "What flexibility is there on the rest of the package?",
            "If you can do 3 remote days and a $5,000 signing bonus, I can start in 2 weeks.",
            "I have another offer for $103,000.", "Could you do $102,000?", "Let me think it over.")
START = {"title": "registered nurse", "location": "Denver", "offer": 92000, "company_type": "mid_size"}


def _stats(samples_ms: list[float]) -> dict[str, float]:
    return asdict(Stats.of(samples_ms))


def engine_turns(turns: int) -> dict[str, float]:
    samples: list[float] = []
    personas = itertools.cycle(("warm", "hard_bargainer", "analytical", "rushed_hiring_manager"))
    messages = itertools.cycle(MESSAGES)
    while len(samples) < turns:
        scenario = build_scenario(ScenarioRequest(**START, persona=next(personas), seed=len(samples)))
        state = new_state(scenario)
        while state["status"] == "active" and len(samples) < turns:
            started = time.perf_counter()
            try:
                move = respond(scenario, state, read_move(next(messages)))
            except SessionFinished:
                break
            phrase(scenario, move, state["round"])
            samples.append((time.perf_counter() - started) * 1000)
            if state["round"] >= 6:
                break
    return _stats(samples)


def http_turns(turns: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-negotiation-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        server = Server(root / "data", _free_port())
        try:
            server.start()
            with httpx.Client(base_url=server.base_url, timeout=30) as client:
                token = client.post("/api/auth/guest").json()["token"]
                headers = {"Authorization": f"Bearer {token}"}
                messages = itertools.cycle(MESSAGES)
                samples: list[float] = []
                starts: list[float] = []
                for _ in range(5):  # warm-up: first requests load the wage data and compile queries
                    client.post("/api/salary/simulation", json=START, headers=headers)
                while len(samples) < turns:
                    started = time.perf_counter()
                    session = client.post("/api/salary/simulation", json=START, headers=headers).json()
                    starts.append((time.perf_counter() - started) * 1000)
                    for _ in range(6):
                        started = time.perf_counter()
                        answer = client.post(f"/api/salary/simulation/{session['id']}/turn",
                                             json={"message": next(messages)}, headers=headers)
                        samples.append((time.perf_counter() - started) * 1000)
                        if answer.status_code != 200 or answer.json()["finished"] or len(samples) >= turns:
                            break
        finally:
            server.stop()
    return {"turn": _stats(samples), "start": _stats(starts)}


def print_table(results: dict[str, Any]) -> None:
    table = Table(title="SmartJobFit Coach — negotiation simulator (offline, 127.0.0.1)")
    for column, justify in (("Figure", "left"), ("Value", "right"), ("Target", "right"), ("", "center")):
        table.add_column(column, justify=justify)

    def rows(label: str, stats: dict[str, float], target: float | None = None) -> None:
        for key in ("median", "p95", "p99"):
            verdict = ("[green]PASS[/]" if stats[key] < target else "[red]FAIL[/]") if target and key == "median" else ""
            table.add_row(f"{label} {key} (n={stats['n']})", f"{stats[key]:.2f} ms",
                          f"< {target:g} ms" if target and key == "median" else "", verdict)

    rows("Engine turn (decide + phrase)", results["engine"])
    table.add_section()
    rows("HTTP turn", results["http"]["turn"], TARGET_MEDIAN_MS)
    table.add_section()
    rows("HTTP start of a session", results["http"]["start"])
    Console().print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=300, help="turns to time for each figure (default 300)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--save", action="store_true", help="also save the JSON to bench/results/")
    args = parser.parse_args(argv)
    results = {"engine": engine_turns(args.turns * 10), "http": http_turns(args.turns), "config": vars(args)}
    emit(results, "negotiation", save=args.save, as_json=args.json, table=print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
