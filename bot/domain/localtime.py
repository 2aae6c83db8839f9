"""Helpers for aware datetimes and local wall-clock times, shared by the domain modules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def as_utc(value: datetime, name: str = "time") -> datetime:
    """`value` as an aware UTC datetime; naive datetimes are refused (their instant is unknown)."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def load_zone(name: str) -> ZoneInfo:
    """The IANA timezone `name` (e.g. 'Europe/Amsterdam'); unknown names raise ValueError."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("timezone must be an IANA name like 'Europe/Amsterdam'")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown timezone {name!r}; use an IANA name like 'Europe/Amsterdam' or 'UTC'"
        ) from error


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The first instant at which the clock in `zone` shows `day` `at` or later, in UTC.

    Usually that is simply the instant the clock shows it. When the time is repeated (clocks go
    back) it is the first occurrence; when it is skipped (clocks go forward) it is the moment of
    the jump, because that is when a place with those hours actually opens or closes. Defined
    this way the mapping never runs backwards, so consecutive days never overlap.
    """
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: the first occurrence
    if _wall(first, zone) == wall:
        return first
    # A skipped time: fold=1 lands before the jump and fold=0 after it; search the second.
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = 0, int((first - before).total_seconds())  # _wall(before + high) >= wall
    while low < high:
        middle = (low + high) // 2
        if _wall(before + timedelta(seconds=middle), zone) >= wall:
            high = middle
        else:
            low = middle + 1
    return before + timedelta(seconds=low)


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)
