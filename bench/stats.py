"""Summaries of timings shared by the benchmarks: nearest-rank percentiles and one line or one record per series."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Stats:
    """Summary of a list of durations, in milliseconds."""

    n: int
    median: float
    p95: float
    p99: float
    mean: float
    min: float
    max: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> "Stats":
        if not samples_ms:
            nan = float("nan")
            return cls(0, nan, nan, nan, nan, nan, nan)
        ordered = sorted(samples_ms)
        return cls(n=len(ordered), median=statistics.median(ordered), p95=percentile(ordered, 95),
                   p99=percentile(ordered, 99), mean=statistics.fmean(ordered), min=ordered[0], max=ordered[-1])

    def line(self, label: str, digits: int = 2) -> str:
        return (f"{label}: median {self.median:.{digits}f} ms, p95 {self.p95:.{digits}f} ms, "
                f"max {self.max:.{digits}f} ms ({self.n} runs)")


def percentile(ordered: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
