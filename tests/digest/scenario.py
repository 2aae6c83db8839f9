"""One realistic week (2026-W47) in two channels, and its digests worked out by hand.

C0AMS runs on Europe/Amsterdam (CET, UTC+1 in November), C0NYC on America/New_York (EST, UTC-5),
both Mon-Fri 09:00-17:00 local. The digests are computed as of Monday 23 November 2026 08:00 UTC
(09:00 in Amsterdam, 03:00 in New York), when W47 is the last complete week in both timezones:

    Amsterdam W47 = [Sun 15 Nov 23:00 UTC, Sun 22 Nov 23:00 UTC)
    New York  W47 = [Mon 16 Nov 05:00 UTC, Mon 23 Nov 05:00 UTC)

Every local time below is the channel's own; business minutes count only 09:00-17:00 Mon-Fri.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.digest.seed import R, Seed

TEAM = "T0VENDOR"
AS_OF = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
WEEK = "2026-W47"
AMS, NYC = ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/New_York")


def ams(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def nyc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NYC).astimezone(UTC)


# Roots of the questions that show up in the open-questions lists.
Q0, Q4, Q5 = "1763000000.000900", "1763000000.000904", "1763000000.000905"
P3, P4 = "1763000000.000913", "1763000000.000914"


def seed_scenario(seed: Seed) -> None:
    ws = seed.workspace(TEAM)
    a = seed.channel(ws, "C0AMS", "Europe/Amsterdam", sla_minutes=240)
    b = seed.channel(ws, "C0NYC", "America/New_York", sla_minutes=120)
    _amsterdam(seed, a)
    _new_york(seed, b)


def _amsterdam(seed: Seed, a: int) -> None:
    long_ago = ams(1, 9)
    # Roles: owner UVOLD hands over to UVOWN on Wednesday; the client lead changes only after
    # as_of (Monday 23 Nov 13:00), which must not count.
    seed.role(a, "owner", "UVOLD", long_ago)
    seed.role(a, "backup", "UVBAK", long_ago)
    seed.role(a, "client_lead", "UCLEAD", long_ago)
    seed.role(a, "owner", "UVOWN", ams(18, 12), kind="handover", previous="UVOLD")
    seed.role(a, "client_lead", "UCANN", ams(23, 13))
    # Members: six client members at as_of (UCDAN left on Friday), four vendor members.
    for user in ("UCLEAD", "UCANN", "UCBOB", "UCCAT", "UCEVE", "UCGUS"):
        seed.member(a, user, "client", long_ago)
    seed.member(a, "UCDAN", "client", long_ago, left_at=ams(20, 12))
    for user in ("UVOLD", "UVOWN", "UVBAK", "UVOTH"):
        seed.member(a, user, "vendor", long_ago)

    # Earlier weeks: W45 two active client members, W46 one (the asker of Q0).
    seed.message(a, "UCANN", "client", ams(3, 10))
    seed.message(a, "UCBOB", "client", ams(4, 11))
    # Q0 (W46), Thu 12 Nov 10:00, never answered: still open at as_of.
    seed.question(a, "UCANN", "client", ams(12, 10), root_ts=Q0)

    # W47.
    # Q10, Mon 00:30 (Sunday 23:30 UTC: W47 in Amsterdam, W46 in UTC), resolved by the asker
    # at 08:00 with no reply: self-sufficient.
    seed.question(
        a, "UCLEAD", "client", ams(16, 0, 30), resolved_at=ams(16, 8), resolved_by="UCLEAD"
    )
    # Q1, Mon 10:00, answered 11:30 by UVOLD (owner then, not at as_of): 90 business and wall
    # minutes, met; resolved at 12:00, after the vendor's reply.
    seed.question(
        a, "UCANN", "client", ams(16, 10),
        replies=(R("UVOLD", "vendor", "response", ams(16, 11, 30)),),
        resolved_at=ams(16, 12), resolved_by="UCANN",
    )  # fmt: skip
    # Q9, Mon 15:00, answered Tue 14:00 by UVOTH: 120 (Mon 15-17) + 300 (Tue 9-14) = 420
    # business minutes, breached; wall 23 h = 1380.
    seed.question(
        a, "UCEVE", "client", ams(16, 15),
        replies=(R("UVOTH", "vendor", "response", ams(17, 14)),),
    )  # fmt: skip
    # Q2, Tue 16:00, answered Wed 10:00 by the backup: 60 + 60 = 120 business minutes, met;
    # wall 18 h = 1080.
    seed.question(
        a, "UCBOB", "client", ams(17, 16),
        replies=(R("UVBAK", "vendor", "response", ams(18, 10)),),
    )  # fmt: skip
    # Q8, a vendor question, Wed 13:00 by the new owner, answered Thu 09:30 by the client lead:
    # 240 (Wed 13-17) + 30 = 270 business minutes.
    seed.question(
        a, "UVOWN", "vendor", ams(18, 13),
        replies=(R("UCLEAD", "client", "response", ams(19, 9, 30)),),
    )  # fmt: skip
    # Q6, Wed 14:00: peer answer by UCANN at 14:20, then UVOTH at 15:00: 60 business minutes,
    # met; first answered by a peer, so self-sufficient.
    seed.question(
        a, "UCBOB", "client", ams(18, 14),
        replies=(
            R("UCANN", "client", "peer", ams(18, 14, 20)),
            R("UVOTH", "vendor", "response", ams(18, 15)),
        ),
    )  # fmt: skip
    # Q5, Thu 10:00: UVOTH's reply at 10:30 was deleted at 10:35, so it is still open at as_of,
    # 420 (Thu 10-17) + 480 (Fri) = 900 business minutes old: breached.
    seed.question(
        a, "UCLEAD", "client", ams(19, 10), root_ts=Q5,
        replies=(R("UVOTH", "vendor", "response", ams(19, 10, 30), deleted_at=ams(19, 10, 35)),),
    )  # fmt: skip
    # Q7, Thu 11:00, withdrawn (its message deleted) at 11:05.
    seed.question(a, "UCCAT", "client", ams(19, 11), withdrawn_at=ams(19, 11, 5))
    # A client message deleted a minute later: not counted.
    seed.message(a, "UCBOB", "client", ams(19, 12), deleted_at=ams(19, 12, 1))
    # Q4, Fri 16:30, answered Mon 23 09:45 (after as_of): open at as_of, 30 business minutes
    # old (Fri 16:30-17:00): not yet past the target.
    seed.question(
        a, "UCANN", "client", ams(20, 16, 30), root_ts=Q4,
        replies=(R("UVOWN", "vendor", "response", ams(23, 9, 45)),),
    )  # fmt: skip
    # Q3, Saturday 11:00, answered Mon 23 08:50 by the owner, before the clock starts at 09:00:
    # 0 business minutes, met; wall Sat 10:00 UTC -> Mon 07:50 UTC = 45 h 50 = 2750 minutes.
    seed.question(
        a, "UCCAT", "client", ams(21, 11),
        replies=(R("UVOWN", "vendor", "response", ams(23, 8, 50)),),
    )  # fmt: skip
    # Q11, Mon 23 08:30: already W48 in Amsterdam.
    seed.question(a, "UCBOB", "client", ams(23, 8, 30))


def _new_york(seed: Seed, b: int) -> None:
    long_ago = nyc(1, 9, month=10)
    seed.role(b, "owner", "UNOWN", long_ago)
    seed.role(b, "client_lead", "UNAMY", long_ago)
    seed.role(b, "client_lead", None, nyc(10, 9), previous="UNAMY")  # no client lead since
    for user in ("UNAMY", "UNBEN", "UNCAL", "UNDEE"):
        seed.member(b, user, "client", long_ago)
    seed.member(b, "UNOWN", "vendor", long_ago)

    # Active client members: W44 4, W45 3, W46 2, W47 1 (fell three weeks running).
    for user in ("UNAMY", "UNBEN", "UNCAL", "UNDEE"):
        seed.message(b, user, "client", nyc(27, 12, month=10))  # W44
    for user in ("UNAMY", "UNBEN", "UNCAL"):
        seed.message(b, user, "client", nyc(3, 12))  # W45
    for user in ("UNAMY", "UNBEN"):
        seed.message(b, user, "client", nyc(10, 12))  # W46
    # Sun 15 Nov 23:30 in New York is Mon 16 Nov 04:30 UTC: still W46 here.
    seed.message(b, "UNBEN", "client", nyc(15, 23, 30))

    # P1, Mon 09:00, answered 10:00 by the owner: 60 business and wall minutes, met.
    seed.question(
        b, "UNAMY", "client", nyc(16, 9),
        replies=(R("UNOWN", "vendor", "response", nyc(16, 10)),),
    )  # fmt: skip
    # P2, Tue 16:00, answered Wed 09:30: 60 + 30 = 90 business minutes, met (target 120);
    # wall 17 h 30 = 1050.
    seed.question(
        b, "UNAMY", "client", nyc(17, 16),
        replies=(R("UNOWN", "vendor", "response", nyc(18, 9, 30)),),
    )  # fmt: skip
    # P4, a vendor question, Thu 11:00, unanswered: 360 + 480 = 840 business minutes old.
    seed.question(b, "UNOWN", "vendor", nyc(19, 11), root_ts=P4)
    # P3, Sun 22 Nov 23:30 (Mon 04:30 UTC): W47 in New York; open, 0 business minutes old.
    seed.question(b, "UNAMY", "client", nyc(22, 23, 30), root_ts=P3)


def _empty_weeks(labels: list[str]) -> list[dict[str, Any]]:
    return [
        {"week": label, "asked": 0, "answered": 0, "median_business_minutes": None,
         "compliance": None, "active_client_members": 0}
        for label in labels
    ]  # fmt: skip


EXPECTED_AMS: dict[str, Any] = {
    "channel": "C0AMS",
    "week": "2026-W47",
    "timezone": "Europe/Amsterdam",
    "as_of": "2026-11-23T08:00:00+00:00",
    "questions": {
        # Q10 Q1 Q9 Q2 Q6 Q5 Q4 Q3 by the client, Q8 by the vendor; Q7 withdrawn;
        # Q0 belongs to W46, Q11 to W48.
        "asked": 9,
        "by_client": 8,
        "by_vendor": 1,
        # Q1 Q9 Q2 Q6 Q3 (Q4's answer came after as_of, Q5's was deleted)
        "answered": 5,
        "resolved": 2,  # Q10, Q1
        "open": 2,  # Q5, Q4
        "withdrawn": 1,  # Q7
        "peer_answered": 1,  # Q6
    },
    "first_response": {
        # business minutes Q3 0, Q6 60, Q1 90, Q2 120, Q9 420: the middle one is 90;
        # nearest rank ceil(0.9 * 5) = 5th = 420.
        "median_business_minutes": 90.0,
        "p90_business_minutes": 420.0,
        # wall minutes Q6 60, Q1 90, Q2 1080, Q9 1380, Q3 2750
        "median_wall_minutes": 1080.0,
    },
    "sla": {
        "target_business_minutes": 240,
        "met": 4,  # Q3 Q6 Q1 Q2
        "breached": 2,  # Q9 (420 > 240), Q5 open and 900 old (Q4 is open but only 30 old)
        "compliance": 4 / 6,
    },
    "participation": {
        "client_members": 6,  # UCLEAD UCANN UCBOB UCCAT UCEVE UCGUS (UCDAN left Friday)
        "active_client_members": 5,  # all but UCGUS
        "active_client_share": 5 / 6,
        # UCANN 3 (Q1, peer reply on Q6, Q4), UCLEAD 3 (Q10, reply to Q8, Q5), UCBOB 2 (Q2, Q6;
        # the deleted message does not count), UCCAT 1 (Q3; Q7's message was deleted), UCEVE 1
        "client_messages": 10,
        # vendor: UVOLD 1, UVBAK 1, UVOWN 1 (Q8), UVOTH 2 (Q9, Q6; the reply to Q5 was deleted);
        # UVOWN's Monday 08:50 reply is W48 in Amsterdam. 10 / (10 + 5)
        "client_share": 10 / 15,
        "client_median_response_business_minutes": 270.0,  # Q8
        "people": [
            {"user": "UCANN", "side": "client", "messages": 3, "questions": 2},  # Q1 Q4
            {"user": "UCLEAD", "side": "client", "messages": 3, "questions": 2},  # Q10 Q5
            {"user": "UCBOB", "side": "client", "messages": 2, "questions": 2},  # Q2 Q6
            {"user": "UVOTH", "side": "vendor", "messages": 2, "questions": 0},
            {"user": "UCCAT", "side": "client", "messages": 1, "questions": 1},  # Q3
            {"user": "UCEVE", "side": "client", "messages": 1, "questions": 1},  # Q9
            {"user": "UVOWN", "side": "vendor", "messages": 1, "questions": 1},  # Q8
            {"user": "UVBAK", "side": "vendor", "messages": 1, "questions": 0},
            {"user": "UVOLD", "side": "vendor", "messages": 1, "questions": 0},
        ],
    },
    "ownership": {
        "owner": "UVOWN",  # since Wednesday's hand-over
        "backup": "UVBAK",
        "client_lead": "UCLEAD",  # the change to UCANN is after as_of
        "first_answered_by_owner": 1,  # Q3
        "first_answered_by_backup": 1,  # Q2
        "first_answered_by_other_vendor": 3,  # Q1 (UVOLD, no longer owner), Q6 and Q9 (UVOTH)
        "handovers": 1,
    },
    # (Q6 peer first + Q10 resolved alone) / (Q1 Q9 Q2 Q6 Q3 answered + Q10 resolved)
    "self_sufficiency": 2 / 6,
    "health": {"status": "amber", "reasons": ["SLA compliance 67% (below 80%)"]},
    "open_questions": [
        # Q0: Thu 12 10-17 = 420, Fri 13 480, Mon 16 - Fri 20 5 x 480 = 2400: 3300
        {
            "direction": "client",
            "asker": "UCANN",
            "asked_at": "2026-11-12T09:00:00+00:00",
            "week": "2026-W46",
            "root_ts": Q0,
            "waiting_business_minutes": 3300.0,
            "past_target": True,
        },
        {
            "direction": "client",
            "asker": "UCLEAD",
            "asked_at": "2026-11-19T09:00:00+00:00",
            "week": "2026-W47",
            "root_ts": Q5,
            "waiting_business_minutes": 900.0,
            "past_target": True,
        },
        {
            "direction": "client",
            "asker": "UCANN",
            "asked_at": "2026-11-20T15:30:00+00:00",
            "week": "2026-W47",
            "root_ts": Q4,
            "waiting_business_minutes": 30.0,
            "past_target": False,
        },
    ],  # fmt: skip
    "trend": [
        *_empty_weeks(["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]),
        {
            "week": "2026-W45",
            "asked": 0,
            "answered": 0,
            "median_business_minutes": None,
            "compliance": None,
            "active_client_members": 2,
        },
        # Q0: open and past the target, so breached: 0 / 1
        {
            "week": "2026-W46",
            "asked": 1,
            "answered": 0,
            "median_business_minutes": None,
            "compliance": 0.0,
            "active_client_members": 1,
        },
        {
            "week": "2026-W47",
            "asked": 9,
            "answered": 5,
            "median_business_minutes": 90.0,
            "compliance": 4 / 6,
            "active_client_members": 5,
        },
    ],  # fmt: skip
}


EXPECTED_NYC: dict[str, Any] = {
    "channel": "C0NYC",
    "week": "2026-W47",
    "timezone": "America/New_York",
    "as_of": "2026-11-23T08:00:00+00:00",
    "questions": {
        "asked": 4,  # P1 P2 P3 by the client, P4 by the vendor
        "by_client": 3,
        "by_vendor": 1,
        "answered": 2,  # P1 P2
        "resolved": 0,
        "open": 1,  # P3
        "withdrawn": 0,
        "peer_answered": 0,
    },
    "first_response": {
        # P1 60, P2 90: an even count, the mean of the two middle values
        "median_business_minutes": 75.0,
        "p90_business_minutes": 90.0,  # nearest rank ceil(0.9 * 2) = 2nd
        "median_wall_minutes": (60 + 1050) / 2,
    },
    # P3 is open but 0 business minutes old
    "sla": {"target_business_minutes": 120, "met": 2, "breached": 0, "compliance": 1.0},
    "participation": {
        "client_members": 4,
        "active_client_members": 1,  # UNAMY
        "active_client_share": 1 / 4,
        "client_messages": 3,  # P1 P2 P3 roots
        "client_share": 3 / 6,  # vendor: replies to P1 and P2, P4's root
        "client_median_response_business_minutes": None,  # P4 unanswered
        "people": [
            {"user": "UNAMY", "side": "client", "messages": 3, "questions": 3},
            {"user": "UNOWN", "side": "vendor", "messages": 3, "questions": 1},
        ],
    },
    "ownership": {
        "owner": "UNOWN",
        "backup": None,
        "client_lead": None,  # removed on 10 Nov
        "first_answered_by_owner": 2,
        "first_answered_by_backup": 0,
        "first_answered_by_other_vendor": 0,
        "handovers": 0,
    },
    "self_sufficiency": 0 / 2,
    "health": {
        "status": "red",
        "reasons": [
            "no client lead named",
            "active client members fell three weeks running (4 → 3 → 2 → 1)",
        ],
    },
    "open_questions": [
        # P4: Thu 19 11-17 = 360, Fri 480: 840 > 120
        {
            "direction": "vendor",
            "asker": "UNOWN",
            "asked_at": "2026-11-19T16:00:00+00:00",
            "week": "2026-W47",
            "root_ts": P4,
            "waiting_business_minutes": 840.0,
            "past_target": True,
        },
        {
            "direction": "client",
            "asker": "UNAMY",
            "asked_at": "2026-11-23T04:30:00+00:00",
            "week": "2026-W47",
            "root_ts": P3,
            "waiting_business_minutes": 0.0,
            "past_target": False,
        },
    ],  # fmt: skip
    "trend": [
        *_empty_weeks(["2026-W40", "2026-W41", "2026-W42", "2026-W43"]),
        {
            "week": "2026-W44",
            "asked": 0,
            "answered": 0,
            "median_business_minutes": None,
            "compliance": None,
            "active_client_members": 4,
        },
        {
            "week": "2026-W45",
            "asked": 0,
            "answered": 0,
            "median_business_minutes": None,
            "compliance": None,
            "active_client_members": 3,
        },
        {
            "week": "2026-W46",
            "asked": 0,
            "answered": 0,
            "median_business_minutes": None,
            "compliance": None,
            "active_client_members": 2,
        },
        {
            "week": "2026-W47",
            "asked": 4,
            "answered": 2,
            "median_business_minutes": 75.0,
            "compliance": 1.0,
            "active_client_members": 1,
        },
    ],  # fmt: skip
}
