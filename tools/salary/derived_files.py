"""Writing derived data files: whole or not at all, so a reader never sees half a file."""

from __future__ import annotations

from pathlib import Path


def write_atomically(out_file: Path, content: bytes) -> None:
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_suffix(out_file.suffix + ".partial")
    partial.write_bytes(content)
    partial.replace(out_file)
