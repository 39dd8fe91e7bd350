"""Chat latency benchmark: startup time, memory, per-turn latency (JSON and SSE) and throughput.

Starts the real server (`python -m server.cli serve`) with the offline engine on 127.0.0.1 against a fresh
SQLite database in a temporary folder, drives it over HTTP and prints figures next to their targets.
It never asserts: it is run on demand, not from the test suite.

    .venv/bin/python -m bench.chat_latency [--turns 200] [--clients 20] [--requests-per-client 25] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from bench.stats import Stats

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
HOST = "127.0.0.1"  # loopback only, always

# Targets. A figure passes when it is strictly below its limit.
TARGET_MEDIAN_MS = 25.0
TARGET_P95_MS = 60.0
TARGET_RSS_MB = 300.0
TARGET_READY_S = 3.0

# Realistic messages, alternated: profile facts, a memory question, small talk, a goal.
MESSAGES: tuple[str, ...] = (
    "I'm a nurse in Denver with 6 years' experience",
    "What do you know about me?",
    "hello",
    "I want to become a nurse practitioner",
    "What salary should I expect as a registered nurse in Denver?",
)
THREAD_TURNS = 10  # start a fresh thread every this many turns, so threads stay a realistic size
WARMUP_TURNS = 10
READY_TIMEOUT_S = 60.0  # give up waiting for /healthz after this long
STOP_TIMEOUT_S = 10.0  # after SIGINT, wait this long before SIGKILL
REQUEST_TIMEOUT_S = 60.0  # above the server's 30 s SQLite lock timeout, so a stall shows as latency

err = Console(stderr=True)  # progress goes to stderr so `--json` output stays clean


# -- the server process ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path) -> dict[str, str]:
    """The parent's environment minus anything that would pick another model or database."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("COACH_", "GEMINI_")) and key not in {"DATABASE_URL", "GOOGLE_API_KEY"}}
    env.update(COACH_DATA_DIR=str(data_dir), COACH_MODEL="offline", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    return env


class Server:
    """`python -m server.cli serve` as a subprocess; `start` returns seconds from spawn to a 200 on /healthz."""

    def __init__(self, data_dir: Path, port: int):
        self.data_dir, self.port = data_dir, port
        self.base_url = f"http://{HOST}:{port}"
        self.log_path = data_dir.parent / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        # cwd is the temp folder, so a `.env` in the repository cannot leak settings into the run.
        with self.log_path.open("ab") as log:
            spawned = time.perf_counter()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--host", HOST, "--port", str(self.port)],
                cwd=self.data_dir.parent, env=_server_env(self.data_dir), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)  # our Ctrl-C does not reach it directly; `stop` ends it in order
        deadline = spawned + READY_TIMEOUT_S
        with httpx.Client(timeout=1.0) as client:
            while time.perf_counter() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode} before ready:\n{self._log_tail()}")
                try:
                    if client.get(f"{self.base_url}/healthz").status_code == 200:
                        return time.perf_counter() - spawned
                except httpx.TransportError:
                    pass  # not listening yet
                time.sleep(0.01)
        raise RuntimeError(f"server not ready after {READY_TIMEOUT_S:.0f} s:\n{self._log_tail()}")

    def rss_mb(self) -> float:
        return self._status_kb("VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return self._status_kb("VmHWM") / 1024

    def _status_kb(self, key: str) -> float:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])  # "VmRSS:   123456 kB"
        return float("nan")

    def stop(self) -> None:
        """SIGINT (a graceful uvicorn shutdown), then SIGKILL if it hangs. Safe to call twice."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=STOP_TIMEOUT_S)

    def error_lines(self, limit: int = 10) -> list[str]:
        """The distinct exception lines in the server's log (e.g. `sqlite3.OperationalError: database is locked`)."""
        lines = self.log_path.read_text(errors="replace").splitlines() if self.log_path.exists() else []
        found = dict.fromkeys(line.strip() for line in lines if "Error:" in line or "Exception:" in line)
        return list(found)[:limit]

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


# -- the client side ------------------------------------------------------------------------------------------


def _messages() -> Iterator[str]:
    while True:  # consumers bound it: they take a fixed number of turns
        yield from MESSAGES


def _auth_headers(token: str, accept: str = "application/json") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": accept}


def guest_token(client: httpx.Client) -> str:
    response = client.post("/api/auth/guest")
    response.raise_for_status()
    return str(response.json()["token"])


