"""ISO weeks in a channel's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.weeks import (
    iso_week_label,
    last_complete_week,
    parse_iso_week,
    previous_weeks,
    week_bounds,
    week_of,
)

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 11, 16), "2026-W47"),
        (date(2026, 11, 22), "2026-W47"),  # Sunday ends the week
        (date(2026, 1, 1), "2026-W01"),  # a Thursday: week 1 of 2026
        (date(2025, 12, 29), "2026-W01"),  # ISO year differs from the calendar year
        (date(2026, 12, 31), "2026-W53"),  # 2026 has 53 ISO weeks
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2026, 3, 2), "2026-W10"),  # zero-padded to two digits
    ],
)
def test_iso_week_label(day: date, label: str) -> None:
    assert iso_week_label(day) == label


def test_iso_week_label_refuses_datetimes() -> None:
    with pytest.raises(ValueError, match="week_of"):
        iso_week_label(datetime(2026, 11, 16, tzinfo=UTC))


@pytest.mark.parametrize(
    ("label", "expected"),
    [("2026-W47", (2026, 47)), ("2026-w01", (2026, 1)), (" 2026-W53 ", (2026, 53))],
)
def test_parse_iso_week(label: str, expected: tuple[int, int]) -> None:
    assert parse_iso_week(label) == expected


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2026-47", "weeks look like '2026-W47'"),
        ("2026-W4", "weeks look like '2026-W47'"),
        ("W47", "weeks look like '2026-W47'"),
        ("2026-W47-1", "weeks look like '2026-W47'"),
        ("", "weeks look like '2026-W47'"),
        ("2026-W00", "2026 has no week 0"),
        ("2025-W53", "2025 has no week 53"),  # 2025 has 52 ISO weeks
        ("2026-W54", "2026 has no week 54"),
    ],
)
def test_parse_iso_week_refuses_bad_labels(label: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_iso_week(label)


def test_week_bounds_are_local_mondays_in_utc() -> None:
    start, end = week_bounds("2026-W47", "Europe/Amsterdam")
    assert (start, end) == (
        datetime(2026, 11, 15, 23, tzinfo=UTC),
        datetime(2026, 11, 22, 23, tzinfo=UTC),
    )
    assert start.tzinfo is UTC and end.tzinfo is UTC
    assert week_bounds("2026-W47", "UTC") == (
        datetime(2026, 11, 16, tzinfo=UTC),
        datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert week_bounds("2026-W47", "Asia/Kolkata")[0] == datetime(2026, 11, 15, 18, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("label", "timezone", "hours"),
    [
        ("2026-W13", "Europe/Amsterdam", 167),  # clocks go forward on Sunday 29 March
        ("2026-W43", "Europe/Amsterdam", 169),  # and back on Sunday 25 October
        ("2026-W10", "America/New_York", 167),  # Sunday 8 March
        ("2026-W40", "Australia/Lord_Howe", 167.5),  # a 30-minute shift, Sunday 4 October
        ("2026-W47", "Europe/Amsterdam", 168),
        # Tehran skipped Monday 22 March 2021 00:00-01:00: the week starts at the jump.
        ("2021-W12", "Asia/Tehran", 167),
    ],
)
def test_dst_weeks(label: str, timezone: str, hours: float) -> None:
    start, end = week_bounds(label, timezone)
    assert (end - start) / timedelta(hours=1) == hours


def test_week_starting_in_a_skipped_hour() -> None:
    start, _ = week_bounds("2021-W12", "Asia/Tehran")
    assert start == datetime(2021, 3, 21, 20, 30, tzinfo=UTC)  # 01:00 +04:30


def test_consecutive_weeks_touch() -> None:
    assert (
        week_bounds("2026-W53", "Europe/Amsterdam")[1]
        == week_bounds("2027-W01", "Europe/Amsterdam")[0]
    )


def test_week_of_uses_the_local_date() -> None:
    # Sunday 22 Nov 23:30 UTC is already Monday 23 Nov 00:30 in Amsterdam.
    late_sunday = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert week_of(late_sunday, "UTC") == "2026-W47"
    assert week_of(late_sunday, "Europe/Amsterdam") == "2026-W48"
    assert week_of(late_sunday.astimezone(AMS), "UTC") == "2026-W47"
    with pytest.raises(ValueError, match="timezone-aware"):
        week_of(datetime(2026, 11, 22, 23, 30), "UTC")
    with pytest.raises(ValueError, match="unknown timezone"):
        week_of(late_sunday, "Europe/Atlantis")


def test_last_complete_week() -> None:
    assert last_complete_week(datetime(2026, 11, 25, 12, tzinfo=UTC), "UTC") == "2026-W47"
    # Monday 00:00 local: the week before has just ended.
    monday = datetime(2026, 11, 23, 0, 0, tzinfo=AMS)
    assert last_complete_week(monday, "Europe/Amsterdam") == "2026-W47"
    assert last_complete_week(monday - timedelta(microseconds=1), "Europe/Amsterdam") == "2026-W46"
    assert last_complete_week(datetime(2027, 1, 5, tzinfo=UTC), "UTC") == "2026-W53"


def test_previous_weeks() -> None:
    assert previous_weeks("2026-W47", 3) == ["2026-W44", "2026-W45", "2026-W46"]
    assert previous_weeks("2026-W02", 3) == ["2025-W51", "2025-W52", "2026-W01"]
    assert previous_weeks("2027-W02", 3) == ["2026-W52", "2026-W53", "2027-W01"]
    assert previous_weeks("2026-W47", 0) == []
    assert previous_weeks("2026-W47", 7) + ["2026-W47"] == [
        "2026-W40", "2026-W41", "2026-W42", "2026-W43",
        "2026-W44", "2026-W45", "2026-W46", "2026-W47",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="n must be >= 0"):
        previous_weeks("2026-W47", -1)
