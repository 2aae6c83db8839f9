"""Properties of business time that must hold for any calendar, timezone and instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.business_time import (
    BusinessCalendar,
    WeeklyHours,
    format_business_hours,
    parse_business_hours,
)

ZONES = [
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",  # +05:30, no DST
    "Pacific/Auckland",
    "UTC",
]
# Local days on which one of ZONES changes its clocks in 2026.
DST_DAYS = [
    date(2026, 3, 8),  # New York forward
    date(2026, 3, 29),  # Amsterdam forward
    date(2026, 4, 5),  # Auckland and Lord Howe back
    date(2026, 9, 27),  # Auckland forward
    date(2026, 10, 4),  # Lord Howe forward
    date(2026, 10, 25),  # Amsterdam back
    date(2026, 11, 1),  # New York back
]
SPECS = [
    "Mon-Fri 09:00-17:00",
    "Sun-Thu 09:00-18:00",
    "Mon,Wed,Fri 08:30-16:00",
    "Mon-Sun 00:00-23:59",
    "Mon-Sun 01:30-03:30",  # spans the night-time clock changes
    "Sat,Sun 02:00-02:45",
]
TOLERANCE = 1e-6  # minutes

clock_minutes = st.integers(0, 1438).flatmap(
    lambda o: st.tuples(st.just(o), st.integers(o + 1, 1439))
)
weekly_hours = st.one_of(
    st.sampled_from([parse_business_hours(spec) for spec in SPECS]),
    st.builds(
        lambda days, span: WeeklyHours(
            days, time(*divmod(span[0], 60)), time(*divmod(span[1], 60))
        ),
        st.frozensets(st.integers(0, 6), min_size=1),
        clock_minutes,
    ),
)
calendars = st.builds(
    BusinessCalendar,
    hours=weekly_hours,
    timezone=st.sampled_from(ZONES),
    holidays=st.frozensets(st.dates(date(2025, 12, 1), date(2027, 2, 1)), max_size=4),
)
# Instants anywhere in 2025-2027, and often within three days of a clock change.
instants = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31)).map(lambda d: d.replace(tzinfo=UTC)),
    st.builds(
        lambda day, offset: datetime.combine(day, time(), UTC) + offset,
        st.sampled_from(DST_DAYS),
        st.timedeltas(timedelta(days=-3), timedelta(days=3)),
    ),
)
minutes = st.floats(0, 10_000, allow_nan=False, allow_infinity=False)  # up to ~4 weeks of 9-5


def in_zone(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


@settings(deadline=None)
@given(calendars, instants, instants)
def test_never_negative_and_never_more_than_wall_time(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> None:
    business = cal.business_minutes(a, b)
    assert business >= 0.0
    assert business <= max(0.0, (b - a) / timedelta(minutes=1))


@settings(deadline=None)
@given(calendars, instants, instants)
def test_a_long_span_equals_its_days_added_one_by_one(
    cal: BusinessCalendar, x: datetime, y: datetime
) -> None:
    # Whole days inside a span are summed from running totals (holidays taken out); pieces of at
    # most a day never are, so adding the pieces checks the totals against the days themselves.
    start, end = sorted([x, y])
    cuts = [start]
    midnight = datetime.combine(start.date() + timedelta(days=1), time(), UTC)
    while midnight < end:
        cuts.append(midnight)
        midnight += timedelta(days=1)
    cuts.append(end)
    pieces = sum(cal.business_minutes(a, b) for a, b in zip(cuts, cuts[1:], strict=False))
    assert abs(cal.business_minutes(start, end) - pieces) <= TOLERANCE


@settings(deadline=None)
@given(calendars, instants, instants, instants)
def test_additive_over_any_split_point(
    cal: BusinessCalendar, x: datetime, y: datetime, z: datetime
) -> None:
    a, b, c = sorted([x, y, z])
    whole = cal.business_minutes(a, c)
    assert abs(whole - (cal.business_minutes(a, b) + cal.business_minutes(b, c))) <= TOLERANCE


@settings(deadline=None)
@given(st.sampled_from(ZONES), st.integers(-60, 60))
def test_mon_fri_weekend_is_zero_and_friday_to_monday_is_120(zone: str, weeks: int) -> None:
    cal = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", zone)
    friday = date(2026, 11, 20) + timedelta(weeks=weeks)
    monday = friday + timedelta(days=3)
    tz = ZoneInfo(zone)

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tz)

    assert cal.business_minutes(at(friday, 17), at(monday, 9)) == 0.0
    assert cal.business_minutes(at(friday, 16), at(monday, 10)) == 120.0


@settings(deadline=None)
@given(calendars, instants, minutes)
def test_add_business_minutes_is_the_inverse(
    cal: BusinessCalendar, start: datetime, amount: float
) -> None:
    deadline = cal.add_business_minutes(start, amount)
    assert deadline >= start
    assert abs(cal.business_minutes(start, deadline) - amount) <= TOLERANCE
    # It is the earliest such instant: a microsecond less has not used the minutes up.
    if amount > 0:
        earlier = deadline - timedelta(microseconds=2)
        assert cal.business_minutes(start, earlier) < amount


@settings(deadline=None)
@given(calendars, instants, instants)
def test_adding_the_business_minutes_reaches_no_later_than_the_end(
    cal: BusinessCalendar, a: datetime, b: datetime
) -> None:
    start, end = min(a, b), max(a, b)
    reached = cal.add_business_minutes(start, cal.business_minutes(start, end))
    # Counting starts at the next opening, which may come after an end outside hours.
    assert reached <= max(end, cal.next_opening(start)) + timedelta(microseconds=1)
    assert cal.business_minutes(reached, end) <= TOLERANCE


@settings(deadline=None)
@given(calendars, instants, instants, st.sampled_from(ZONES), st.sampled_from(ZONES), minutes)
def test_same_instants_in_other_timezones_give_the_same_results(
    cal: BusinessCalendar, a: datetime, b: datetime, zone_a: str, zone_b: str, amount: float
) -> None:
    a2, b2 = in_zone(a, zone_a), in_zone(b, zone_b)
    assert cal.business_minutes(a2, b2) == cal.business_minutes(a, b)
    assert cal.is_open(a2) == cal.is_open(a)
    assert cal.next_opening(a2) == cal.next_opening(a)
    assert cal.add_business_minutes(a2, amount) == cal.add_business_minutes(a, amount)


@settings(deadline=None)
@given(calendars, instants)
def test_next_opening_is_open_and_no_business_time_passes_before_it(
    cal: BusinessCalendar, at: datetime
) -> None:
    opening = cal.next_opening(at)
    assert opening >= at
    assert opening.tzinfo is UTC
    assert cal.is_open(opening)
    assert cal.business_minutes(at, opening) == 0.0
    assert cal.clock_start(at) == opening
    assert (opening == at) == cal.is_open(at)


@settings(deadline=None)
@given(calendars, instants)
def test_is_open_exactly_when_business_time_is_passing(cal: BusinessCalendar, at: datetime) -> None:
    assert cal.is_open(at) == (cal.business_minutes(at, at + timedelta(microseconds=1)) > 0)


@given(weekly_hours)
def test_formatted_hours_parse_back(hours: WeeklyHours) -> None:
    assert parse_business_hours(format_business_hours(hours)) == hours