@dataclass
class RunResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    skipped: int = 0

    def failed(self, what: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or what

    def record(self, response: httpx.Response | httpx.HTTPError, started: float) -> str | None:
        """Count one chat turn (a timeout or non-200 is a failed turn, not the end of the run); its thread id."""
        if isinstance(response, httpx.HTTPError):
            self.failed(f"{type(response).__name__} after {time.perf_counter() - started:.1f} s")
            return None
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            self.failed(f"HTTP {response.status_code}: {response.text[:200]}")
            return None
        self.latencies_ms.append(elapsed_ms)
        return response.json()["thread_id"]


def json_turns(client: httpx.Client, token: str, turns: int, thread_turns: int | None = THREAD_TURNS) -> RunResult:
    """`turns` sequential JSON chat turns; a new thread every `thread_turns` (None: one thread throughout)."""
    result, thread_id, messages = RunResult(), None, _messages()
    for turn in range(turns):
        if thread_turns and turn % thread_turns == 0:
            thread_id = None
        started = time.perf_counter()
        try:
            response = client.post("/api/chat", json={"message": next(messages), "thread_id": thread_id},
                                   headers=_auth_headers(token))
        except httpx.HTTPError as exc:
            response = exc
        thread_id = result.record(response, started) or thread_id
    return result


@dataclass
class SseResult:
    first_token_ms: list[float] = field(default_factory=list)
    total_ms: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None


def sse_turns(client: httpx.Client, token: str, turns: int) -> SseResult:
    """Streamed turns: time to the first `token` event, and to the end of the `done` event."""
    result, thread_id, messages = SseResult(), None, _messages()
    for turn in range(turns):
        if turn % THREAD_TURNS == 0:
            thread_id = None
        started = time.perf_counter()
        first_token: float | None = None
        finished: float | None = None
        event, done, error = "", False, None
        try:
            with client.stream("POST", "/api/chat", json={"message": next(messages), "thread_id": thread_id},
                               headers=_auth_headers(token, "text/event-stream")) as response:
                if response.status_code != 200:
                    error = f"HTTP {response.status_code}: {response.read()[:200]!r}"
                else:
                    # Read to the end (the server closes the stream after `done`), so the connection is reused.
                    for line in response.iter_lines():
                        if line.startswith("event:"):
                            event = line.removeprefix("event:").strip()
                            if event == "token" and first_token is None:
                                first_token = time.perf_counter()
                        elif line.startswith("data:") and event in ("done", "error"):
                            data = json.loads(line.removeprefix("data:"))
                            thread_id = data.get("thread_id", thread_id)
                            done, error = event == "done", (None if event == "done" else str(data)[:200])
                        elif not line and done and finished is None:
                            finished = time.perf_counter()  # the blank line ends the `done` block
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__} after {time.perf_counter() - started:.1f} s"
        if not done or finished is None:
            result.errors += 1
            result.first_error = result.first_error or error or "stream ended without a done event"
            continue
        result.total_ms.append((finished - started) * 1000)
        if first_token is not None:
            result.first_token_ms.append((first_token - started) * 1000)
    return result


@dataclass
class LoadResult:
    clients: int
    turns_per_client: int
    wall_s: float
    turns_per_s: float
    latency: Stats
    errors: int
    first_error: str | None
    skipped: int  # turns not started because the time budget ran out


