"""Writing derived data files: whole or not at all, so a reader never sees half a file."""

from __future__ import annotations

import argparse
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
