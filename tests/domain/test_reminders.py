"""Reminder rules: stage thresholds, the highest-stage-only jump, recipients, gating, overlap."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.business_time import BusinessCalendar
from bot.domain.reminders import (
    BREACH,
    ESCALATE,
    NONE,
    REMIND,
    Delivery,
    Parties,
    deliveries,
    due_stage,
    gated_by,
    highest_stage,
    in_overlap,
    overdue_minutes,
    overlap_end,
    percent_of_target,
    stage_to_send,
    threshold_minutes,
    tomorrows_opening,
)

UTC_HOURS = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "UTC")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("elapsed", "stage"),
    [
        (0, NONE),
        (179.99, NONE),
        (180, REMIND),  # 75 % of 240
        (239.9, REMIND),
        (240, BREACH),  # 100 %
        (479.9, BREACH),
        (480, ESCALATE),  # 200 %
        (10_000, ESCALATE),
    ],
)
def test_stage_thresholds_for_a_240_minute_target(elapsed: float, stage: int) -> None:
    assert due_stage(elapsed, 240) == stage


def test_the_highest_stage_can_be_capped() -> None:
    assert due_stage(10_000, 240, highest=BREACH) == BREACH
    assert due_stage(200, 240, highest=BREACH) == REMIND


def test_threshold_minutes() -> None:
    assert [threshold_minutes(s, 240) for s in (REMIND, BREACH, ESCALATE)] == [180, 240, 480]
    with pytest.raises(ValueError):
        threshold_minutes(7, 240)


def test_a_target_must_be_positive() -> None:
    with pytest.raises(ValueError):
        due_stage(10, 0)


@pytest.mark.parametrize(
    ("current", "due", "send"),
    [
        (NONE, NONE, None),
        (NONE, REMIND, REMIND),
        (REMIND, REMIND, None),  # sent already
        (NONE, ESCALATE, ESCALATE),  # several at once: only the highest
        (REMIND, ESCALATE, ESCALATE),
        (ESCALATE, BREACH, None),  # never backwards (the target was raised meanwhile)
    ],
)
def test_which_stage_to_send(current: int, due: int, send: int | None) -> None:
    assert stage_to_send(current, due) == send


def test_percent_and_overdue() -> None:
    assert percent_of_target(179.9, 240) == 74
    assert percent_of_target(180, 240) == 75
    assert percent_of_target(480, 240) == 200
    assert overdue_minutes(100, 240) == 0
    assert overdue_minutes(300, 240) == 60


CLIENT_Q = Parties(
    direction="client", owner="UOWN", backup="UBAK", client_lead="ULEAD", leads_channel="CLEADS"
)


def test_client_question_recipients_per_stage() -> None:
    assert deliveries(REMIND, CLIENT_Q) == (Delivery("remind", "dm", "UOWN"),)
    assert deliveries(BREACH, CLIENT_Q) == (
        Delivery("breach", "thread", ""),
        Delivery("backup", "dm", "UBAK"),
    )
    assert deliveries(ESCALATE, CLIENT_Q) == (Delivery("leads", "channel", "CLEADS"),)


def test_the_assignee_is_reminded_rather_than_the_owner() -> None:
    taken = Parties(direction="client", owner="UOWN", assignee="UDEV")
    assert deliveries(REMIND, taken) == (Delivery("remind", "dm", "UDEV"),)


def test_nobody_to_tell_means_the_stage_waits() -> None:
    nobody = Parties(direction="client")
    assert deliveries(REMIND, nobody) == ()
    # The breach is still said in the thread, naming that nobody owns the channel.
    assert deliveries(BREACH, nobody) == (Delivery("breach", "thread", ""),)
    assert deliveries(ESCALATE, nobody) == ()


def test_a_backup_who_is_accountable_is_not_told_twice() -> None:
    parties = Parties(direction="client", owner="UOWN", backup="UBAK", assignee="UBAK")
    assert deliveries(BREACH, parties) == (Delivery("breach", "thread", ""),)


def test_without_a_thread_the_breach_goes_by_dm() -> None:
    parties = Parties(direction="client", owner="UOWN", thread_ready=False)
    assert deliveries(BREACH, parties) == (Delivery("breach", "dm", "UOWN"),)


def test_escalation_needs_a_leads_channel() -> None:
    assert highest_stage(CLIENT_Q) == ESCALATE
    assert highest_stage(Parties(direction="client", owner="UOWN")) == BREACH


def test_the_previous_owner_is_copied_during_the_overlap() -> None:
    parties = Parties(direction="client", owner="UNEW", backup="UBAK", previous_owner="UOLD")
    assert deliveries(REMIND, parties) == (
        Delivery("remind", "dm", "UNEW"),
        Delivery("copy", "dm", "UOLD"),
    )
    assert Delivery("copy", "dm", "UOLD") in deliveries(BREACH, parties)
    # ...but not when they are told anyway (they became the backup).
    backup = Parties(direction="client", owner="UNEW", backup="UOLD", previous_owner="UOLD")
    assert [d.kind for d in deliveries(BREACH, backup)] == ["breach", "backup"]


def test_vendor_questions_nudge_the_addressee_or_the_client_lead_gently() -> None:
    to_lead = Parties(direction="vendor", owner="UOWN", client_lead="ULEAD", leads_channel="CL")
    assert deliveries(REMIND, to_lead) == (Delivery("nudge", "dm", "ULEAD"),)
    assert deliveries(BREACH, to_lead) == (Delivery("nudge", "dm", "ULEAD"),)
    assert highest_stage(to_lead) == BREACH  # the client is never escalated about
    assert deliveries(ESCALATE, to_lead) == ()

    addressed = Parties(direction="vendor", client_lead="ULEAD", addressee="UCDEV")
    assert deliveries(REMIND, addressed) == (Delivery("nudge", "dm", "UCDEV"),)
    assert deliveries(BREACH, addressed) == (
        Delivery("nudge", "dm", "UCDEV"),
        Delivery("nudge", "dm", "ULEAD"),
    )
    assert deliveries(REMIND, Parties(direction="vendor")) == ()


def test_gating_by_business_hours() -> None:
    # The vendor: within their hours until breached; after that, at once.
    assert gated_by(REMIND, CLIENT_Q) == "UOWN"
    assert gated_by(BREACH, CLIENT_Q) is None
    assert gated_by(ESCALATE, CLIENT_Q) is None
    # The client: always within theirs.
    vendor_q = Parties(direction="vendor", client_lead="ULEAD")
    assert gated_by(REMIND, vendor_q) == "ULEAD"
    assert gated_by(BREACH, vendor_q) == "ULEAD"


def test_the_overlap_lasts_ten_business_days() -> None:
    handed_over = at(18, 10)  # Wed 18 Nov 10:00
    assert overlap_end(UTC_HOURS, handed_over) == at(2, 10, month=12)  # Wed 2 Dec 10:00
    assert in_overlap(UTC_HOURS, handed_over, at(2, 9, 59, month=12))
    assert not in_overlap(UTC_HOURS, handed_over, at(2, 10, month=12))
    assert not in_overlap(UTC_HOURS, handed_over, at(18, 9))  # before the hand-over


def test_the_overlap_skips_holidays() -> None:
    calendar = BusinessCalendar.from_settings(
        "Mon-Fri 09:00-17:00", "UTC", [date(2026, 11, 26), date(2026, 11, 27)]
    )
    assert overlap_end(calendar, at(18, 10)) == at(4, 10, month=12)


def test_the_overlap_of_a_half_hour_day() -> None:
    calendar = BusinessCalendar.from_settings("Mon-Fri 09:00-09:30", "UTC")
    assert overlap_end(calendar, at(16, 9)) == at(27, 9, 30)  # ten half-hour days: Mon→Fri


@pytest.mark.parametrize(
    ("now", "opening"),
    [
        (at(18, 10), at(19, 9)),  # Wednesday → Thursday 09:00
        (at(18, 2), at(19, 9)),  # before today's opening: still tomorrow's
        (at(20, 16), at(23, 9)),  # Friday → Monday
        (at(21, 12), at(23, 9)),  # Saturday → Monday
    ],
)
def test_tomorrows_opening(now: datetime, opening: datetime) -> None:
    assert tomorrows_opening(UTC_HOURS, now) == opening


def test_tomorrows_opening_is_in_the_channels_timezone() -> None:
    amsterdam = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "Europe/Amsterdam")
    # 23:30 UTC Wednesday is already Thursday 00:30 in Amsterdam: tomorrow is Friday.
    assert tomorrows_opening(amsterdam, at(18, 23, 30)) == at(20, 8)
