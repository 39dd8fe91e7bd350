"""The shipped OEWS file against its source: every figure exact, every missing one flagged for its reason."""

from __future__ import annotations

import gzip
import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.occupations.oews import Datatype, Flag, OewsData, load_oews


@pytest.fixture(scope="module")
def source(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    database = tmp_path_factory.mktemp("oews") / "oews.sqlite"
    with gzip.open(shared_data / "oews" / "oews-2025.sqlite.gz", "rb") as src, database.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    connection = sqlite3.connect(database)
    yield connection
    connection.close()


def test_shipped_file_has_every_area_occupation_and_cell(source: sqlite3.Connection) -> None:
    data = load_oews()
    assert data.release == "May 2025"
    assert len(data.areas) == 583 and len(data.occupations) == 1104 and len(data.industries) == 444
    assert data.cell_count == source.execute("SELECT count(*) FROM cell").fetchone()[0]
    assert {a.type for a in data.areas} == {"N", "S", "M"}


def test_a_sample_of_cells_matches_the_source_exactly(source: sqlite3.Connection) -> None:
    data = load_oews()
    rows = source.execute("SELECT * FROM cell").fetchall()
    reasons = {"5": Flag.TOP_CODED, "8": Flag.NOT_RELEASED, "4": Flag.NOT_APPLICABLE}
    for row in random.Random(7).sample(rows, 3000):
        key = row[0]
        cell = data.cell(key[4:11], f"{key[17:19]}-{key[19:23]}", key[11:17])
        assert cell is not None, key
        for datatype in Datatype:
            published, footnote = row[datatype], row[17 + datatype]
            if published is None:
                assert cell.flag(datatype) is Flag.NOT_APPLICABLE
            elif published == "-":
                assert cell.value(datatype) is None and cell.flag(datatype) is reasons.get(footnote, Flag.NOT_PUBLISHED)
            else:
                assert cell.value(datatype) == pytest.approx(float(published), abs=1e-9), (key, datatype)


def test_top_coded_wages_are_flagged_not_dropped() -> None:
    data = load_oews()
    # Family medicine physicians in area 0010540: BLS publishes the median only as "at least $239,200".
    cell = data.cell("0010540", "29-1215")
    assert cell is not None
    assert cell.value(Datatype.ANNUAL_MEDIAN) is None and cell.flag(Datatype.ANNUAL_MEDIAN) is Flag.TOP_CODED
    assert cell.value(Datatype.ANNUAL_MEAN) is None


def test_unknown_codes_and_parents() -> None:
    data = load_oews()
    assert data.cell("9999999", "15-1252") is None and data.cell("0000000", "99-9999") is None
    assert [o.code for o in data.parents("15-1252")] == ["15-1250", "15-1200", "15-0000"]


def test_derive_reproduces_the_shipped_file(shared_data: Path, tmp_path: Path) -> None:
    from tools.occupations.derive_oews import derive

    out = tmp_path / "oews.zip"
    derive(shared_data / "oews", out)
    fresh, shipped = OewsData.load(out), load_oews()
    assert fresh.meta == shipped.meta
    assert fresh._keys == shipped._keys and fresh._values == shipped._values and fresh._flags == shipped._flags
