"""When a channel's digest is due: its digest day and time in its own timezone, the week after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.digest_schedule import (
    DigestTime,
    due_at,
    earliest_week,
    latest_due_week,
    week_end,
)

AMS, NYC = "Europe/Amsterdam", "America/New_York"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_monday_nine_is_a_different_moment_in_each_timezone() -> None:
    # W47 ends Sunday 22 Nov 2026; Monday 23 Nov 09:00 is 08:00 UTC in Amsterdam (CET, +1)
    # and 14:00 UTC in New York (EST, -5).
    assert due_at("2026-W47", "Mon 09:00", AMS) == utc(2026, 11, 23, 8)
    assert due_at("2026-W47", "Mon 09:00", NYC) == utc(2026, 11, 23, 14)
    assert due_at("2026-W47", "Mon 09:00", "UTC") == utc(2026, 11, 23, 9)


def test_another_day_and_time_is_in_the_following_week() -> None:
    # Friday 15:30 of the week after W47: 27 Nov, 14:30 UTC in Amsterdam.
    assert due_at("2026-W47", "Fri 15:30", AMS) == utc(2026, 11, 27, 14, 30)
    assert due_at("2026-W47", DigestTime(6, 23, 59), "UTC") == utc(2026, 11, 29, 23, 59)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 11, 23, 7, 59), "2026-W46"),  # one minute early: last week's is the latest
        (utc(2026, 11, 23, 8, 0), "2026-W47"),  # 09:00 in Amsterdam
        (utc(2026, 11, 29, 22, 59), "2026-W47"),  # Sunday night: still W47
        (utc(2026, 11, 30, 7, 59), "2026-W47"),  # Monday 08:59 local: W48 not yet due
        (utc(2026, 11, 30, 8, 0), "2026-W48"),
        (utc(2026, 12, 14, 10, 0), "2026-W50"),  # three weeks later: only the latest
    ],
)
def test_the_latest_due_week(now: datetime, expected: str) -> None:
    assert latest_due_week(now, "Mon 09:00", AMS) == expected


def test_a_later_digest_day_keeps_last_weeks_digest_due_into_the_next_week() -> None:
    # With "Fri 15:30", W47's digest is due Fri 27 Nov; on Mon 30 Nov W48 is complete but not
    # due until Fri 4 Dec, so W47 is still the latest due week.
    assert latest_due_week(utc(2026, 11, 27, 14, 29), "Fri 15:30", AMS) == "2026-W46"
    assert latest_due_week(utc(2026, 11, 27, 14, 30), "Fri 15:30", AMS) == "2026-W47"
    assert latest_due_week(utc(2026, 11, 30, 12, 0), "Fri 15:30", AMS) == "2026-W47"


def test_a_time_skipped_by_daylight_saving_is_due_at_the_jump() -> None:
    # Sunday 29 March 2026: Amsterdam's clocks jump from 02:00 to 03:00 (01:00 UTC); 02:30
    # never happens there, so a digest due at "Sun 02:30" is due at the jump.
    assert due_at("2026-W12", "Sun 02:30", AMS) == utc(2026, 3, 29, 1, 0)
    # The repeated hour in October: the first 02:30 (CEST, 00:30 UTC).
    assert due_at("2026-W42", "Sun 02:30", AMS) == utc(2026, 10, 25, 0, 30)


def test_the_year_boundary() -> None:
    assert due_at("2026-W53", "Mon 09:00", "UTC") == utc(2027, 1, 4, 9)
    assert latest_due_week(utc(2027, 1, 4, 9), "Mon 09:00", "UTC") == "2026-W53"
    assert earliest_week(["2027-W01", "2026-W53", "2027-W02"]) == "2026-W53"
    with pytest.raises(ValueError):
        earliest_week([])


def test_an_unreadable_digest_time_falls_back_to_monday_nine() -> None:
    assert DigestTime.parse_or_default("whenever") == DigestTime(0, 9, 0)
    assert DigestTime.parse_or_default(None) == DigestTime(0, 9, 0)
    assert str(DigestTime.parse("friday 7:05")) == "Fri 07:05"
    with pytest.raises(ValueError):
        DigestTime.parse("Mon 25:00")


def test_week_end_is_the_next_local_monday() -> None:
    assert week_end("2026-W47", AMS) == utc(2026, 11, 22, 23)
    assert week_end("2026-W47", NYC) == utc(2026, 11, 23, 5)
    assert week_end("2026-W47", NYC) - week_end("2026-W46", NYC) == timedelta(days=7)