async def load(base_url: str, clients: int, turns_per_client: int, budget_s: float) -> LoadResult:
    """`clients` concurrent clients, each with its own guest token, connection and thread.

    No client starts a turn after `budget_s`, so a stalling server cannot make the run last for ever."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
    async_clients = [httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits) for _ in range(clients)]
    try:
        tokens = []
        for ac in async_clients:  # sign in before the clock starts
            response = await ac.post("/api/auth/guest")
            response.raise_for_status()
            tokens.append(response.json()["token"])

        async def one_client(ac: httpx.AsyncClient, token: str, offset: int) -> RunResult:
            result, thread_id = RunResult(), None
            for turn in range(turns_per_client):
                if time.perf_counter() > deadline:
                    result.skipped = turns_per_client - turn
                    break
                message = MESSAGES[(offset + turn) % len(MESSAGES)]
                started = time.perf_counter()
                try:
                    response = await ac.post("/api/chat", json={"message": message, "thread_id": thread_id},
                                             headers=_auth_headers(token))
                except httpx.HTTPError as exc:
                    response = exc
                thread_id = result.record(response, started) or thread_id
            return result

        started = time.perf_counter()
        deadline = started + budget_s
        results = await asyncio.gather(*(one_client(ac, tok, i) for i, (ac, tok) in
                                         enumerate(zip(async_clients, tokens))))
        wall_s = time.perf_counter() - started
    finally:
        await asyncio.gather(*(ac.aclose() for ac in async_clients))
    latencies = [ms for r in results for ms in r.latencies_ms]
    errors = sum(r.errors for r in results)
    return LoadResult(clients=clients, turns_per_client=turns_per_client, wall_s=wall_s,
                      turns_per_s=len(latencies) / wall_s if wall_s else float("nan"), latency=Stats.of(latencies),
                      errors=errors, first_error=next((r.first_error for r in results if r.first_error), None),
                      skipped=sum(r.skipped for r in results))


# -- the run --------------------------------------------------------------------------------------------------


def run(turns: int, clients: int, requests_per_client: int, sse_turns_n: int, long_turns: int,
        load_budget_s: float) -> dict[str, Any]:
    results: dict[str, Any] = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0], "cpus": os.cpu_count(),
        "config": {"turns": turns, "clients": clients, "requests_per_client": requests_per_client,
                   "sse_turns": sse_turns_n, "long_thread_turns": long_turns, "warmup_turns": WARMUP_TURNS,
                   "thread_turns": THREAD_TURNS, "load_budget_s": load_budget_s},
    }
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        server = Server(data_dir, _free_port())
        try:
            err.print("[dim]starting the server on a fresh database…[/]")
            results["ready_first_s"] = server.start()  # includes creating and migrating the SQLite DB
            server.stop()
            err.print("[dim]restarting on the migrated database…[/]")
            results["ready_s"] = server.start()
            results["rss_after_start_mb"] = server.rss_mb()

            with httpx.Client(base_url=server.base_url, timeout=REQUEST_TIMEOUT_S) as client:
                token = guest_token(client)
                err.print(f"[dim]warm-up ({WARMUP_TURNS} turns)…[/]")
                json_turns(client, token, WARMUP_TURNS)

                err.print(f"[dim]{turns} sequential JSON turns…[/]")
                seq = json_turns(client, token, turns)
                results["json"] = {**asdict(Stats.of(seq.latencies_ms)), "errors": seq.errors,
                                   "first_error": seq.first_error}

                err.print(f"[dim]{sse_turns_n} sequential SSE turns…[/]")
                sse = sse_turns(client, token, sse_turns_n)
                results["sse"] = {"first_token": asdict(Stats.of(sse.first_token_ms)),
                                  "total": asdict(Stats.of(sse.total_ms)), "errors": sse.errors,
                                  "first_error": sse.first_error}

                if long_turns:
                    err.print(f"[dim]one long thread ({long_turns} turns)…[/]")
                    long = json_turns(client, token, long_turns, thread_turns=None)
                    tail = long.latencies_ms[-max(1, long_turns // 10):]  # the last tenth: the thread at its longest
                    results["long_thread"] = {"all": asdict(Stats.of(long.latencies_ms)),
                                              "last_tenth": asdict(Stats.of(tail)), "errors": long.errors,
                                              "first_error": long.first_error}

            err.print(f"[dim]{clients} concurrent clients × {requests_per_client} turns…[/]")
            results["load"] = asdict(asyncio.run(load(server.base_url, clients, requests_per_client, load_budget_s)))
            results["rss_after_load_mb"] = server.rss_mb()
            results["rss_peak_mb"] = server.peak_rss_mb()
            if any(results[name].get("errors") for name in ("json", "sse", "long_thread", "load") if name in results):
                results["server_errors"] = server.error_lines()  # why turns failed, from the server's side
        finally:
            server.stop()  # always, also on Ctrl-C or an error
    return results


def targets(results: dict[str, Any]) -> list[tuple[str, float, float, str]]:
    """(what, figure, limit, unit) for every figure with a target."""
    return [
        ("Ready (migrated DB)", results["ready_s"], TARGET_READY_S, "s"),
        ("RSS after start", results["rss_after_start_mb"], TARGET_RSS_MB, "MB"),
        ("Chat median (JSON)", results["json"]["median"], TARGET_MEDIAN_MS, "ms"),
        ("Chat p95 (JSON)", results["json"]["p95"], TARGET_P95_MS, "ms"),
    ]


def print_table(results: dict[str, Any]) -> None:
    console = Console()
    table = Table(title="SmartJobFit Coach — chat benchmark (offline engine, 127.0.0.1)")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("", justify="center")
    limits = {what: limit for what, _, limit, _ in targets(results)}

    def row(what: str, value: float, unit: str = "ms") -> None:
        shown = f"{value:.1f} {unit}".rstrip()
        if what in limits:  # a figure with a target: show it and pass/fail
            verdict = "[green]PASS[/]" if value < limits[what] else "[red]FAIL[/]"
            table.add_row(what, shown, f"< {limits[what]:g} {unit}", verdict)
        else:
            table.add_row(what, shown, "", "")

    def stats_rows(label: str, stats: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
        for key in ("median", "p95", "p99", "mean"):
            if key not in skip:
                row(f"{label} {key}", stats[key])

    row("Ready, first start (fresh DB + migrations)", results["ready_first_s"], "s")
    row("Ready (migrated DB)", results["ready_s"], "s")
    row("RSS after start", results["rss_after_start_mb"], "MB")
    row("RSS after load", results["rss_after_load_mb"], "MB")
    row("RSS peak (VmHWM)", results["rss_peak_mb"], "MB")
    table.add_section()
    row("Chat median (JSON)", results["json"]["median"])
    row("Chat p95 (JSON)", results["json"]["p95"])
    stats_rows(f"Chat (JSON, n={results['json']['n']})", results["json"], skip=("median", "p95"))
    table.add_section()
    sse = results["sse"]
    stats_rows(f"SSE first token (n={sse['first_token']['n']})", sse["first_token"])
    stats_rows(f"SSE total (n={sse['total']['n']})", sse["total"])
    if "long_thread" in results:
        table.add_section()
        long = results["long_thread"]
        stats_rows(f"Long thread, all {long['all']['n']} turns", long["all"], skip=("p99",))
        stats_rows(f"Long thread, last {long['last_tenth']['n']} turns", long["last_tenth"], skip=("p99",))
    table.add_section()
    load_ = results["load"]
    row(f"Load: {load_['clients']} clients × {load_['turns_per_client']} turns", load_["turns_per_s"], "turns/s")
    stats_rows("Load", load_["latency"])
    console.print(table)

    sections = ("json", "sse", "long_thread", "load")
    if load_["skipped"]:
        console.print(f"[yellow]load: {load_['skipped']} turns not run, the {results['config']['load_budget_s']:g} s "
                      "budget ran out[/]")
    failures = {name: results[name]["errors"] for name in sections if results.get(name, {}).get("errors")}
    if failures:
        console.print(f"[red]failed turns: {failures}[/]")
        for name in failures:
            console.print(f"  {name}: {results[name]['first_error']}")
        for line in results.get("server_errors", []):
            console.print(f"  server log: {line}", markup=False)


def _jsonable(value: Any) -> Any:
    """NaN (no samples) becomes null, so the output is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM: unwind like Ctrl-C, so the `finally` stops the server


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chat_latency", description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200, help="sequential JSON turns (default 200)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests-per-client", type=int, default=25, help="turns per client (default 25)")
    parser.add_argument("--sse-turns", type=int, default=50, help="sequential SSE turns (default 50)")
    parser.add_argument("--long-thread", type=int, default=100,
                        help="turns on one thread, to see growth with length (default 100; 0 skips)")
    parser.add_argument("--load-budget", type=float, default=120.0,
                        help="seconds after which load clients start no new turn (default 120)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--save", action="store_true", help="also write the results to bench/results/")
    args = parser.parse_args(argv)
    for name in ("turns", "clients", "requests_per_client", "sse_turns"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")

    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C → KeyboardInterrupt, even if inherited ignored
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        results = run(args.turns, args.clients, args.requests_per_client, args.sse_turns, max(0, args.long_thread),
                      args.load_budget)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted; the server was stopped[/]")
        return 130
    results["targets"] = {what: {"value": value, "limit": limit, "unit": unit, "pass": value < limit}
                          for what, value, limit, unit in targets(results)}
    emit(results, "chat_latency", save=args.save, as_json=args.json, table=print_table)
    return 0


def emit(results: dict, name: str, *, save: bool, as_json: bool, table: Callable[[dict], None]) -> None:
    """Save the results to bench/results/ when asked, then print them as JSON or as a table."""
    if save:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(_jsonable(results), indent=2, default=str))
        err.print(f"[dim]saved {path}[/]")
    if as_json:
        print(json.dumps(_jsonable(results), indent=2, default=str, allow_nan=False))
    else:
        table(results)


if __name__ == "__main__":
    sys.exit(main())
