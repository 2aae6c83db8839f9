"""Business hours and business time: when a channel is open, and how long something took in it.

Response times are measured in the channel's business hours (DESIGN: "Business time"). Each local
day that is a business day and not a holiday contributes one opening interval, from the first
instant its clock shows the opening time to the first instant it shows the closing time; business
time is the overlap with those intervals in real elapsed time. So a 09:00-17:00 day is 480 minutes
even on a daylight-saving day (the change happens at night), while hours that span the change
count what really elapsed (23 or 25 hours for 00:00-23:59 on Europe's change days).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from bot.domain.localtime import as_utc, load_zone, local_to_utc

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EXAMPLE = "business hours look like 'Mon-Fri 09:00-17:00' or 'Mon,Wed,Fri 08:30-16:00'"
# Days, then "HH:MM-HH:MM". Specs are short settings; the length cap keeps matching cheap.
_SPEC = re.compile(r"(?P<days>.+?)\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})")
_ONE_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class WeeklyHours:
    """The same opening hours on each of `days` (0 = Monday), in local wall-clock time."""

    days: frozenset[int]
    opens: time
    closes: time

    def __post_init__(self) -> None:
        if not self.days or not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
            raise ValueError("business days must be a non-empty set of 0 (Monday) to 6 (Sunday)")
        for moment in (self.opens, self.closes):
            if moment.tzinfo is not None or moment.second or moment.microsecond:
                raise ValueError("opening and closing times are local whole minutes, no tzinfo")
        if self.opens >= self.closes:
            raise ValueError(
                f"opening time {self.opens:%H:%M} must be before closing time "
                f"{self.closes:%H:%M}; hours that run past midnight (overnight shifts) "
                "are not supported"
            )


def parse_business_hours(spec: str) -> WeeklyHours:
    """Read a spec like 'Mon-Fri 09:00-17:00', 'Mon,Wed,Fri 08:30-16:00' or 'Sun-Thu 09:00-18:00'.

    Day names are case-insensitive, three letters or longer ('Tue', 'Tues', 'Tuesday'); a range
    may wrap around the week ('Sun-Thu', 'Fri-Mon').
    """
    text = spec.strip() if isinstance(spec, str) else ""
    match = _SPEC.fullmatch(text) if len(text) <= 200 else None
    if match is None:
        raise ValueError(f"{_EXAMPLE}; got {spec!r}")
    days: set[int] = set()
    for item in match["days"].split(","):
        first, dash, last = item.partition("-")
        start = _day_number(first)
        end = _day_number(last) if dash else start
        days.update((start + offset) % 7 for offset in range((end - start) % 7 + 1))
    return WeeklyHours(frozenset(days), _clock_time(match["opens"]), _clock_time(match["closes"]))


def format_business_hours(hours: WeeklyHours) -> str:
    """The canonical spec of `hours`, e.g. 'Mon-Fri 09:00-17:00' or 'Sun-Thu 09:00-18:00'."""
    runs: list[tuple[int, int]] = []  # (first day, length) of each run of consecutive days
    if len(hours.days) == 7:
        runs.append((0, 7))
    else:
        for day in sorted(hours.days):
            if (day - 1) % 7 not in hours.days:
                length = 1
                while (day + length) % 7 in hours.days:
                    length += 1
                runs.append((day, length))
        # A run that wraps past Sunday ('Sat-Mon') reads best first.
        runs.sort(key=lambda run: (run[0] + run[1] <= 7, run[0]))
    names = [
        DAY_NAMES[first]
        if length == 1
        else f"{DAY_NAMES[first]}-{DAY_NAMES[(first + length - 1) % 7]}"
        for first, length in runs
    ]
    return f"{','.join(names)} {hours.opens:%H:%M}-{hours.closes:%H:%M}"


@dataclass(frozen=True)
class BusinessCalendar:
    """A channel's business hours in its IANA `timezone`, closed all day on local `holidays`."""

    hours: WeeklyHours
    timezone: str
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        load_zone(self.timezone)  # fail at construction, not at the first question
        holidays = frozenset(self.holidays)
        for holiday in holidays:
            # A datetime is a date too, but which local day it means is ambiguous.
            if isinstance(holiday, datetime) or not isinstance(holiday, date):
                raise ValueError(f"holidays must be dates, got {holiday!r}")
        object.__setattr__(self, "holidays", holidays)

    @classmethod
    def from_settings(
        cls, spec: str, timezone: str, holidays: Iterable[str | date] = ()
    ) -> BusinessCalendar:
        """Build a calendar from settings text: hours spec, IANA name, ISO dates ('2026-12-25')."""
        return cls(parse_business_hours(spec), timezone, frozenset(map(_holiday, holidays)))

    def is_open(self, at: datetime) -> bool:
        """Whether `at` falls in opening hours (opening time included, closing time excluded)."""
        at = as_utc(at, "at")
        return any(opens <= at < closes for opens, closes in self._around(at))

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself (in UTC) when open, else the next moment the channel opens."""
        at = as_utc(at, "at")
        for opens, closes in self._intervals_from(at):
            if closes > max(opens, at):
                return max(opens, at)
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def clock_start(self, asked_at: datetime) -> datetime:
        """When a question's response clock starts: asked outside hours, at the next opening."""
        return self.next_opening(asked_at)

    def business_minutes(self, start: datetime, end: datetime) -> float:
        """Business minutes from `start` to `end` (0 when end <= start), to the microsecond."""
        start, end = as_utc(start, "start"), as_utc(end, "end")
        if end <= start:
            return 0.0
        # A local day's opening interval lies within that day, so only the first and the last
        # day can be partly outside [start, end]; the whole days between are summed in two
        # lookups (a question open for months is asked about in every digest and reminder).
        first, last = self._local_day(start), self._local_day(end)
        total = timedelta()
        for day in {first, last}:
            interval = self._interval(day)
            if interval is not None:
                overlap = min(interval[1], end) - max(interval[0], start)
                if overlap > timedelta():
                    total += overlap
        if last - first > _ONE_DAY:
            inside, until = first + _ONE_DAY, last - _ONE_DAY
            total += _open_time(self.hours, self.timezone).between(inside, until)
            for holiday in self.holidays:
                if inside <= holiday <= until:
                    total -= _length(_day_interval(self.hours, self.timezone, holiday))
        return total / _MINUTE

    def add_business_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant (UTC) when `minutes` business minutes have elapsed after `start`.

        Counting begins at the next opening when `start` is outside hours, so adding 0 gives
        the clock start. A deadline that uses up a day exactly is that day's closing time.
        """
        start = as_utc(start, "start")
        if not math.isfinite(minutes) or minutes < 0:
            raise ValueError(f"minutes must be a finite number >= 0, got {minutes!r}")
        remaining = timedelta(minutes=minutes)
        for opens, closes in self._intervals_from(start):
            begin = max(opens, start)
            if closes > begin:
                if remaining <= closes - begin:
                    return begin + remaining
                remaining -= closes - begin
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    # Internals: opening intervals as (opens, closes) aware UTC pairs, one per open local day.

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(load_zone(self.timezone)).date()

    def _interval(self, day: date) -> tuple[datetime, datetime] | None:
        if day in self.holidays:
            return None
        return _day_interval(self.hours, self.timezone, day)

    def _around(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        today = self._local_day(at)
        for day in _days(today - _ONE_DAY, today + _ONE_DAY):
            interval = self._interval(day)
            if interval is not None:
                yield interval

    def _intervals_from(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Every opening interval from the day before `at`'s local day on, forever."""
        day = self._local_day(at) - _ONE_DAY
        while True:
            interval = self._interval(day)
            if interval is not None:
                yield interval
            day += _ONE_DAY


