"""BLS OEWS market data, loaded from the compact file `tools/occupations/data/oews-2025.zip` (see derive_oews.py).

A lookup (area, occupation, industry) → the cell's 17 published figures is a binary search over a sorted
key array: no database and no per-cell Python objects, so loading takes a fraction of a second and about
35 MB, and a lookup a few microseconds. Figures are stored exactly, as scaled integers (cents for hourly
wages, tenths for standard errors...), column by column.
"""

from __future__ import annotations

import json
import struct
import zipfile
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "oews-2025.zip"
NATIONAL = "0000000"
ALL_INDUSTRIES = "000000"
FIGURES_PER_CELL = 17


class Flag(IntEnum):
    """Why a figure has no number. BLS writes '-' for all of these and tells them apart by footnote."""

    VALUE = 0
    TOP_CODED = 1  # footnote 5: at least $115.00 an hour / $239,200 a year; BLS does not publish the figure
    NOT_RELEASED = 2  # footnote 8: estimate not released (too few responses or confidentiality)
    NOT_APPLICABLE = 3  # e.g. no hourly wage for occupations paid by the year (footnote 4); no LQ nationally
    NOT_PUBLISHED = 4  # any other missing value


class Datatype(IntEnum):
    """BLS OEWS datatype codes (oe.datatype)."""

    EMPLOYMENT = 1
    EMPLOYMENT_RSE = 2
    HOURLY_MEAN = 3
    ANNUAL_MEAN = 4
    WAGE_RSE = 5
    HOURLY_P10 = 6
    HOURLY_P25 = 7
    HOURLY_MEDIAN = 8
    HOURLY_P75 = 9
    HOURLY_P90 = 10
    ANNUAL_P10 = 11
    ANNUAL_P25 = 12
    ANNUAL_MEDIAN = 13
    ANNUAL_P75 = 14
    ANNUAL_P90 = 15
    EMPLOYMENT_PER_1000 = 16
    LOCATION_QUOTIENT = 17


# Each datatype is stored as an integer: the published figure times its scale (BLS publishes at most this
# many decimals), so every figure round-trips exactly.
SCALES = (1, 10, 100, 1, 10, 100, 100, 100, 100, 100, 1, 1, 1, 1, 1, 1000, 100)
TOP_CODE_ANNUAL = 239_200.0
TOP_CODE_HOURLY = 115.0


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    type: str  # N national, S state or territory, M metropolitan area
    state_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str  # SOC as BLS writes it, e.g. "15-1252"
    name: str
    level: int  # 0 major group, 1 minor group, 2 broad occupation, 3 detailed occupation


@dataclass(frozen=True, slots=True)
class Industry:
    code: str
    name: str
    level: int


@dataclass(frozen=True, slots=True)
class Cell:
    """The published figures of one (area, industry, occupation)."""

    data: "OewsData"
    position: int

    def value(self, datatype: Datatype) -> float | None:
        """The figure, or None where BLS publishes no number (`flag` says why)."""
        index = datatype - 1
        if self.data._flags[self.position * FIGURES_PER_CELL + index]:  # 0 is Flag.VALUE; plain ints are fast
            return None
        return self.data._values[index * self.data._cell_count + self.position] / SCALES[index]

    def flag(self, datatype: Datatype) -> Flag:
        return Flag(self.data._flags[self.position * FIGURES_PER_CELL + datatype - 1])


def read_figures(cell: Cell | None, fields: dict[str, Datatype]) -> tuple[dict[str, float | None], list[str], list[str]]:
    """Named figures of a cell, plus the names BLS top-codes and those it does not release."""
    values: dict[str, float | None] = {name: None for name in fields}
    top_coded: list[str] = []
    not_released: list[str] = []
    if cell is None:
        return values, top_coded, not_released
    # One slice of the cell's flags and plain-int comparisons: this runs for every figure of every answer.
    start = cell.position * FIGURES_PER_CELL
    flags = cell.data._flags[start:start + FIGURES_PER_CELL]
    column, count = cell.position, cell.data._cell_count
    numbers = cell.data._values
    for name, datatype in fields.items():
        index = datatype - 1
        flag = flags[index]
        if flag == 0:
            values[name] = numbers[index * count + column] / SCALES[index]
        elif flag == _TOP_CODED:
            top_coded.append(name)
        elif flag == _NOT_RELEASED:
            not_released.append(name)
    return values, top_coded, not_released


