"""The ownership rules: who may change what, who may hold which role, current holders, SLA state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.business_time import BusinessCalendar
from bot.domain.ownership import (
    DEFAULT_RESPONSIBILITIES,
    ROLES,
    Action,
    AssignmentFact,
    Candidate,
    handover_refusal,
    holders,
    may,
    parse_phase,
    parse_role,
    refusal,
    responsibilities,
    role_action,
    sla_state,
    vacates_backup,
)
from bot.domain.responsiveness import (
    QuestionTimes,
    compliance,
    median_first_response,
)

ALL_ACTIONS: list[Action] = [
    "view",
    "set_owner",
    "set_backup",
    "set_client_lead",
    "handover",
    "edit_role",
    "settings",
    "history",
]
T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


# -- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_vendor_member_may_do_everything(action: Action) -> None:
    assert may("vendor", action)


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_client_member_may_view_and_name_the_client_lead_only(action: Action) -> None:
    assert may("client", action) == (action in {"view", "set_client_lead"})


def test_each_role_has_its_own_action() -> None:
    assert [role_action(role) for role in ROLES] == ["set_owner", "set_backup", "set_client_lead"]


# -- who may hold a role -----------------------------------------------------------------------

VENDOR = Candidate("UV", "vendor")
CLIENT = Candidate("UC", "client")


@pytest.mark.parametrize(
    ("role", "candidate", "held", "expected"),
    [
        ("owner", VENDOR, {}, None),
        ("backup", VENDOR, {"owner": "UOTHER"}, None),
        ("client_lead", CLIENT, {}, None),
        ("owner", None, {}, "not_found"),
        ("owner", Candidate("UB", "vendor", is_bot=True), {}, "bot"),
        ("client_lead", Candidate("UB", "client", is_bot=True), {}, "bot"),
        ("owner", Candidate("UD", "vendor", deleted=True), {}, "deleted"),
        ("owner", CLIENT, {}, "wrong_side"),
        ("backup", CLIENT, {}, "wrong_side"),
        ("client_lead", VENDOR, {}, "wrong_side"),
        ("owner", VENDOR, {"owner": "UV"}, "already_holds"),
        ("backup", VENDOR, {"owner": "UV"}, "owner_as_backup"),
        ("owner", VENDOR, {"backup": "UV"}, None),  # the backup may become owner
    ],
)
def test_who_may_hold_a_role(
    role: str, candidate: Candidate | None, held: dict[str, str], expected: str | None
) -> None:
    assert refusal(role, candidate, held) == expected  # type: ignore[arg-type]


def test_the_backup_becoming_owner_vacates_the_backup() -> None:
    assert vacates_backup("UV", {"owner": "UO", "backup": "UV"})
    assert not vacates_backup("UV", {"owner": "UO", "backup": "UB"})
    assert not vacates_backup("UV", {})


def test_a_handover_to_the_current_owner_is_a_change_of_phase() -> None:
    held = {"owner": "UV"}
    assert handover_refusal(VENDOR, held, "maintenance", "project") is None
    assert handover_refusal(VENDOR, held, "project", "project") == "already_holds"
    assert handover_refusal(VENDOR, held, None, "project") == "already_holds"
    assert handover_refusal(CLIENT, held, "maintenance", "project") == "wrong_side"
    assert handover_refusal(Candidate("UN", "vendor"), held, None, "project") is None


# -- parsing -----------------------------------------------------------------------------------


def test_phases_and_roles_as_people_type_them() -> None:
    assert parse_phase(" Maintenance ") == "maintenance"
    assert parse_phase("presale") == "presale"
    assert parse_phase("sales") is None
    assert parse_role("client") == parse_role("client-lead") == parse_role("LEAD") == "client_lead"
    assert parse_role("owner") == "owner" and parse_role("backup") == "backup"
    assert parse_role("chef") is None


def test_responsibilities_default_unless_edited() -> None:
    assert responsibilities("owner", None) == DEFAULT_RESPONSIBILITIES["owner"]
    assert responsibilities("owner", "   ") == DEFAULT_RESPONSIBILITIES["owner"]
    assert responsibilities("owner", " Answers by noon ") == "Answers by noon"


# -- current holders from the history ----------------------------------------------------------


def fact(
    role: str, user: str | None, hours: float, kind: str = "set", text: str | None = None
) -> AssignmentFact:
    return AssignmentFact(role, user, kind, text, T0 + timedelta(hours=hours))


def test_the_latest_fact_decides_and_since_is_when_the_tenure_began() -> None:
    found = holders(
        [
            fact("owner", "UA", 0),
            fact("owner", "UB", 1),
            fact("owner", "UB", 2, kind="handover"),  # same person, new phase
            fact("owner", "UB", 3, kind="role", text="Owns the roadmap"),
            fact("backup", "UC", 4),
            fact("backup", None, 5),  # vacated
        ]
    )
    assert found["owner"].user_id == "UB"
    assert found["owner"].since == T0 + timedelta(hours=1)
    assert found["owner"].responsibilities == "Owns the roadmap" and found["owner"].custom
    assert found["backup"].user_id is None and found["backup"].since is None
    assert found["client_lead"].user_id is None
    assert found["client_lead"].responsibilities == DEFAULT_RESPONSIBILITIES["client_lead"]
    assert not found["client_lead"].custom


def test_holders_of_an_empty_history_are_nobody() -> None:
    assert {role: h.user_id for role, h in holders([]).items()} == {
        "owner": None,
        "backup": None,
        "client_lead": None,
    }


# -- SLA state, compliance, median ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "state"),
    [
        (0, "on track"),
        (179.9, "on track"),
        (180, "due soon"),
        (239.9, "due soon"),
        (240, "breached"),
        (1000, "breached"),
    ],
)
def test_sla_state(elapsed: float, state: str) -> None:
    assert sla_state(elapsed, 240) == state


CALENDAR = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "UTC")


def q(
    asked_hours: float, answered_hours: float | None = None, resolved: bool = False
) -> QuestionTimes:
    answered = None if answered_hours is None else T0 + timedelta(hours=answered_hours)
    return QuestionTimes(T0 + timedelta(hours=asked_hours), answered, T0 if resolved else None)


def test_median_first_response_in_business_minutes() -> None:
    # Mon 09:00 answered 10:30 (90); Mon 16:30 answered Tue 09:30 (30 + 30); open ones ignored.
    questions = [q(0, 1.5), q(7.5, 24.5), q(2)]
    assert median_first_response(CALENDAR, questions) == 75.0
    assert median_first_response(CALENDAR, [q(1)]) is None


def test_compliance_counts_answers_within_target_and_open_past_it() -> None:
    now = T0 + timedelta(hours=6)  # Mon 15:00
    questions = [
        q(0, 4),  # answered at 240: met
        q(0, 5),  # answered after the target: breached
        q(0),  # open for 360 minutes: breached
        q(5),  # open for 60 minutes: not measurable yet
        q(0, resolved=True),  # resolved without an answer: not counted
    ]
    assert compliance(CALENDAR, 240, questions, now) == pytest.approx(1 / 3)
    assert compliance(CALENDAR, 240, [q(5)], now) is None
