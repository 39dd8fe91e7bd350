"""Refreshing the OEWS wages from BLS's flat files, against a local server that serves a tiny release in BLS's
real format (tab-separated, header row, fields padded with spaces, CRLF; `-` values with footnotes 4/5/8)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tools.occupations import oews
from tools.occupations.oews import DATA_FILE, Datatype, Flag, data_file, load_oews, use_data_dir
from tools.salary.refresh import FILES, RefreshError, RefreshProgress, RetryPolicy, data_status, refresh_oews

FAST = RetryPolicy(attempts=3, backoff=0.001, max_wait=0.01)

# A tiny but realistic release: national, one state, one metro; a handful of occupations and industries.
AREAS = [("00", "0000000", "N", "National"), ("06", "0600000", "S", "California"),
         ("06", "0041860", "M", "San Francisco-Oakland-Fremont, CA")]
INDUSTRIES = [("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
              ("000001", "Cross-industry, Private Ownership only", 1),
              ("51--52", "Sector 51 - Information", 2), ("513200", "Software Publishers", 4)]
OCCUPATIONS = [("000000", "All Occupations", 0), ("110000", "Management Occupations", 0),
               ("111011", "Chief Executives", 3), ("150000", "Computer and Mathematical Occupations", 0),
               ("151252", "Software Developers", 3), ("272022", "Coaches and Scouts", 3),
               ("291141", "Registered Nurses", 3)]
DATATYPES = ["Employment", "Employment percent relative standard error", "Hourly mean wage", "Annual mean wage",
             "Wage percent relative standard error", "Hourly 10th percentile wage", "Hourly 25th percentile wage",
             "Hourly median wage", "Hourly 75th percentile wage", "Hourly 90th percentile wage",
             "Annual 10th percentile wage", "Annual 25th percentile wage", "Annual median wage",
             "Annual 75th percentile wage", "Annual 90th percentile wage", "Employment per 1,000 jobs",
             "Location Quotient"]
FOOTNOTES = [("1", "Estimates for detailed occupations do not sum to the totals."),
             ("4", "Wages for some occupations that do not generally work year-round, full time, are reported "
                   "either as hourly wages or annual salaries depending on how they are typically paid."),
             ("5", "This wage is equal to or greater than $115.00 per hour or $239,200 per year."),
             ("8", "Estimate not released.")]
NOT_RELEASED, TOP_CODED, ANNUAL_ONLY = ("-", "8"), ("-", "5"), ("-", "4")


def _figures(employment: int, hourly_median: float, area_type: str) -> dict[int, tuple[str, str]]:
    """The 17 published figures of a cell, as BLS writes them (datatype → (value, footnote))."""
    hourly = [round(hourly_median * k, 2) for k in (0.62, 0.8, 1.0, 1.27, 1.6)]
    mean = round(hourly_median * 1.12, 2)
    figures = {1: (str(employment), ""), 2: ("1.3", ""), 3: (f"{mean:.2f}", ""),
               4: (f"{round(mean * 2080, -1):.0f}", ""), 5: ("0.7", "")}
    for offset, value in enumerate(hourly):
        figures[6 + offset] = (f"{value:.2f}", "")
        figures[11 + offset] = (f"{round(value * 2080, -1):.0f}", "")
    if area_type != "N":  # no employment per 1,000 jobs or location quotient nationally: BLS has no such series
        figures[16] = (f"{employment / 1000:.3f}", "")
        figures[17] = ("1.07", "")
    return figures


def release_files(*, year: str = "2026", description: str = "May 2026") -> dict[str, bytes]:
    def table(header: list[str], rows: list[tuple]) -> bytes:
        return "".join("\t".join(str(f) for f in r) + "\r\n" for r in [header, *rows]).encode()

    cells: dict[str, dict[int, tuple[str, str]]] = {}
    for state, area, area_type, _ in AREAS:
        scale = {"N": 1, "S": 0.12, "M": 0.025}[area_type]
        prefix = f"OEU{area_type}{area}000000"
        cells[prefix + "000000"] = _figures(int(154_000_000 * scale), 24.31 if area_type == "N" else 30.12, area_type)
        cells[prefix + "151252"] = _figures(int(1_650_000 * scale), 63.27, area_type)
        cells[prefix + "291141"] = _figures(int(3_280_000 * scale), 45.1, area_type)
        chief = _figures(int(210_000 * scale), 99.5, area_type)
        chief.update({10: TOP_CODED, 15: TOP_CODED})  # the 90th percentile is top-coded
        if area_type == "M":
            chief = {dt: NOT_RELEASED if dt > 2 else fig for dt, fig in chief.items()}
        cells[prefix + "111011"] = chief
        coaches = _figures(int(290_000 * scale), 22.0, area_type)
        coaches.update({dt: ANNUAL_ONLY for dt in (3, 6, 7, 8, 9, 10)})  # paid by the year: no hourly wages
        cells[prefix + "272022"] = coaches
    cells["OEUN0000000513200151252"] = _figures(160_250, 71.83, "N")
    cells["OEUN000000051--52000000"] = _figures(3_150_400, 41.02, "N")
    data = ["series_id                     \tyear\tperiod\t       value\tfootnote_codes\r\n"]
    for key in sorted(cells):
        for datatype, (value, footnote) in sorted(cells[key].items()):
            data.append(f"{(key + f'{datatype:02d}').ljust(30)}\t{year}\tA01\t{value.rjust(12)}\t{footnote}\r\n")
    return {
        "oe.release": table(["release_date", "description"], [(f"{year}A01", description)]),
        "oe.datatype": table(["datatype_code", "datatype_name"], [(f"{i:02d}", n) for i, n in enumerate(DATATYPES, 1)]),
        "oe.footnote": table(["footnote_code", "footnote_text"], FOOTNOTES),
        "oe.area": table(["state_code", "area_code", "areatype_code", "area_name"], AREAS),
        "oe.industry": table(["industry_code", "industry_name", "display_level", "selectable", "sort_sequence"],
                             [(c, n, lvl, "T", i) for i, (c, n, lvl) in enumerate(INDUSTRIES, 1)]),
        "oe.occupation": table(["occupation_code", "occupation_name", "occupation_description", "display_level",
                                "selectable", "sort_sequence"],
                               [(c, n, f"What {n.lower()} do.", lvl, "T", i) for i, (c, n, lvl) in
                                enumerate(OCCUPATIONS, 1)]),
        "oe.data.0.Current": "".join(data).encode(),
    }


class BLS:
    """A stand-in for download.bls.gov: serves `files`; `faults[name]` is a list of what to do on the next
    requests for that file ("404", "500", "429", "close": send half the file and hang up), then serve it."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = release_files()
        self.faults: dict[str, list[str]] = {}
        self.requests: list[tuple[str, str]] = []  # (path, user agent)
        bls = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                name = self.path.rsplit("/", 1)[-1]
                bls.requests.append((name, self.headers.get("User-Agent", "")))
                faults = bls.faults.get(name) or []
                fault = faults.pop(0) if faults and faults[0] != "always-close" else (faults[:1] or [None])[0]
                body = bls.files.get(name)
                if fault in ("404", "500", "429") or body is None:
                    status = int(fault) if fault else 404
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", '"0a1b2c:0"')
                self.send_header("Last-Modified", "Fri, 15 May 2026 13:30:00 GMT")
                self.end_headers()
                if fault in ("close", "always-close"):
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def count(self, name: str) -> int:
        return sum(1 for path, _ in self.requests if path == name)


