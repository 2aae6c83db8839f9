"""The outside world as the domain and services see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: tests, the demo and benchmarks drive time with it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs timezone-aware times")
        self._now = moment.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self._now += timedelta(**delta)
        return self._now


@dataclass(frozen=True)
class UserProfile:
    """What the chat platform says about a person, as the side rules need it."""

    user_id: str
    team_id: str | None
    name: str
    is_bot: bool = False
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    deleted: bool = False
    timezone: str | None = None


class Directory(Protocol):
    async def user(self, user_id: str) -> UserProfile | None:
        """The person's profile, or None when the platform does not know them."""
        ...
