"""Refresh the OEWS wages from BLS's own flat files, and say which data is in use.

    refresh_oews(data_dir)   # what `coach data refresh` runs
    data_status(data_dir)    # what `coach data status` shows

A refresh downloads the release's time-series flat files (https://download.bls.gov/pub/time.series/oe/:
`oe.release`, `oe.datatype`, `oe.footnote`, `oe.area`, `oe.industry`, `oe.occupation`, `oe.data.0.Current`)
into a staging folder, loads them into an in-memory SQLite database with the same tables as the staged
snapshot, writes the compact file with the same writer as `derive_oews.py`, checks it, and only then swaps
it in as `data_dir/oews/oews.zip` (with `manifest.json` beside it). Whatever fails on the way (network, an
HTTP error, a truncated or garbled file, a check), the data already there is left exactly as it was and a
`RefreshError` says what went wrong.

Downloads stream to disk with timeouts, send a User-Agent naming the product and a contact (BLS asks for
one and refuses anonymous scripts), and are retried with exponential backoff on connection problems, 5xx
and 429 (`RetryPolicy`).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import httpx
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from tools.occupations import oews
from tools.occupations.derive_oews import write_compact
from tools.occupations.oews import ALL_INDUSTRIES, DATA_FILE, FIGURES_PER_CELL, NATIONAL, Datatype, OewsData, data_file

DEFAULT_BASE_URL = "https://download.bls.gov/pub/time.series/oe/"
PRODUCT = "SmartJobFit-Coach/0.1"
DATA = "oe.data.0.Current"
# Small files first: a wrong base URL or a refusing server is found before the big download.
FILES = ("oe.release", "oe.datatype", "oe.footnote", "oe.area", "oe.industry", "oe.occupation", DATA)
ALL_OCCUPATIONS = "00-0000"
BLS_NOTICE = ("BLS.gov cannot vouch for the data or analyses derived from these data after the data have been "
              "retrieved from BLS.gov.")
MAX_SKIPPED_SHARE = 0.01  # data rows naming an area, industry or occupation the lists lack; more means garbled

# The staged snapshot's tables (see ../shared/data/README.md), which `write_compact` reads.
_SCHEMA = f"""
CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, state_code TEXT NOT NULL,
                   area_name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL,
                       display_level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL,
                         display_level INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cell (key TEXT PRIMARY KEY, {", ".join(f"v{i:02d} TEXT" for i in range(1, 18))},
                   {", ".join(f"f{i:02d} TEXT" for i in range(1, 18))}) WITHOUT ROWID;
