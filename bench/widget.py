"""Widget benchmark: the size of widget.js and how soon its launcher is on screen after the script has loaded.

    .venv/bin/python -m bench.widget                 # table with targets
    .venv/bin/python -m bench.widget --runs 50 --json --save

It starts the real server (offline engine) and a tiny static site on another loopback port whose page holds
nothing but the embed tag, then loads that page `--runs` times in headless Debian chromium (a fresh browser
context each time, so widget.js is fetched every time) and reads the browser's performance API:

- script loaded: the `responseEnd` of widget.js in the Resource Timing entries;
- launcher painted: the widget's `sjf:launcher-painted` mark, set in a task queued from the first animation
  frame after the launcher is attached, i.e. right after the frame that paints it; and, as a cross-check, the
  page's First Contentful Paint (the page has no other content, so its first contentful paint is the launcher).
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
import functools
import gzip
import shutil
import sys
import tempfile
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.chat_latency import Server, _free_port, emit
from bench.stats import Stats

WIDGET = Path(__file__).resolve().parents[1] / "server" / "static" / "widget.js"
TARGET_GZIP_KB = 60
TARGET_PAINT_MS = 100

READ_TIMINGS = """() => {
  const script = performance.getEntriesByType('resource').find((e) => e.name.includes('/widget.js'));
  const mark = (name) => (performance.getEntriesByName(name)[0] || {}).startTime ?? null;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {script_fetch_start: script.fetchStart, script_loaded: script.responseEnd, script_start: mark('sjf:script-start'),
          attached: mark('sjf:launcher-attached'), painted: mark('sjf:launcher-painted'), fcp: fcp ? fcp.startTime : null};
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def sizes() -> dict[str, float]:
    raw = WIDGET.read_bytes()
    return {"raw_kb": len(raw) / 1024, "gzip_kb": len(gzip.compress(raw, 9)) / 1024}


def _stats(values: list[float]) -> dict[str, float]:
    return asdict(Stats.of(values))


def paint_timings(runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="coach-bench-widget-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        (root / "site").mkdir()
        server = Server(root / "data", _free_port())
        site = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site")))
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            server.start()
            (root / "site" / "index.html").write_text(
                "<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'></head><body>"
                f"<script src='{server.base_url}/widget.js' async></script></body></html>")
            page_url = f"http://127.0.0.1:{site.server_address[1]}/index.html"
            samples: list[dict[str, float]] = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
                for _ in range(runs + 2):  # two warm-up loads (browser and server start-up)
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(page_url)
                    page.wait_for_function("() => performance.getEntriesByName('sjf:launcher-painted').length > 0")
                    page.wait_for_timeout(50)  # let the paint-timing entry land
                    samples.append(page.evaluate(READ_TIMINGS))
                    context.close()
                browser.close()
        finally:
            server.stop()
            site.shutdown()
    samples = samples[2:]
    return {
        "script_loaded_to_painted_ms": _stats([s["painted"] - s["script_loaded"] for s in samples]),
        "script_loaded_to_fcp_ms": _stats([s["fcp"] - s["script_loaded"] for s in samples if s["fcp"] is not None]),
        "script_eval_to_attached_ms": _stats([s["attached"] - s["script_start"] for s in samples]),
        "fetch_ms": _stats([s["script_loaded"] - s["script_fetch_start"] for s in samples]),
    }


def print_table(results: dict[str, Any]) -> None:
    table = Table(title="SmartJobFit Coach — widget (headless chromium, 127.0.0.1)")
    for column, justify in (("Figure", "left"), ("Value", "right"), ("Target", "right"), ("", "center")):
        table.add_column(column, justify=justify)
    size = results["size"]
    verdict = lambda ok: "[green]PASS[/]" if ok else "[red]FAIL[/]"  # noqa: E731
    table.add_row("widget.js", f"{size['raw_kb']:.1f} KB", "", "")
    table.add_row("widget.js gzipped (-9)", f"{size['gzip_kb']:.1f} KB", f"< {TARGET_GZIP_KB} KB",
                  verdict(size["gzip_kb"] < TARGET_GZIP_KB))
    paint = results["paint"]
    for key, label, target in (("script_loaded_to_painted_ms", "Script loaded → launcher painted", TARGET_PAINT_MS),
                               ("script_loaded_to_fcp_ms", "Script loaded → first contentful paint", TARGET_PAINT_MS),
                               ("script_eval_to_attached_ms", "Script runs → launcher in the DOM", None),
                               ("fetch_ms", "Fetching widget.js", None)):
        stats = paint[key]
        if not stats.get("n"):
            continue
        table.add_section()
        for stat in ("median", "p95", "max"):
            table.add_row(f"{label} {stat} (n={stats['n']})", f"{stats[stat]:.1f} ms",
                          f"< {target} ms" if target and stat != "max" else "",
                          verdict(stats[stat] < target) if target and stat != "max" else "")
    Console().print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="page loads to time (default 30)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--save", action="store_true", help="also save the JSON to bench/results/")
    args = parser.parse_args(argv)
    results = {"size": sizes(), "paint": paint_timings(args.runs), "config": {"runs": args.runs}}
    emit(results, "widget", save=args.save, as_json=args.json, table=print_table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
