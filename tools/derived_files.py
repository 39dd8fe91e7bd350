"""Derived data files: written whole or not at all, so a reader never sees half a file; gzipped JSON ones are
written byte for byte the same from the same data, and read back with a check of their format."""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Callable
from pathlib import Path


def write_atomically(out_file: Path, content: bytes) -> None:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_suffix(out_file.suffix + ".partial")
    partial.write_bytes(content)
    partial.replace(out_file)


def derive_command(doc: str, derive: Callable[[Path, Path], int], source: Path, out_file: Path, what: str) -> None:
    """The command line of a derive script: `--source` and `--out`, then what was written."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--source", type=Path, default=source)
    parser.add_argument("--out", type=Path, default=out_file)
    args = parser.parse_args()
    count = derive(args.source, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB): {what.format(count=count)}")


def encode_json(payload: dict) -> bytes:
    """A derived JSON file's bytes: compact UTF-8, gzipped without a timestamp (the same data, the same bytes)."""
    return gzip.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), mtime=0)


def read_json(path: Path, expected_format: str, derive_module: str) -> dict:
    """A derived JSON file, refused (ValueError) when it is not of the format this code reads."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        payload = json.load(f)
    if payload.get("format") != expected_format:
        raise ValueError(f"{path.name} has format {payload.get('format')!r}, not {expected_format!r}: rebuild it "
                         f"(python -m {derive_module})")
    return payload


def derive_json_command(doc: str, derive: Callable[[], dict], out_file: Path, describe: Callable[[dict], str]) -> None:
    """The command line of a script that derives a JSON file from installed packages: `--out`, then what was
    written."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=out_file)
    args = parser.parse_args()
    payload = derive()
    write_atomically(args.out, encode_json(payload))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB): {describe(payload)}")
