"""Business hours and business time, with figures computed by hand."""

from __future__ import annotations

import time as timer
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.business_time import (
    BusinessCalendar,
    WeeklyHours,
    format_business_hours,
    parse_business_hours,
)

AMS = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = frozenset({0, 1, 2, 3, 4})


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def calendar(
    spec: str = "Mon-Fri 09:00-17:00",
    timezone: str = "Europe/Amsterdam",
    holidays: tuple[str, ...] = (),
) -> BusinessCalendar:
    return BusinessCalendar.from_settings(spec, timezone, holidays)


# Parsing and formatting business hours.


@pytest.mark.parametrize(
    ("spec", "days", "opens", "closes"),
    [
        ("Mon-Fri 09:00-17:00", {0, 1, 2, 3, 4}, time(9), time(17)),
        ("mon,wed,FRI 08:30-16:00", {0, 2, 4}, time(8, 30), time(16)),
        ("Sun-Thu 09:00-18:00", {6, 0, 1, 2, 3}, time(9), time(18)),  # wraps the week
        ("Fri-Mon 10:00-12:00", {4, 5, 6, 0}, time(10), time(12)),
        ("Mon-Wed,Fri 9:00-17:30", {0, 1, 2, 4}, time(9), time(17, 30)),
        ("  Monday - Friday   09:00 - 17:00 ", {0, 1, 2, 3, 4}, time(9), time(17)),
        ("Tues,Thurs 07:15-11:45", {1, 3}, time(7, 15), time(11, 45)),
        ("Sat 10:00-11:00", {5}, time(10), time(11)),
        ("Mon-Sun 00:00-23:59", {0, 1, 2, 3, 4, 5, 6}, time(0), time(23, 59)),
    ],
)
def test_parse_business_hours(spec: str, days: set[int], opens: time, closes: time) -> None:
    assert parse_business_hours(spec) == WeeklyHours(frozenset(days), opens, closes)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "business hours look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fri", "business hours look like 'Mon-Fri 09:00-17:00'"),
        ("9-5", "business hours look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fri 0900-1700", "business hours look like 'Mon-Fri 09:00-17:00'"),
        ("Mox-Fri 09:00-17:00", "'Mox' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun"),
        ("Mo-Fr 09:00-17:00", "'Mo' is not a day"),
        ("Mon-Fri 17:00-09:00", "overnight shifts"),
        ("Mon-Fri 09:00-09:00", "opening time 09:00 must be before closing time 09:00"),
        ("Mon-Fri 09:00-24:00", "'24:00' is not a time of day; use 00:00 to 23:59"),
        ("Mon-Fri 09:60-17:00", "'09:60' is not a time of day"),
    ],
)
def test_bad_business_hours_say_what_to_write(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_business_hours(spec)


@pytest.mark.parametrize(
    ("spec", "canonical"),
    [
        ("mon-fri 9:00-17:00", "Mon-Fri 09:00-17:00"),
        ("Fri,Wed,Mon 08:30-16:00", "Mon,Wed,Fri 08:30-16:00"),
        ("Sun-Thu 09:00-18:00", "Sun-Thu 09:00-18:00"),
        ("Sat-Mon,Wed 09:00-10:00", "Sat-Mon,Wed 09:00-10:00"),
        ("Sun-Sat 00:00-23:59", "Mon-Sun 00:00-23:59"),
        ("Tue,Wed 10:00-11:00", "Tue-Wed 10:00-11:00"),
    ],
)
def test_format_business_hours(spec: str, canonical: str) -> None:
    assert format_business_hours(parse_business_hours(spec)) == canonical


def test_weekly_hours_are_validated() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        WeeklyHours(frozenset(), time(9), time(17))
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6"):
        WeeklyHours(frozenset({7}), time(9), time(17))
    with pytest.raises(ValueError, match="must be before"):
        WeeklyHours(WEEKDAYS, time(17), time(9))
    with pytest.raises(ValueError, match="whole minutes"):
        WeeklyHours(WEEKDAYS, time(9, 0, 30), time(17))
    with pytest.raises(ValueError, match="whole minutes"):
        WeeklyHours(WEEKDAYS, time(9), time(17, tzinfo=UTC))


# Building a calendar.


def test_from_settings_reads_hours_timezone_and_holidays() -> None:
    cal = calendar(holidays=("2026-12-25", " 2026-12-28 "))
    assert cal == BusinessCalendar(
        WeeklyHours(WEEKDAYS, time(9), time(17)),
        "Europe/Amsterdam",
        frozenset({date(2026, 12, 25), date(2026, 12, 28)}),
    )
    assert BusinessCalendar.from_settings(
        "Mon 09:00-10:00", "UTC", [date(2026, 1, 5)]
    ).holidays == {date(2026, 1, 5)}


@pytest.mark.parametrize("timezone", ["Mars/Olympus_Mons", "", "CEST+2", "../etc/passwd"])
def test_unknown_timezone_is_refused(timezone: str) -> None:
    with pytest.raises(ValueError, match="timezone"):
        calendar(timezone=timezone)


def test_bad_holidays_are_refused() -> None:
    with pytest.raises(ValueError, match="holiday '2026-13-01' is not a date like '2026-12-25'"):
        calendar(holidays=("2026-13-01",))
    with pytest.raises(ValueError, match="holidays must be dates"):
        BusinessCalendar(
            parse_business_hours("Mon-Fri 09:00-17:00"), "UTC", frozenset({utc(2026, 12, 25)})
        )


def test_naive_datetimes_are_refused() -> None:
    cal = calendar()
    naive = datetime(2026, 11, 23, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.is_open(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.next_opening(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.business_minutes(naive, ams(2026, 11, 24))
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.business_minutes(ams(2026, 11, 22), naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add_business_minutes(naive, 10)


# Open or closed, and the clock start.


def test_is_open_includes_opening_and_excludes_closing() -> None:
    cal = calendar()
    assert cal.is_open(ams(2026, 11, 23, 9, 0)) is True  # Monday 09:00
    assert cal.is_open(ams(2026, 11, 23, 16, 59) + timedelta(seconds=59)) is True
    assert cal.is_open(ams(2026, 11, 23, 17, 0)) is False
    assert cal.is_open(ams(2026, 11, 23, 8, 59)) is False
    assert cal.is_open(ams(2026, 11, 21, 12, 0)) is False  # Saturday


def test_question_asked_on_saturday_starts_its_clock_monday_0900() -> None:
    start = calendar().clock_start(ams(2026, 11, 21, 14, 0))
    assert start == utc(2026, 11, 23, 8, 0)  # 09:00 CET
    assert start.tzinfo is UTC


def test_next_opening_is_the_instant_itself_when_open() -> None:
    cal = calendar()
    at = ams(2026, 11, 23, 11, 17)
    assert cal.next_opening(at) == at
    assert cal.next_opening(at).tzinfo is UTC
    assert cal.next_opening(ams(2026, 11, 23, 17, 0)) == utc(2026, 11, 24, 8, 0)
    assert cal.next_opening(ams(2026, 11, 23, 6, 0)) == utc(2026, 11, 23, 8, 0)


# Business minutes.


def test_friday_1600_to_monday_1000_is_120_minutes() -> None:
    assert calendar().business_minutes(ams(2026, 11, 20, 16), ams(2026, 11, 23, 10)) == 120.0


def test_business_minutes_counts_seconds() -> None:
    start = ams(2026, 11, 23, 9, 0)
    assert calendar().business_minutes(start, start + timedelta(seconds=90)) == 1.5


def test_end_before_start_is_zero() -> None:
    cal = calendar()
    assert cal.business_minutes(ams(2026, 11, 23, 12), ams(2026, 11, 23, 10)) == 0.0
    assert cal.business_minutes(ams(2026, 11, 23, 12), ams(2026, 11, 23, 12)) == 0.0


def test_a_whole_week_is_five_days_of_eight_hours() -> None:
    assert calendar().business_minutes(ams(2026, 11, 23), ams(2026, 11, 30)) == 2400.0


def test_holiday_is_closed_all_day() -> None:
    # Thursday 24 Dec 16:00 -> Monday 28 Dec 10:00, with Friday 25 Dec a holiday.
    with_holiday = calendar(holidays=("2026-12-25",))
    assert with_holiday.business_minutes(ams(2026, 12, 24, 16), ams(2026, 12, 28, 10)) == 120.0
    assert calendar().business_minutes(ams(2026, 12, 24, 16), ams(2026, 12, 28, 10)) == 600.0
    assert with_holiday.is_open(ams(2026, 12, 25, 10)) is False
    assert with_holiday.next_opening(ams(2026, 12, 24, 17)) == utc(2026, 12, 28, 8)
    assert with_holiday.add_business_minutes(ams(2026, 12, 24, 16), 120) == utc(2026, 12, 28, 9)


def test_timezone_without_dst() -> None:
    cal = calendar(timezone="Asia/Kolkata")  # UTC+05:30 all year
    assert cal.next_opening(utc(2026, 11, 21)) == utc(2026, 11, 23, 3, 30)
    assert cal.business_minutes(utc(2026, 11, 23, 3), utc(2026, 11, 23, 4)) == 30.0


# Deadlines.


def test_add_business_minutes_gives_the_sla_deadline() -> None:
    cal = calendar()
    # 240 minutes from Friday 16:00: 60 on Friday, 180 on Monday -> Monday 12:00 CET.
    assert cal.add_business_minutes(ams(2026, 11, 20, 16), 240) == utc(2026, 11, 23, 11)
    # A deadline that uses up a day exactly is that day's closing time.
    assert cal.add_business_minutes(ams(2026, 11, 23, 9), 480) == utc(2026, 11, 23, 16)
    assert cal.add_business_minutes(ams(2026, 11, 23, 9), 481) == utc(2026, 11, 24, 8, 1)
    # Outside hours, counting begins at the next opening; adding 0 gives the clock start.
    assert cal.add_business_minutes(ams(2026, 11, 21, 14), 0) == utc(2026, 11, 23, 8)
    assert cal.add_business_minutes(ams(2026, 11, 21, 14), 30) == utc(2026, 11, 23, 8, 30)
    assert cal.add_business_minutes(ams(2026, 11, 23, 10), 0.5) == utc(2026, 11, 23, 9) + timedelta(
        seconds=30
    )


@pytest.mark.parametrize("minutes", [-1.0, float("nan"), float("inf")])
def test_add_business_minutes_refuses_bad_amounts(minutes: float) -> None:
    with pytest.raises(ValueError, match="minutes must be a finite number >= 0"):
        calendar().add_business_minutes(ams(2026, 11, 23, 10), minutes)


# Daylight saving time (Europe/Amsterdam: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00).


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])
def test_nine_to_five_is_480_minutes_on_dst_days(day: date) -> None:
    cal = calendar("Mon-Sun 09:00-17:00")
    midnight = datetime.combine(day, time(), AMS)
    assert cal.business_minutes(midnight, midnight + timedelta(days=1)) == 480.0


def test_opening_follows_the_local_clock_across_dst() -> None:
    cal = calendar("Mon-Sun 09:00-17:00")
    assert cal.next_opening(ams(2026, 3, 28, 1)) == utc(2026, 3, 28, 8)  # CET, UTC+1
    assert cal.next_opening(ams(2026, 3, 29, 1)) == utc(2026, 3, 29, 7)  # CEST, UTC+2
    assert cal.next_opening(ams(2026, 10, 25, 1)) == utc(2026, 10, 25, 8)  # CET again


@pytest.mark.parametrize(
    ("spec", "day", "minutes", "opens"),
    [
        # Hours spanning the change count real elapsed time.
        ("Mon-Sun 00:00-23:59", date(2026, 3, 29), 23 * 60 - 1, utc(2026, 3, 28, 23)),
        ("Mon-Sun 00:00-23:59", date(2026, 10, 25), 25 * 60 - 1, utc(2026, 10, 24, 22)),
        ("Sun 01:00-04:00", date(2026, 3, 29), 120, utc(2026, 3, 29, 0)),
        ("Sun 01:00-04:00", date(2026, 10, 25), 240, utc(2026, 10, 24, 23)),
        # 02:30 does not exist on 29 March: the place opens when the clock jumps to 03:00.
        ("Sun 02:30-04:00", date(2026, 3, 29), 60, utc(2026, 3, 29, 1)),
        # 02:30 happens twice on 25 October: it opens at the first.
        ("Sun 02:30-04:00", date(2026, 10, 25), 150, utc(2026, 10, 25, 0, 30)),
    ],
)
def test_hours_spanning_the_change_use_real_elapsed_time(
    spec: str, day: date, minutes: int, opens: datetime
) -> None:
    cal = calendar(spec)
    midnight = datetime.combine(day, time(), AMS)
    assert cal.business_minutes(midnight, midnight + timedelta(days=1)) == float(minutes)
    assert cal.next_opening(midnight) == opens


def test_dst_week_still_has_forty_business_hours() -> None:
    # ISO week 2026-W13 ends on the spring-forward Sunday; W43 on the fall-back Sunday.
    cal = calendar()
    assert cal.business_minutes(ams(2026, 3, 23), ams(2026, 3, 30)) == 2400.0
    assert cal.business_minutes(ams(2026, 10, 19), ams(2026, 10, 26)) == 2400.0


@pytest.mark.parametrize(("day", "minutes"), [(date(2026, 10, 4), 1409), (date(2026, 4, 5), 1469)])
def test_lord_howe_half_hour_dst(day: date, minutes: int) -> None:
    zone = ZoneInfo("Australia/Lord_Howe")
    cal = calendar("Mon-Sun 00:00-23:59", "Australia/Lord_Howe")
    midnight = datetime.combine(day, time(), zone)
    assert cal.business_minutes(midnight, midnight + timedelta(days=1)) == float(minutes)


def test_a_day_the_timezone_skipped_has_no_business_time() -> None:
    # Samoa skipped 30 December 2011 when it moved across the date line.
    zone = ZoneInfo("Pacific/Apia")
    cal = calendar("Mon-Sun 09:00-17:00", "Pacific/Apia")
    start, end = datetime(2011, 12, 29, tzinfo=zone), datetime(2012, 1, 1, tzinfo=zone)
    assert cal.business_minutes(start, end) == 960.0  # 29 and 31 December only
    assert cal.next_opening(datetime(2011, 12, 29, 17, tzinfo=zone)) == utc(2011, 12, 30, 19)


# Round the clock.


def test_round_the_clock_config() -> None:
    cal = calendar("Mon-Sun 00:00-23:59", "UTC")
    assert cal.business_minutes(utc(2026, 11, 23), utc(2026, 11, 30)) == 7 * 1439.0
    assert cal.is_open(utc(2026, 11, 23, 12)) is True
    # 23:59-24:00 is the one closed minute a day: closing times are at most 23:59.
    last_minute = utc(2026, 11, 23, 23, 59) + timedelta(seconds=30)
    assert cal.is_open(last_minute) is False
    assert cal.next_opening(last_minute) == utc(2026, 11, 24)
    assert cal.add_business_minutes(utc(2026, 11, 23), 1440) == utc(2026, 11, 24, 0, 1)


# Long spans.


def test_ten_years_is_fast_and_exact() -> None:
    cal = calendar("Mon-Fri 09:00-17:00", "UTC")
    start, end = date(2020, 1, 1), date(2030, 1, 1)
    weekdays = sum(
        1 for n in range((end - start).days) if (start + timedelta(days=n)).weekday() < 5
    )
    began = timer.perf_counter()
    minutes = cal.business_minutes(utc(2020, 1, 1), utc(2030, 1, 1))
    elapsed = timer.perf_counter() - began
    assert minutes == weekdays * 480.0 == 1_252_320.0
    assert elapsed < 1.0  # ~3,650 day steps; minute-by-minute would take far longer
