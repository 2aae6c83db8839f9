"""ISO weeks as the digest uses them: Monday 00:00 to the next Monday 00:00 in a timezone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from bot.domain.localtime import as_utc, load_zone, local_to_utc

_LABEL = re.compile(r"(\d{4})-W(\d{2})", re.IGNORECASE)
_EXAMPLE = "weeks look like '2026-W47' (ISO year, 'W', two-digit week)"


def iso_week_label(d: date) -> str:
    """The ISO week label of a calendar date, e.g. date(2026, 11, 16) -> '2026-W47'."""
    if isinstance(d, datetime):
        # A datetime's date depends on the timezone: say which, with week_of.
        raise ValueError("iso_week_label takes a date; use week_of(at, timezone) for a datetime")
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def parse_iso_week(label: str) -> tuple[int, int]:
    """(ISO year, week) of a label like '2026-W47'; ValueError for bad or non-existent weeks."""
    match = _LABEL.fullmatch(label.strip()) if isinstance(label, str) else None
    if match is None:
        raise ValueError(f"{_EXAMPLE}; got {label!r}")
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)  # week 53 exists only in some years
    except ValueError as error:
        raise ValueError(f"{label.strip()!r} does not exist: {year} has no week {week}") from error
    return year, week


def week_bounds(label: str, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of the week in `timezone` as aware UTC datetimes (167-169 hours with DST)."""
    year, week = parse_iso_week(label)
    zone = load_zone(timezone)
    monday = date.fromisocalendar(year, week, 1)
    return (
        local_to_utc(monday, time(0, 0), zone),
        local_to_utc(monday + timedelta(days=7), time(0, 0), zone),
    )


def week_of(at: datetime, timezone: str) -> str:
    """The label of the week `at` falls in, by its local date in `timezone`."""
    return iso_week_label(as_utc(at, "at").astimezone(load_zone(timezone)).date())


def last_complete_week(now: datetime, timezone: str) -> str:
    """The week before the one `now` falls in (the digest's default week)."""
    local_today = as_utc(now, "now").astimezone(load_zone(timezone)).date()
    return iso_week_label(local_today - timedelta(days=7))


def previous_weeks(label: str, n: int) -> list[str]:
    """The `n` weeks before `label`, oldest first, excluding `label` itself.

    previous_weeks('2026-W02', 3) == ['2025-W51', '2025-W52', '2026-W01']; an eight-week trend
    ending with week W is previous_weeks(W, 7) + [W].
    """
    year, week = parse_iso_week(label)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    monday = date.fromisocalendar(year, week, 1)
    return [iso_week_label(monday - timedelta(weeks=back)) for back in range(n, 0, -1)]
