"""When a channel's weekly digest is due (DESIGN.md "Architecture", the digest sweep).

A channel's digest time ("Mon 09:00", the channel's `digest_time`) is read in the channel's
timezone. The digest of week W is due at that day and time of the week *after* W: with the
default, Monday 09:00 right after the week ends. At any moment the week to post is the latest
week whose due moment has passed; older weeks that were never posted are skipped, so a bot that
was down for three weeks posts one digest, not four.

A portfolio (all the client channels of one leads channel) is due for a week once every one of
its channels is due for that week: its week is the earliest of the channels' latest due weeks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.business_time import DAY_NAMES
from bot.domain.channel_settings import parse_digest_time
from bot.domain.localtime import as_utc, load_zone, local_to_utc
from bot.domain.weeks import parse_iso_week, previous_weeks, week_bounds, week_of

DEFAULT_DIGEST_TIME = "Mon 09:00"


@dataclass(frozen=True)
class DigestTime:
    """A weekday (0 = Monday) and a local time of day."""

    weekday: int
    hour: int
    minute: int

    @classmethod
    def parse(cls, text: str) -> DigestTime:
        """'Mon 09:00', 'friday 15:30'…; ValueError for anything else."""
        return cls(*parse_digest_time(text))

    @classmethod
    def parse_or_default(cls, text: str | None) -> DigestTime:
        """The stored setting, or the default when it is missing or unreadable (a digest is
        better late on Monday than never)."""
        try:
            return cls.parse(text or DEFAULT_DIGEST_TIME)
        except ValueError:
            return cls.parse(DEFAULT_DIGEST_TIME)

    def __str__(self) -> str:
        return f"{DAY_NAMES[self.weekday]} {self.hour:02d}:{self.minute:02d}"


def due_at(week: str, digest_time: DigestTime | str, timezone: str) -> datetime:
    """The moment (aware UTC) the digest of `week` is due: the digest day and time of the next
    week, in `timezone`. A time skipped by a DST change is due at the jump."""
    when = _digest_time(digest_time)
    year, number = parse_iso_week(week)
    next_monday = date.fromisocalendar(year, number, 1) + timedelta(days=7)
    day = next_monday + timedelta(days=when.weekday)
    return local_to_utc(day, time(when.hour, when.minute), load_zone(timezone))


def latest_due_week(now: datetime, digest_time: DigestTime | str, timezone: str) -> str:
    """The latest week whose digest is due at `now`: the last complete week once this week's
    digest day and time have come, else the week before it."""
    now = as_utc(now, "now")
    when = _digest_time(digest_time)
    current = week_of(now, timezone)
    two_back, last = previous_weeks(current, 2)
    return last if due_at(last, when, timezone) <= now else two_back


def week_end(week: str, timezone: str) -> datetime:
    """The end of `week` in `timezone` (the next Monday 00:00 there), aware UTC."""
    return week_bounds(week, timezone)[1]


def earliest_week(weeks: Iterable[str]) -> str:
    """The earliest of some ISO week labels ('2025-W52' < '2026-W01'); ValueError if none."""
    labels = list(weeks)
    if not labels:
        raise ValueError("no weeks given")
    return min(labels, key=parse_iso_week)


def _digest_time(value: DigestTime | str) -> DigestTime:
    return value if isinstance(value, DigestTime) else DigestTime.parse(value)


__all__ = [
    "DEFAULT_DIGEST_TIME",
    "DigestTime",
    "due_at",
    "earliest_week",
    "latest_due_week",
    "week_end",
]
