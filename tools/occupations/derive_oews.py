"""Derive the compact OEWS file the product ships from the staged BLS OEWS snapshot.

    python -m tools.occupations.derive_oews [--source ../shared/data/oews] [--out tools/occupations/data]

Input: `oews-2025.sqlite.gz` (BLS OEWS May 2025, public domain; every `oe.*` flat file of the release loaded
into SQLite, see its manifest.json). Output: `oews-2025.zip`, a zip of four members:
- `meta.json`: release, sources, attribution, the area / occupation / industry lists and the datatype names;
- `keys.i64`: sorted cell keys, `area_index << 32 | industry_index << 16 | occupation_index` (int64, little endian);
- `values.i32`: the figures as int32, column by column (all cells' datatype 01, then 02, ... 17), each the
  published figure times its scale in `SCALES` (so they are exact); 0 where BLS publishes no number;
- `flags.u8`: 17 bytes per cell saying why a figure is missing (see `Flag` in `tools/occupations/oews.py`).
Only derive scripts read `../shared`; the product reads the zip.
"""

from __future__ import annotations

import gzip
import json
import math
import shutil
import sqlite3
import struct
import tempfile
import zipfile
from array import array
from pathlib import Path

from tools.derived_files import derive_command
from tools.occupations.oews import DATA_FILE, FIGURES_PER_CELL, SCALES, Flag

DEFAULT_SOURCE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "oews"
ATTRIBUTION = ("U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), May 2025. "
               "Public domain. https://www.bls.gov/oes/")


def _flag(value: str | None, footnote: str | None) -> int:
    if value is None:
        return Flag.NOT_APPLICABLE
    if value == "-" and footnote == "5":
        return Flag.TOP_CODED
    if value == "-" and footnote == "8":
        return Flag.NOT_RELEASED
    if value == "-" and footnote == "4":
        return Flag.NOT_APPLICABLE  # hourly wages are not published for occupations paid by the year
    return Flag.NOT_PUBLISHED


def derive(source_dir: Path, out_file: Path) -> dict[str, int]:
    manifest = json.loads((source_dir / "manifest.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "oews.sqlite"
        with gzip.open(source_dir / manifest["file"], "rb") as src, database.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        connection = sqlite3.connect(database)
        try:
            return write_compact(connection, manifest, out_file)
        finally:
            connection.close()


def write_compact(connection: sqlite3.Connection, manifest: dict, out_file: Path) -> dict[str, int]:
    """Write the compact file from a database with the snapshot's tables (`area`, `occupation`, `industry`,
    `datatype`, `footnote`, `cell`) and a manifest like the snapshot's (`release`, `retrieved`, `sources`).
    The one writer: `derive` feeds it the staged snapshot, `tools/salary/refresh.py` BLS's flat files."""
    areas = [{"code": c, "type": t, "state_code": s, "name": n}
             for c, t, s, n in connection.execute("SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code")]
    occupations = [{"code": f"{c[:2]}-{c[2:]}", "name": n, "level": lvl}
                   for c, n, lvl in connection.execute("SELECT occupation_code, occupation_name, display_level FROM occupation ORDER BY occupation_code")]
    industries = [{"code": c, "name": n, "level": lvl}
                  for c, n, lvl in connection.execute("SELECT industry_code, industry_name, display_level FROM industry ORDER BY industry_code")]
    area_index = {a["code"]: i for i, a in enumerate(areas)}
    occupation_index = {o["code"].replace("-", ""): i for i, o in enumerate(occupations)}
    industry_index = {ind["code"]: i for i, ind in enumerate(industries)}

    rows = []
    for row in connection.execute("SELECT * FROM cell"):
        key = row[0]  # OEU + area type (1) + area (7) + industry (6) + occupation (6)
        area, industry, occupation = key[4:11], key[11:17], key[17:23]
        packed = area_index[area] << 32 | industry_index[industry] << 16 | occupation_index[occupation]
        values, flags = [], []
        for value, footnote in zip(row[1:18], row[18:35]):
            try:
                number = float(value) if value is not None else math.nan
            except ValueError:
                number = math.nan
            values.append(number)
            flags.append(Flag.VALUE if not math.isnan(number) else _flag(value, footnote or None))
        rows.append((packed, values, flags))
    rows.sort(key=lambda r: r[0])

    keys, values, flags = array("q"), array("i"), array("B")
    for packed, _, cell_flags in rows:
        keys.append(packed)
        flags.extend(cell_flags)
    for index in range(FIGURES_PER_CELL):  # column by column: similar numbers side by side compress better
        values.extend(0 if math.isnan(cell[index]) else round(cell[index] * SCALES[index]) for _, cell, _ in rows)
    if struct.pack("=i", 1) != struct.pack("<i", 1):  # store little endian whatever the build machine
        keys.byteswap()
        values.byteswap()

    meta = {
        "schema": 1,
        "release": manifest["release"],
        "source": {"name": "BLS OEWS", "release": manifest["release"]["description"],
                   "url": "https://www.bls.gov/oes/", "files": {k: v["url"] for k, v in manifest["sources"].items()},
                   "retrieved": manifest["retrieved"]},
        "attribution": ATTRIBUTION,
        "datatypes": [name for (name,) in connection.execute("SELECT datatype_name FROM datatype ORDER BY datatype_code")],
        "footnotes": dict(connection.execute("SELECT footnote_code, footnote_text FROM footnote")),
        "areas": areas, "occupations": occupations, "industries": industries,
    }
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("meta.json", json.dumps(meta, separators=(",", ":")))
        archive.writestr("keys.i64", keys.tobytes())
        archive.writestr("values.i32", values.tobytes())
        archive.writestr("flags.u8", flags.tobytes())
    partial.replace(out_file)  # atomic: a reader never sees half a file
    return {"cells": len(keys), "areas": len(areas), "occupations": len(occupations), "industries": len(industries)}


def main() -> None:
    derive_command(__doc__, derive, DEFAULT_SOURCE, DATA_FILE, "{count}")


if __name__ == "__main__":
    main()
