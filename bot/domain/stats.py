"""The few statistics the digest reports, defined as DESIGN.md's "Counts" defines them."""

from __future__ import annotations

import math
from collections.abc import Sequence


def median(values: Sequence[float]) -> float | None:
    """The middle value; for an even count the mean of the two middle values; None when empty."""
    ordered = _sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def p90(values: Sequence[float]) -> float | None:
    """Nearest-rank 90th percentile: the smallest value with >= 90 % of values at or below it."""
    ordered = _sorted(values)
    if not ordered:
        return None
    rank = (9 * len(ordered) + 9) // 10  # ceil(0.9 * n) in integers, free of float rounding
    return float(ordered[rank - 1])


def _sorted(values: Sequence[float]) -> list[float]:
    # NaN compares false with everything, so sorting it would give an arbitrary order.
    if any(math.isnan(value) for value in values):
        raise ValueError("values must be numbers, got NaN")
    return sorted(values)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    if denominator == 0:
        return None
    return numerator / denominator