"""
_COLUMNS = [f"v{i:02d}" for i in range(1, 18)] + [f"f{i:02d}" for i in range(1, 18)]
# A series may in principle come back out of order: merge it into the cell instead of failing.
_UPSERT = (f"INSERT INTO cell VALUES ({', '.join('?' * 35)}) ON CONFLICT(key) DO UPDATE SET "
           + ", ".join(f"{c} = coalesce(excluded.{c}, {c})" for c in _COLUMNS))
_DATATYPE_COLUMN = {f"{i:02d}": i - 1 for i in range(1, FIGURES_PER_CELL + 1)}


class RefreshError(RuntimeError):
    """The refresh failed; the data in use is unchanged. The message says what went wrong."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How downloads are retried: `attempts` in all, waiting `backoff`, then twice that... at most `max_wait`
    seconds between them (or what a 429/503's Retry-After asks, within `max_wait`)."""

    attempts: int = 4
    backoff: float = 2.0
    max_wait: float = 60.0


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """What a refresh is doing, for a progress display. `done`/`total` are bytes (`total` None if unknown);
    `attempt` > 1 means a download started over."""

    stage: Literal["download", "parse", "write", "validate", "install"]
    name: str
    done: int = 0
    total: int | None = None
    attempt: int = 1


ProgressCallback = Callable[[RefreshProgress], None]


class SourceFile(BaseModel):
    url: str
    bytes: int
    sha256: str
    etag: str | None = None
    last_modified: str | None = None  # the server's Last-Modified, as a date (YYYY-MM-DD)


class RefreshResult(BaseModel):
    path: Path
    manifest_path: Path
    release: str  # e.g. "May 2025"
    release_code: str  # e.g. "2025A01"
    retrieved: str  # YYYY-MM-DD
    cells: int
    areas: int
    occupations: int
    industries: int
    downloaded_bytes: int
    skipped_rows: int  # data rows for codes the area/industry/occupation lists lack, or unknown datatypes
    sources: dict[str, SourceFile]


class DataStatus(BaseModel):
    source: Literal["shipped", "refreshed"]
    path: Path
    release: str
    release_code: str | None = None
    retrieved: str | None = None
    published: str | None = None  # Last-Modified of BLS's data file when it was retrieved, if known
    cells: int
    areas: int
    occupations: int
    industries: int
    file_bytes: int
    attribution: str
    notice: str = BLS_NOTICE


def user_agent(contact: str | None = None) -> str:
    """BLS asks automated clients to say who they are and how to reach them (an e-mail address)."""
    return f"{PRODUCT} (BLS OEWS data refresh; contact: {contact})" if contact else f"{PRODUCT} (BLS OEWS data refresh)"


def refresh_oews(
    data_dir: Path,
    base_url: str = DEFAULT_BASE_URL,
    *,
    progress: ProgressCallback | None = None,
    contact: str | None = None,
    retry: RetryPolicy = RetryPolicy(),
    timeout: httpx.Timeout | float = httpx.Timeout(30.0, connect=15.0),
) -> RefreshResult:
    """Download BLS's OEWS flat files from `base_url`, rebuild the compact file and swap it in as
    `data_dir/oews/oews.zip`. Raises `RefreshError` (the data in use untouched) on any failure."""
    report = progress or (lambda event: None)
    target_dir = Path(data_dir) / "oews"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(target_dir)
        staging = Path(tempfile.mkdtemp(prefix=".refresh-", dir=target_dir))  # same disk: os.replace is atomic
    except OSError as exc:
        raise RefreshError(f"cannot stage the download in {target_dir}: {exc}") from exc
    try:
        headers = {"User-Agent": user_agent(contact)}
        with httpx.Client(headers=headers, timeout=timeout, follow_redirects=True) as client:
            sources = {name: _download(client, _join(base_url, name), staging / name, name, retry, report)
                       for name in FILES}
        retrieved = datetime.now(timezone.utc).date().isoformat()
        staged_zip = staging / "oews.zip"
        connection = sqlite3.connect(":memory:")
        try:
            release, skipped = _load(connection, staging, report)
            manifest = {"schema": 1, "release": release, "retrieved": retrieved,
                        "sources": {name: source.model_dump() for name, source in sources.items()}}
            report(RefreshProgress("write", "oews.zip"))
            try:
                counts = write_compact(connection, manifest, staged_zip)
            except KeyError as exc:  # a cell naming a code the lists lack, which _load should have caught
                raise RefreshError(f"{DATA} refers to code {exc} that the code lists lack") from exc
        finally:
            connection.close()
        report(RefreshProgress("validate", "oews.zip"))
        _validate(staged_zip)
        manifest.update(counts=counts, file="oews.zip", file_bytes=staged_zip.stat().st_size,
                        file_sha256=_sha256(staged_zip))
        staged_manifest = staging / "manifest.json"
        staged_manifest.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        report(RefreshProgress("install", "oews.zip"))
        final_zip, final_manifest = target_dir / "oews.zip", target_dir / "manifest.json"
        os.replace(staged_zip, final_zip)  # atomic: a reader sees the old file or the new one, never half
        os.replace(staged_manifest, final_manifest)
    except OSError as exc:
        raise RefreshError(f"could not write the refreshed data in {target_dir}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if oews._data_dir is not None and oews._data_dir.resolve() == Path(data_dir).resolve():
        oews.load_oews.cache_clear()  # this process reads the new file from the next load_oews() on
    return RefreshResult(path=final_zip, manifest_path=final_manifest, release=release["description"],
                         release_code=release["code"], retrieved=retrieved, **counts,
                         downloaded_bytes=sum(s.bytes for s in sources.values()), skipped_rows=skipped,
                         sources=sources)


def data_status(data_dir: Path | None = None) -> DataStatus:
    """Which OEWS file is in use for this data folder (a refreshed one, else the shipped one) and what is in it."""
    path = data_file(data_dir)
    with zipfile.ZipFile(path) as archive:
        meta = json.loads(archive.read("meta.json"))
        cells = archive.getinfo("keys.i64").file_size // 8
    published = None
    manifest_file = path.parent / "manifest.json"
    if path != DATA_FILE and manifest_file.is_file():
        try:
            manifest = json.loads(manifest_file.read_text())
            published = manifest["sources"][DATA].get("last_modified")
        except (ValueError, KeyError, TypeError):
            published = None
    return DataStatus(
        source="shipped" if path == DATA_FILE else "refreshed", path=path,
        release=meta["release"]["description"], release_code=meta["release"].get("code"),
        retrieved=meta.get("source", {}).get("retrieved"), published=published, cells=cells,
        areas=len(meta["areas"]), occupations=len(meta["occupations"]), industries=len(meta["industries"]),
        file_bytes=path.stat().st_size, attribution=meta["attribution"])


def _remove_stale_staging(target_dir: Path, max_age_s: float = 24 * 3600) -> None:
    """Remove staging folders a killed refresh left behind (older than a day: no refresh runs that long)."""
    now = datetime.now(timezone.utc).timestamp()
    for folder in target_dir.glob(".refresh-*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


# Downloading.

class _HTTPStatus(Exception):
    def __init__(self, response: httpx.Response):
        super().__init__(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        self.status = response.status_code
        self.retry_after = _retry_after(response.headers.get("Retry-After"))


class _Incomplete(Exception):
    pass


def _join(base_url: str, name: str) -> str:
    return base_url if base_url.endswith(name) else base_url.rstrip("/") + "/" + name


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, _HTTPStatus):
        return exc.status == 429 or exc.status >= 500
    return isinstance(exc, (httpx.TransportError, _Incomplete))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _waiter(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _HTTPStatus) and exc.retry_after is not None:
            return min(exc.retry_after, policy.max_wait)
        return min(policy.backoff * 2 ** (state.attempt_number - 1), policy.max_wait)
    return wait


def _download(client: httpx.Client, url: str, dest: Path, name: str, policy: RetryPolicy,
              report: ProgressCallback) -> SourceFile:
    attempts = 0
    try:
        for attempt in Retrying(retry=retry_if_exception(_transient), stop=stop_after_attempt(max(1, policy.attempts)),
                                wait=_waiter(policy), reraise=True):
            with attempt:
                attempts = attempt.retry_state.attempt_number
                return _fetch(client, url, dest, name, attempts, report)
    except (_HTTPStatus, _Incomplete, httpx.HTTPError) as exc:
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        raise RefreshError(f"could not download {name} from {url}: {_describe(exc)}{tries}") from exc
    raise AssertionError("unreachable")


def _fetch(client: httpx.Client, url: str, dest: Path, name: str, attempt: int,
           report: ProgressCallback) -> SourceFile:
    digest, written = hashlib.sha256(), 0
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise _HTTPStatus(response)
        length = response.headers.get("Content-Length", "")
        total = int(length) if length.isdigit() else None  # bytes on the wire (compressed, if it is)
        report(RefreshProgress("download", name, 0, total, attempt))
        with dest.open("wb") as out:
            for chunk in response.iter_bytes(1 << 16):
                out.write(chunk)
                digest.update(chunk)
                written += len(chunk)
                report(RefreshProgress("download", name, response.num_bytes_downloaded, total, attempt))
        if total is not None and response.num_bytes_downloaded != total:
            raise _Incomplete(f"received {response.num_bytes_downloaded:,} of {total:,} bytes")
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
    return SourceFile(url=url, bytes=written, sha256=digest.hexdigest(), etag=etag,
                      last_modified=_date(modified) if modified else None)


def _date(http_date: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(http_date).date().isoformat()
    except (TypeError, ValueError):
        return http_date


def _describe(exc: BaseException) -> str:
    if isinstance(exc, _HTTPStatus):
        hint = ""
        if exc.status == 403:
            hint = " (BLS refuses requests without a contact in the User-Agent: pass a contact e-mail)"
        elif exc.status == 404:
            hint = " (is the base URL right?)"
        return f"{exc}{hint}"
    if isinstance(exc, _Incomplete):
        return f"the file was cut short: {exc}"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc})"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return f"the server closed the connection before the file was complete ({exc})"
    return f"{type(exc).__name__}: {exc}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Parsing BLS's flat files: tab-separated, a header row, fields padded with spaces.

def _load(connection: sqlite3.Connection, folder: Path, report: ProgressCallback) -> tuple[dict, int]:
    """Fill the snapshot's tables from the flat files. Returns the release and the count of skipped rows."""
    connection.executescript(_SCHEMA)
    release_rows = _table(folder / "oe.release", "oe.release", ())
    if not release_rows:
        raise RefreshError("oe.release names no release")
    latest = release_rows[-1]
    description = latest.get("description") or list(latest.values())[-1]  # e.g. "May 2025"
    year = re.search(r"\b(19|20)\d\d\b", " ".join(latest.values()))
    if not description or not year:
        raise RefreshError(f"oe.release does not say which release it is: {latest}")

    def rows(name: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [tuple(row[c] for c in columns) for row in _table(folder / name, name, columns)]
        if not found:
            raise RefreshError(f"{name} has no rows")
        return found

    def levels(found: list[tuple[str, ...]], name: str) -> list[tuple]:
        try:
            return [(code, text, int(level)) for code, text, level in found]
        except ValueError as exc:
            raise RefreshError(f"{name}: display_level is not a number ({exc})") from exc

    areas = rows("oe.area", ("area_code", "areatype_code", "state_code", "area_name"))
    industries = levels(rows("oe.industry", ("industry_code", "industry_name", "display_level")), "oe.industry")
    occupations = levels(rows("oe.occupation", ("occupation_code", "occupation_name", "display_level")),
                         "oe.occupation")
    with connection:
        try:
            connection.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", areas)
            connection.executemany("INSERT INTO industry VALUES (?, ?, ?)", industries)
            connection.executemany("INSERT INTO occupation VALUES (?, ?, ?)", occupations)
            connection.executemany("INSERT INTO datatype VALUES (?, ?)",
                                   rows("oe.datatype", ("datatype_code", "datatype_name")))
            connection.executemany("INSERT INTO footnote VALUES (?, ?)",
                                   rows("oe.footnote", ("footnote_code", "footnote_text")))
        except sqlite3.IntegrityError as exc:
            raise RefreshError(f"a code list repeats a code ({exc})") from exc
    missing = set(_DATATYPE_COLUMN) - {
        code for (code,) in connection.execute("SELECT datatype_code FROM datatype")}
    if missing:
        raise RefreshError(f"oe.datatype lacks datatypes {sorted(missing)}")
    period, skipped = _load_data(connection, folder / DATA, year.group(0), {a[0] for a in areas},
                                 {i[0] for i in industries}, {o[0] for o in occupations}, report)
    release = {"code": f"{year.group(0)}{period}", "description": description, "period": period,
               "year": year.group(0)}
    with connection:
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("data_year", release["year"]), ("period", period), ("release", description),
            ("release_code", release["code"]), ("schema", "1")])
    return release, skipped


def _table(path: Path, name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = text.splitlines()
    header = [column.strip() for column in lines[0].split("\t")] if lines else []
    missing = [column for column in required if column not in header]
    if missing:
        raise RefreshError(f"{name} is not a BLS flat file: its header {_short(lines[0] if lines else '')!r} "
                           f"lacks {', '.join(missing)}")
    needed = max((header.index(column) for column in required), default=0) + 1
    found = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) > len(header) or len(fields) < needed:
            raise RefreshError(f"{name} line {number} is malformed (file truncated or garbled?): {len(fields)} "
                               f"fields, the header has {len(header)}: {_short(line)!r}")
        row = {column: field.strip() for column, field in zip(header, fields)}
        if required and not row[required[0]]:
            raise RefreshError(f"{name} line {number} has no {required[0]}: {_short(line)!r}")
        found.append(row)
    return found


def _load_data(connection: sqlite3.Connection, path: Path, year: str, areas: set[str], industries: set[str],
               occupations: set[str], report: ProgressCallback) -> tuple[str, int]:
    """Stream oe.data.0.Current into `cell` (one row per series id less its datatype, like the snapshot).
    Only the release's year is kept. Returns the period and the count of skipped rows."""
    total, done, next_report = path.stat().st_size, 0, 0
    periods: set[str] = set()
    kept = skipped = 0
    batch: list[list[str | None]] = []
    key: str | None = None
    row: list[str | None] = []
    with path.open("rb") as f:
        header = f.readline()
        done += len(header)
        columns = [c.strip() for c in header.decode("latin-1").split("\t")]
        if columns[:5] != ["series_id", "year", "period", "value", "footnote_codes"]:
            raise RefreshError(f"{DATA} is not a BLS flat file: its header is {_short(header.decode('latin-1'))!r}"
                               ", not series_id, year, period, value, footnote_codes")
        for number, raw in enumerate(f, start=2):
            done += len(raw)
            if done >= next_report:
                report(RefreshProgress("parse", DATA, done, total))
                next_report = done + (1 << 22)
            try:
                line = raw.decode("ascii").rstrip("\r\n")
            except UnicodeDecodeError:
                raise RefreshError(f"{DATA} line {number} is garbled (not text)") from None
            fields = line.split("\t")
            if len(fields) != 5:
                if not line.strip():
                    continue
                raise RefreshError(f"{DATA} line {number} is malformed (file truncated or garbled?): "
                                   f"{len(fields)} fields, expected 5: {_short(line)!r}")
            series = fields[0].strip()
            column = _DATATYPE_COLUMN.get(series[23:])
            if len(series) != 25 or not series.startswith("OEU"):
                raise RefreshError(f"{DATA} line {number}: {series!r} is not an OEWS series id")
            if fields[1].strip() != year:
                continue  # another year than the release's
            value, footnote = fields[3].strip(), fields[4].strip() or None
            if value != "-":
                try:
                    float(value)
                except ValueError:
                    raise RefreshError(f"{DATA} line {number}: value {value!r} is not a number") from None
            if (column is None or series[4:11] not in areas or series[11:17] not in industries
                    or series[17:23] not in occupations):
                skipped += 1
                continue
            periods.add(fields[2].strip())
            kept += 1
            if series[:23] != key:
                if key is not None:
                    batch.append([key, *row])
                    if len(batch) >= 20_000:
                        connection.executemany(_UPSERT, batch)
                        batch.clear()
                key, row = series[:23], [None] * (2 * FIGURES_PER_CELL)
            row[column], row[FIGURES_PER_CELL + column] = value, footnote
    if key is not None:
        batch.append([key, *row])
    connection.executemany(_UPSERT, batch)
    connection.commit()
    report(RefreshProgress("parse", DATA, done, total))
    if not kept:
        raise RefreshError(f"{DATA} has no figures for {year}, the year oe.release names")
    if skipped > kept * MAX_SKIPPED_SHARE:
        raise RefreshError(f"{DATA}: {skipped:,} of {kept + skipped:,} rows name an area, industry, occupation or "
                           "datatype the code lists lack; the files do not belong together")
    if len(periods) != 1:
        raise RefreshError(f"{DATA} mixes periods {sorted(periods)} for {year}")
    return periods.pop(), skipped


def _short(text: str, limit: int = 80) -> str:
    text = text.rstrip("\r\n")
    return text if len(text) <= limit else text[:limit] + "…"


# Checking the result before it goes in.

def _validate(path: Path) -> OewsData:
    try:
        data = OewsData.load(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise RefreshError(f"the rebuilt file does not load: {exc}") from exc
    national = data.cell(NATIONAL, ALL_OCCUPATIONS, ALL_INDUSTRIES)
    employment = national.value(Datatype.EMPLOYMENT) if national else None
    if national is None or not employment or employment <= 0:
        raise RefreshError("the new data has no national all-occupations employment; refusing to use it")
    if national.value(Datatype.ANNUAL_MEDIAN) is None:
        raise RefreshError("the new data has no national median wage for all occupations; refusing to use it")
    for area in data.areas:
        cell = data.cell(area.code, ALL_OCCUPATIONS, ALL_INDUSTRIES)
        figure = cell.value(Datatype.EMPLOYMENT) if cell else None
        if figure is not None and figure > employment:
            raise RefreshError(f"implausible data: {area.name} employs {figure:,.0f}, more than the nation's "
                               f"{employment:,.0f}")
    if not (data.cell_count and data.areas and data.occupations and data.industries):
        raise RefreshError("the new data is empty")
    return data