@lru_cache(maxsize=16384)
def _day_interval(hours: WeeklyHours, timezone: str, day: date) -> tuple[datetime, datetime] | None:
    """The opening interval of local `day` ignoring holidays; None on a closed weekday."""
    if day.weekday() not in hours.days:
        return None
    zone = load_zone(timezone)
    opens = local_to_utc(day, hours.opens, zone)
    return opens, max(opens, local_to_utc(day, hours.closes, zone))


def _length(interval: tuple[datetime, datetime] | None) -> timedelta:
    return timedelta() if interval is None else interval[1] - interval[0]


class _OpenTime:
    """Running totals of the opening time of consecutive local days (holidays not counted out):
    the opening time of any run of whole days is the difference of two totals."""

    def __init__(self, hours: WeeklyHours, timezone: str) -> None:
        self._hours, self._timezone = hours, timezone
        self._origin = date.min
        self._totals: list[timedelta] = [timedelta()]  # [i]: days origin .. origin + i - 1

    def between(self, first: date, last: date) -> timedelta:
        """The opening time of local days `first` to `last`, both included."""
        end = _shift(self._origin, timedelta(days=len(self._totals) - 1))
        if len(self._totals) == 1:  # nothing covered yet
            self._cover(first, _shift(last, _ONE_DAY))
        elif first < self._origin or last >= end:
            self._cover(min(first, self._origin), max(_shift(last, _ONE_DAY), end))
        return (
            self._totals[(last - self._origin).days + 1] - self._totals[(first - self._origin).days]
        )

    def _cover(self, origin: date, end: date) -> None:
        # Grown in whole years so that neighbouring questions reuse the same totals.
        origin, end = _shift(origin, -_COVER_MARGIN), _shift(end, _COVER_MARGIN)
        totals = [timedelta()]
        for day in _days(origin, end - _ONE_DAY):
            totals.append(totals[-1] + _length(_day_interval(self._hours, self._timezone, day)))
        self._origin, self._totals = origin, totals


_COVER_MARGIN = timedelta(days=366)


def _shift(day: date, by: timedelta) -> date:
    """`day + by`, kept within the dates Python can represent."""
    if by >= timedelta():
        return day + by if date.max - day >= by else date.max
    return day + by if day - date.min >= -by else date.min


@lru_cache(maxsize=256)
def _open_time(hours: WeeklyHours, timezone: str) -> _OpenTime:
    return _OpenTime(hours, timezone)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += _ONE_DAY


def _day_number(name: str) -> int:
    word = name.strip().lower()
    if len(word) >= 3:
        for number, full in enumerate(_FULL_DAY_NAMES):
            if full.startswith(word):
                return number
    raise ValueError(f"{name.strip()!r} is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun")


def _clock_time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day; use 00:00 to 23:59")
    return time(hour, minute)


def _holiday(value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (AttributeError, ValueError) as error:
        raise ValueError(f"holiday {value!r} is not a date like '2026-12-25'") from error


__all__ = [
    "DAY_NAMES",
    "BusinessCalendar",
    "WeeklyHours",
    "format_business_hours",
    "parse_business_hours",
]