_TOP_CODED, _NOT_RELEASED = int(Flag.TOP_CODED), int(Flag.NOT_RELEASED)


class OewsData:
    def __init__(self, meta: dict, keys: array, values: array, flags: bytes):
        self.meta = meta
        self.release: str = meta["release"]["description"]
        self.areas = [Area(**a) for a in meta["areas"]]
        self.occupations = [Occupation(**o) for o in meta["occupations"]]
        self.industries = [Industry(**i) for i in meta["industries"]]
        self.area_by_code = {a.code: a for a in self.areas}
        self.occupation_by_code = {o.code: o for o in self.occupations}
        self.industry_by_code = {i.code: i for i in self.industries}
        self._area_index = {a.code: i for i, a in enumerate(self.areas)}
        self._occupation_index = {o.code: i for i, o in enumerate(self.occupations)}
        self._industry_index = {i.code: n for n, i in enumerate(self.industries)}
        self._keys, self._values, self._flags = keys, values, flags
        self._cell_count = len(keys)

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> "OewsData":
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read("meta.json"))
            keys, values = array("q"), array("i")
            keys.frombytes(archive.read("keys.i64"))
            values.frombytes(archive.read("values.i32"))
            flags = archive.read("flags.u8")
        if struct.pack("=i", 1) != struct.pack("<i", 1):  # the file is little endian
            keys.byteswap()
            values.byteswap()
        if len(values) != len(keys) * FIGURES_PER_CELL or len(flags) != len(values):
            raise ValueError(f"{path} is damaged: {len(keys)} keys, {len(values)} values, {len(flags)} flags")
        return cls(meta, keys, values, flags)

    @property
    def cell_count(self) -> int:
        return len(self._keys)

    def cell(self, area_code: str, occupation_code: str, industry_code: str = ALL_INDUSTRIES) -> Cell | None:
        try:
            key = (self._area_index[area_code] << 32 | self._industry_index[industry_code] << 16
                   | self._occupation_index[occupation_code])
        except KeyError:
            return None
        position = bisect_left(self._keys, key)
        if position == len(self._keys) or self._keys[position] != key:
            return None
        return Cell(self, position)

    def parents(self, occupation_code: str) -> list[Occupation]:
        """The SOC hierarchy above an occupation that OEWS publishes: broad, minor, major group (nearest first).
        SOC codes encode it: 15-1252 → broad 15-1250, minor 15-1200, major 15-0000."""
        major, rest = occupation_code.split("-")
        candidates = [f"{major}-{rest[:3]}0", f"{major}-{rest[:2]}00", f"{major}-{rest[0]}000", f"{major}-0000"]
        seen: list[Occupation] = []
        for code in candidates:
            occupation = self.occupation_by_code.get(code)
            if occupation and code != occupation_code and occupation not in seen:
                seen.append(occupation)
        return seen


# The data folder whose refreshed file `load_oews()` prefers (see `use_data_dir`); None: the shipped file.
_data_dir: Path | None = None


def data_file(data_dir: Path | None = None) -> Path:
    """The OEWS file to use: `data_dir/oews/oews.zip` when a refresh has put one there (`coach data refresh`),
    else the shipped `DATA_FILE`."""
    if data_dir is not None:
        refreshed = Path(data_dir) / "oews" / "oews.zip"
        if refreshed.is_file():
            return refreshed
    return DATA_FILE


def use_data_dir(data_dir: Path | None) -> None:
    """Point `load_oews()` at the data folder's refreshed file, if it has one (None: back to the shipped file)."""
    global _data_dir
    _data_dir = Path(data_dir) if data_dir is not None else None
    load_oews.cache_clear()


@lru_cache(maxsize=1)
def load_oews() -> OewsData:
    """The data in use (the shipped file unless `use_data_dir` found a refreshed one), loaded once per process."""
    return OewsData.load(data_file(_data_dir))
