"""Median, nearest-rank p90 and ratios, with hand-computed figures."""

from __future__ import annotations

import pytest

from bot.domain.stats import median, p90, ratio


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([7.5], 7.5),
        ([10, 20], 15.0),  # even count: mean of the two middle values
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6.0),
        ([30, 10, 20], 20.0),  # unsorted input
        ([9, 1, 8, 2], 5.0),  # unsorted, even: (2 + 8) / 2
        ([2.5, 2.5, 100], 2.5),
    ],
)
def test_median(values: list[float], expected: float | None) -> None:
    assert median(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([7.5], 7.5),  # rank ceil(0.9) = 1
        ([10, 20], 20.0),  # rank ceil(1.8) = 2
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9.0),  # rank 9: 9 of 10 values are <= 9
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 10.0),  # rank ceil(9.9) = 10
        ([100, 1, 50, 3, 7, 2, 9, 4, 8, 6], 50.0),  # unsorted; sorted[8] = 50
        (list(range(1, 21)), 18.0),  # rank 18 exactly, no float rounding up to 19
        (list(range(1, 31)), 27.0),
    ],
)
def test_p90_nearest_rank(values: list[float], expected: float | None) -> None:
    assert p90(values) == expected


def test_stats_leave_the_input_alone_and_refuse_nan() -> None:
    values = [3.0, 1.0, 2.0]
    assert median(values) == 2.0
    assert values == [3.0, 1.0, 2.0]
    with pytest.raises(ValueError, match="NaN"):
        median([1.0, float("nan")])
    with pytest.raises(ValueError, match="NaN"):
        p90([float("nan")])


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(3, 4, 0.75), (0, 5, 0.0), (5, 5, 1.0), (0, 0, None), (3, 0, None)],
)
def test_ratio(numerator: float, denominator: float, expected: float | None) -> None:
    assert ratio(numerator, denominator) == expected