@pytest.fixture
def bls() -> Iterator[BLS]:
    server = BLS()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture(autouse=True)
def _shipped_data_afterwards() -> Iterator[None]:
    yield
    use_data_dir(None)  # other tests expect the shipped data


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its content's hash: what a failed refresh must leave alone."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_refresh_installs_the_new_release_and_the_loader_uses_it(bls: BLS, tmp_path: Path) -> None:
    events: list[RefreshProgress] = []
    result = refresh_oews(tmp_path, bls.url, progress=events.append, contact="ops@example.com", retry=FAST)

    target = tmp_path / "oews" / "oews.zip"
    assert result.path == target and target.is_file()
    assert (result.release, result.release_code, result.retrieved) == ("May 2026", "2026A01", date.today().isoformat())
    assert (result.areas, result.occupations, result.industries) == (3, 7, 4)
    assert result.cells == 3 * 5 + 2 and result.skipped_rows == 0
    assert sorted(p.name for p in target.parent.iterdir()) == ["manifest.json", "oews.zip"]  # no staging left
    # Every request said who we are and how to reach us, as BLS asks.
    agents = {agent for _, agent in bls.requests}
    assert agents == {"SmartJobFit-Coach/0.1 (BLS OEWS data refresh; contact: ops@example.com)"}
    # Progress: bytes for every download, then the later steps.
    downloads = [e for e in events if e.stage == "download"]
    assert {e.name for e in downloads} == set(FILES)
    last = [e for e in downloads if e.name == "oe.data.0.Current"][-1]
    assert last.done == last.total == len(bls.files["oe.data.0.Current"])
    assert [e.stage for e in events if e.stage not in ("download", "parse")] == ["write", "validate", "install"]

    manifest = json.loads((tmp_path / "oews" / "manifest.json").read_text())
    assert manifest["release"] == {"code": "2026A01", "description": "May 2026", "period": "A01", "year": "2026"}
    assert manifest["retrieved"] == date.today().isoformat()
    data_source = manifest["sources"]["oe.data.0.Current"]
    body = bls.files["oe.data.0.Current"]
    assert data_source == {"url": bls.url + "oe.data.0.Current", "bytes": len(body),
                           "sha256": hashlib.sha256(body).hexdigest(), "etag": '"0a1b2c:0"',
                           "last_modified": "2026-05-15"}
    assert manifest["file_sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()

    assert data_file(tmp_path) == target and data_file(None) == DATA_FILE
    use_data_dir(tmp_path)
    data = load_oews()
    assert data.release == "May 2026" and data.cell_count == 17
    # Every figure the fixture published comes back exactly; every "-" with its reason.
    published = 0
    for line in body.decode().splitlines()[1:]:
        series, _, _, value, footnote = (f.strip() for f in line.split("\t"))
        occupation = f"{series[17:19]}-{series[19:23]}"
        cell = data.cell(series[4:11], occupation, series[11:17])
        datatype = Datatype(int(series[23:]))
        if value == "-":
            assert cell.value(datatype) is None
            reasons = {"4": Flag.NOT_APPLICABLE, "5": Flag.TOP_CODED, "8": Flag.NOT_RELEASED}
            assert cell.flag(datatype) == reasons[footnote]
        else:
            assert cell.value(datatype) == float(value), series
        published += 1
    assert published == len(body.decode().splitlines()) - 1
    national = data.cell("0000000", "00-0000")
    assert national.value(Datatype.EMPLOYMENT) == 154_000_000 and national.value(Datatype.HOURLY_MEDIAN) == 24.31
    assert national.value(Datatype.ANNUAL_MEDIAN) == 50560
    assert national.flag(Datatype.LOCATION_QUOTIENT) == Flag.NOT_APPLICABLE
    assert data.cell("0000000", "15-1252", "513200").value(Datatype.HOURLY_MEDIAN) == 71.83
    assert data.cell("0600000", "11-1011").flag(Datatype.ANNUAL_P90) == Flag.TOP_CODED
    assert data.cell("0041860", "11-1011").flag(Datatype.ANNUAL_MEDIAN) == Flag.NOT_RELEASED
    assert data.cell("0041860", "27-2022").flag(Datatype.HOURLY_MEDIAN) == Flag.NOT_APPLICABLE
    assert data.area_by_code["0041860"].name == "San Francisco-Oakland-Fremont, CA"
    assert data.occupation_by_code["15-1252"].level == 3
    assert data.meta["source"]["files"]["oe.area"] == bls.url + "oe.area"

    status = data_status(tmp_path)
    assert status.source == "refreshed" and status.path == target
    assert (status.release, status.release_code, status.retrieved, status.published) == (
        "May 2026", "2026A01", date.today().isoformat(), "2026-05-15")
    assert (status.cells, status.areas, status.occupations, status.industries) == (17, 3, 7, 4)
    assert status.file_bytes == target.stat().st_size and "Bureau of Labor Statistics" in status.attribution


def test_leftovers_of_a_killed_refresh_are_cleared(bls: BLS, tmp_path: Path) -> None:
    stale, recent = tmp_path / "oews" / ".refresh-stale", tmp_path / "oews" / ".refresh-running"
    for folder in (stale, recent):
        folder.mkdir(parents=True)
        (folder / "oe.data.0.Current").write_bytes(b"partial")
    os.utime(stale, (0, 0))
    refresh_oews(tmp_path, bls.url, retry=FAST)
    assert not stale.exists() and recent.exists()  # another refresh may be running in that one


def test_status_of_the_shipped_data(tmp_path: Path) -> None:
    status = data_status(tmp_path)
    assert status.source == "shipped" and status.path == DATA_FILE == data_file(tmp_path)
    assert (status.release, status.release_code) == ("May 2025", "2025A01")
    assert (status.cells, status.areas, status.occupations, status.industries) == (370172, 583, 1104, 444)
    assert status.file_bytes == DATA_FILE.stat().st_size
    use_data_dir(tmp_path)  # nothing refreshed there: the shipped file
    assert load_oews().release == "May 2025"


def test_a_refresh_in_this_process_is_used_at_once(bls: BLS, tmp_path: Path) -> None:
    use_data_dir(tmp_path)
    assert load_oews().release == "May 2025"
    refresh_oews(tmp_path, bls.url, retry=FAST)
    assert load_oews().release == "May 2026"
    bls.files = release_files(year="2027", description="May 2027")
    refresh_oews(tmp_path, bls.url, retry=FAST)
    assert load_oews().release == "May 2027"
    assert oews.data_file(tmp_path) == tmp_path / "oews" / "oews.zip"


def test_transient_errors_are_retried(bls: BLS, tmp_path: Path) -> None:
    bls.faults = {"oe.data.0.Current": ["500", "close"], "oe.area": ["429"]}
    result = refresh_oews(tmp_path, bls.url, retry=FAST)
    assert result.release == "May 2026"
    assert bls.count("oe.data.0.Current") == 3 and bls.count("oe.area") == 2


def test_a_missing_file_keeps_the_data(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    before = _snapshot(tmp_path)
    bls.faults = {"oe.occupation": ["404"] * 5}
    with pytest.raises(RefreshError) as failure:
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert str(failure.value).startswith(f"could not download oe.occupation from {bls.url}oe.occupation: HTTP 404")
    assert bls.count("oe.occupation") == 2  # a 404 is not retried
    assert bls.count("oe.data.0.Current") == 1  # and nothing after it was fetched
    assert _snapshot(tmp_path) == before


def test_persistent_server_errors_keep_the_data(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    bls.faults = {"oe.data.0.Current": ["500"] * 3}
    before = _snapshot(tmp_path)
    with pytest.raises(RefreshError, match=r"oe.data.0.Current .*: HTTP 500 Internal Server Error "
                                           r"\(after 3 attempts\)"):
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert _snapshot(tmp_path) == before


def test_a_server_that_hangs_up_keeps_the_data(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    bls.faults = {"oe.data.0.Current": ["always-close"]}
    before = _snapshot(tmp_path)
    with pytest.raises(RefreshError, match=r"could not download oe.data.0.Current .*closed the connection before the "
                                           r"file was complete.*\(after 3 attempts\)"):
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert _snapshot(tmp_path) == before


def test_a_truncated_data_file_keeps_the_data(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    before = _snapshot(tmp_path)
    lines = bls.files["oe.data.0.Current"].split(b"\r\n")
    middle = len(lines) // 2  # served whole (the length matches), but the file itself stops inside a value
    bls.files["oe.data.0.Current"] = b"\r\n".join(lines[:middle] + [lines[middle][: lines[middle].index(b"A01\t") + 8]])
    with pytest.raises(RefreshError, match=r"oe.data.0.Current line \d+ is malformed \(file truncated or garbled\?\)"):
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(("name", "content", "match"), [
    ("oe.data.0.Current", b"<html><body>Access Denied</body></html>", "oe.data.0.Current is not a BLS flat file"),
    ("oe.data.0.Current", b"\x1f\x8b\x08\x00garbage\x00\xff" * 50, "oe.data.0.Current is not a BLS flat file"),
    ("oe.area", b"<!DOCTYPE html>\n<title>Moved</title>\n", "oe.area is not a BLS flat file"),
    ("oe.occupation", b"occupation_code\toccupation_name\tdisplay_level\r\n151252\tSoftware Developers\r\n",
     "oe.occupation line 2 is malformed"),
])
def test_a_garbled_file_keeps_the_data(bls: BLS, tmp_path: Path, name: str, content: bytes, match: str) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    bls.files[name] = content
    before = _snapshot(tmp_path)
    with pytest.raises(RefreshError, match=match):
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert _snapshot(tmp_path) == before


def _refresh_fails(bls: BLS, tmp_path: Path, match: str) -> RefreshError:
    """A refresh that fails with an error matching `match`, leaving the data folder byte for byte as it was, and
    the data in use with it."""
    before = _snapshot(tmp_path)
    use_data_dir(tmp_path)
    in_use = load_oews().release
    with pytest.raises(RefreshError, match=match) as failure:
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert _snapshot(tmp_path) == before
    assert load_oews().release == in_use
    return failure.value


def test_garbled_values_keep_the_data(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    body = bls.files["oe.data.0.Current"]
    bls.files["oe.data.0.Current"] = body.replace(b"   154000000\t", b"   15400#000\t")
    line = body.split(b"\r\n").index(next(l for l in body.split(b"\r\n") if b"   154000000\t" in l)) + 1
    _refresh_fails(bls, tmp_path, f"oe.data.0.Current line {line}: value '15400#000' is not a number")


def test_data_that_fails_the_checks_is_not_used(bls: BLS, tmp_path: Path) -> None:
    refresh_oews(tmp_path, bls.url, retry=FAST)
    # No national all-occupations row.
    lines = bls.files["oe.data.0.Current"].split(b"\r\n")
    bls.files["oe.data.0.Current"] = b"\r\n".join(l for l in lines if not l.startswith(b"OEUN0000000000000000000"))
    _refresh_fails(bls, tmp_path, "no national all-occupations employment")
    # The files do not belong together: oe.release names another year than the data's.
    bls.files = release_files()
    bls.files["oe.release"] = b"release_date\tdescription\r\n2027A01\tMay 2027\r\n"
    _refresh_fails(bls, tmp_path, "oe.data.0.Current has no figures for 2027, the year oe.release names")
    # A state employing more people than the nation.
    bls.files = release_files()
    bls.files["oe.data.0.Current"] = bls.files["oe.data.0.Current"].replace(b"    18480000\t", b"   999999999\t")
    _refresh_fails(bls, tmp_path, "implausible data: California employs 999,999,999")


def test_a_first_refresh_that_fails_leaves_the_shipped_data(bls: BLS, tmp_path: Path) -> None:
    bls.faults = {"oe.release": ["404"]}
    with pytest.raises(RefreshError, match="HTTP 404 Not Found"):
        refresh_oews(tmp_path, bls.url, retry=FAST)
    assert list((tmp_path / "oews").iterdir()) == []
    assert data_file(tmp_path) == DATA_FILE and data_status(tmp_path).source == "shipped"


def _coach(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GOOGLE_API_KEY", "GEMINI_API_KEY")}
    env.update(COACH_DATA_DIR=str(data_dir), COACH_MODEL="offline", COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "server.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_cli_status_and_refresh(bls: BLS, tmp_path: Path) -> None:
    shipped = _coach(tmp_path, "data", "status")
    assert shipped.returncode == 0, shipped.stderr
    assert "BLS OEWS May 2025 (2025A01), shipped with the app" in shipped.stdout
    assert "370,172 published rows" in shipped.stdout and "1,104 occupations" in shipped.stdout

    refreshed = _coach(tmp_path, "data", "refresh", "--base-url", bls.url, "--contact", "ops@example.com")
    assert refreshed.returncode == 0, refreshed.stderr
    assert "Now using BLS OEWS May 2026 (2026A01)" in refreshed.stdout
    assert "17 rows, 3 areas, 7 occupations, 4 industries" in refreshed.stdout
    assert "downloading oe.data.0.Current" in refreshed.stderr  # the progress bar
    assert (tmp_path / "oews" / "oews.zip").is_file()

    status = _coach(tmp_path, "data", "status")
    assert "BLS OEWS May 2026 (2026A01), refreshed from BLS" in status.stdout
    assert f"retrieved from BLS: {date.today().isoformat()} (BLS's file dated 2026-05-15)" in status.stdout
    as_json = json.loads(_coach(tmp_path, "data", "status", "--json").stdout)
    assert as_json["source"] == "refreshed" and as_json["cells"] == 17

    before = _snapshot(tmp_path / "oews")
    bls.faults = {"oe.footnote": ["404"]}
    failed = _coach(tmp_path, "data", "refresh", "--base-url", bls.url)
    assert failed.returncode == 1
    assert f"Refresh failed: could not download oe.footnote from {bls.url}oe.footnote: HTTP 404" in failed.stderr
    assert "The data in use is unchanged: BLS OEWS May 2026 (refreshed" in failed.stderr
    assert _snapshot(tmp_path / "oews") == before
