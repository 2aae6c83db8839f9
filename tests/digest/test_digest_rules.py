"""The digest's rules on plain facts (bot/domain/digest.py): no database involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.business_time import BusinessCalendar
from bot.domain.digest import (
    ChannelFacts,
    MessageCount,
    QuestionFacts,
    Reply,
    answers_at,
    compute_digest,
    trend_weeks,
)

UTC_HOURS = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "UTC")
WEEK = "2026-W47"  # Mon 16 Nov 2026 - Mon 23 Nov 2026 in UTC
AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def facts(*questions: QuestionFacts, **kw: object) -> ChannelFacts:
    values: dict[str, object] = {
        "channel": "C1", "calendar": UTC_HOURS, "sla_minutes": 240, "owner": "UOWN",
        "client_lead": "ULEAD", "questions": questions,
    }  # fmt: skip
    values.update(kw)
    return ChannelFacts(**values)  # type: ignore[arg-type]


def client_q(asked: datetime, answered: datetime | None = None, **kw: object) -> QuestionFacts:
    return QuestionFacts(
        direction="client", asker="UC", asked_at=asked, first_response_at=answered,
        first_response_by="UOWN" if answered else None, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_week_with_nothing_in_it_has_nulls_not_zeros() -> None:
    digest = compute_digest(facts(), WEEK, AS_OF)
    assert digest["questions"] == {
        "asked": 0, "by_client": 0, "by_vendor": 0, "answered": 0, "resolved": 0, "open": 0,
        "withdrawn": 0, "peer_answered": 0,
    }  # fmt: skip
    assert digest["first_response"] == {
        "median_business_minutes": None, "p90_business_minutes": None,
        "median_wall_minutes": None,
    }  # fmt: skip
    assert digest["sla"] == {
        "target_business_minutes": 240, "met": 0, "breached": 0, "compliance": None
    }  # fmt: skip
    participation = digest["participation"]
    assert participation["client_share"] is None
    assert participation["active_client_share"] is None
    assert participation["client_median_response_business_minutes"] is None
    assert participation["people"] == []
    assert digest["self_sufficiency"] is None
    assert digest["health"] == {"status": "green", "reasons": []}
    assert digest["open_questions"] == []
    assert [w["week"] for w in digest["trend"]] == trend_weeks(WEEK)
    assert trend_weeks(WEEK)[0] == "2026-W40" and len(trend_weeks(WEEK)) == 8


def test_an_even_count_has_the_mean_of_the_two_middle_values_as_median() -> None:
    # 30, 60, 90 and 150 business minutes: median (60 + 90) / 2 = 75; p90 rank ceil(3.6) = 4th
    questions = [client_q(at(16, 10), at(16, 10) + timedelta(minutes=m)) for m in (90, 30, 150, 60)]
    first = compute_digest(facts(*questions), WEEK, AS_OF)["first_response"]
    assert first == {
        "median_business_minutes": 75.0, "p90_business_minutes": 150.0,
        "median_wall_minutes": 75.0,
    }  # fmt: skip


def test_p90_is_the_nearest_rank() -> None:
    # Ten questions answered after 1..10 minutes: ceil(0.9 * 10) = 9th = 9 minutes.
    ten = [client_q(at(17, 10), at(17, 10, m)) for m in range(1, 11)]
    assert compute_digest(facts(*ten), WEEK, AS_OF)["first_response"]["p90_business_minutes"] == 9
    # Eleven: ceil(9.9) = 10th = 10 minutes.
    eleven = [*ten, client_q(at(17, 10), at(17, 10, 11))]
    digest = compute_digest(facts(*eleven), WEEK, AS_OF)
    assert digest["first_response"]["p90_business_minutes"] == 10
    assert digest["first_response"]["median_business_minutes"] == 6


def test_minutes_are_not_rounded() -> None:
    question = client_q(at(16, 10), at(16, 10, 1) + timedelta(seconds=30))
    first = compute_digest(facts(question), WEEK, AS_OF)["first_response"]
    assert first["median_business_minutes"] == 1.5


def test_business_time_starts_at_the_next_opening_and_wall_time_at_the_question() -> None:
    # Asked Friday 16:30, answered Monday 09:45: 30 + 45 = 75 business minutes; wall 65 h 15.
    question = client_q(at(20, 16, 30), at(23, 9, 45))
    digest = compute_digest(facts(question), WEEK, at(23, 10))
    assert digest["first_response"] == {
        "median_business_minutes": 75.0, "p90_business_minutes": 75.0,
        "median_wall_minutes": 65 * 60 + 15.0,
    }  # fmt: skip


def test_compliance_counts_open_questions_past_the_target_as_breached() -> None:
    met = client_q(at(16, 9), at(16, 13))  # 240 business minutes: within the target
    late = client_q(at(16, 9), at(16, 13, 1))  # 241: breached
    # Open since Friday 09:00: at as_of (Monday 09:00) 480 business minutes old, past 240.
    open_late = client_q(at(20, 9))
    # Open since Friday 13:00: exactly 240 old at as_of, not yet past.
    open_on_time = client_q(at(20, 13))
    digest = compute_digest(facts(met, late, open_late, open_on_time), WEEK, AS_OF)
    assert digest["sla"] == {
        "target_business_minutes": 240, "met": 1, "breached": 2, "compliance": 1 / 3
    }  # fmt: skip
    assert digest["health"]["status"] == "red"
    assert digest["health"]["reasons"] == ["SLA compliance 33% (below 50%)"]
    assert [q["past_target"] for q in digest["open_questions"]] == [True, False]


def test_peer_answered_and_resolved_questions_are_outside_the_sla() -> None:
    # Answered only by a peer, resolved with no reply: neither met nor breached.
    peer = client_q(at(16, 9), peer_answered_at=at(16, 9, 5))
    resolved = client_q(at(16, 9), resolved_at=at(16, 10))
    digest = compute_digest(facts(peer, resolved), WEEK, AS_OF)
    assert digest["sla"]["met"] == digest["sla"]["breached"] == 0
    assert digest["sla"]["compliance"] is None
    assert digest["questions"]["answered"] == 1 and digest["questions"]["open"] == 0
    assert digest["self_sufficiency"] == 1.0


def test_self_sufficiency_needs_the_peer_first_or_no_vendor_reply_before_resolution() -> None:
    peer_first = client_q(at(16, 9), at(16, 11), peer_answered_at=at(16, 10))
    vendor_first = client_q(at(16, 9), at(16, 10), peer_answered_at=at(16, 11))
    resolved_alone = client_q(at(16, 9), at(16, 12), resolved_at=at(16, 11))  # reply came later
    resolved_after_reply = client_q(at(16, 9), at(16, 10), resolved_at=at(16, 11))
    digest = compute_digest(
        facts(peer_first, vendor_first, resolved_alone, resolved_after_reply), WEEK, AS_OF
    )
    assert digest["self_sufficiency"] == 2 / 4
    assert digest["questions"]["peer_answered"] == 2


def test_nothing_after_as_of_has_happened_yet() -> None:
    as_of = at(18, 12)
    question = client_q(
        at(16, 10), at(18, 12, 0) + timedelta(seconds=1), resolved_at=at(19, 9),
        peer_answered_at=at(18, 13),
    )  # fmt: skip
    withdrawn_later = client_q(at(16, 11), withdrawn_at=at(18, 13))
    asked_later = client_q(at(18, 12, 30))
    digest = compute_digest(
        facts(question, withdrawn_later, asked_later, handovers=(at(18, 12, 1),)), WEEK, as_of
    )
    assert digest["questions"] == {
        "asked": 2, "by_client": 2, "by_vendor": 0, "answered": 0, "resolved": 0, "open": 2,
        "withdrawn": 0, "peer_answered": 0,
    }  # fmt: skip
    assert digest["ownership"]["handovers"] == 0


def test_withdrawn_questions_are_counted_apart() -> None:
    withdrawn = client_q(at(16, 10), withdrawn_at=at(16, 10, 5))
    vendor = QuestionFacts(direction="vendor", asker="UOWN", asked_at=at(16, 11),
                           withdrawn_at=at(16, 12))  # fmt: skip
    kept = client_q(at(16, 12))
    questions = compute_digest(facts(withdrawn, vendor, kept), WEEK, AS_OF)["questions"]
    assert questions["asked"] == 1 and questions["withdrawn"] == 2


def test_ownership_counts_first_answers_by_the_roles_at_as_of() -> None:
    def answered_by(user: str) -> QuestionFacts:
        return QuestionFacts(direction="client", asker="UC", asked_at=at(16, 10),
                             first_response_at=at(16, 11), first_response_by=user)  # fmt: skip

    digest = compute_digest(
        facts(answered_by("UOWN"), answered_by("UBAK"), answered_by("UBAK"), answered_by("UX"),
              backup="UBAK"),
        WEEK, AS_OF,
    )  # fmt: skip
    ownership = digest["ownership"]
    assert (ownership["first_answered_by_owner"], ownership["first_answered_by_backup"],
            ownership["first_answered_by_other_vendor"]) == (1, 2, 1)  # fmt: skip


def test_participation_from_message_counts() -> None:
    messages = {
        WEEK: (MessageCount("UC1", "client", 3), MessageCount("UC2", "client", 1),
               MessageCount("UV1", "vendor", 4)),
    }  # fmt: skip
    vendor_q = QuestionFacts(direction="vendor", asker="UV1", asked_at=at(16, 16),
                             first_response_at=at(17, 9, 30), first_response_by="UC1")  # fmt: skip
    digest = compute_digest(facts(vendor_q, client_members=4, messages=messages), WEEK, AS_OF)
    assert digest["participation"] == {
        "client_members": 4, "active_client_members": 2, "active_client_share": 0.5,
        "client_messages": 4, "client_share": 0.5,
        "client_median_response_business_minutes": 90.0,  # Mon 16-17 + Tue 09-09:30
        "people": [
            {"user": "UV1", "side": "vendor", "messages": 4, "questions": 1},
            {"user": "UC1", "side": "client", "messages": 3, "questions": 0},
            {"user": "UC2", "side": "client", "messages": 1, "questions": 0},
        ],
    }  # fmt: skip


def test_active_client_members_falling_three_weeks_running_is_amber() -> None:
    def week_of_members(n: int) -> tuple[MessageCount, ...]:
        return tuple(MessageCount(f"UC{i}", "client", 1) for i in range(n))

    falling = {"2026-W44": week_of_members(5), "2026-W45": week_of_members(4),
               "2026-W46": week_of_members(2), WEEK: week_of_members(1)}  # fmt: skip
    digest = compute_digest(facts(messages=falling), WEEK, AS_OF)
    assert digest["health"] == {
        "status": "amber",
        "reasons": ["active client members fell three weeks running (5 → 4 → 2 → 1)"],
    }
    flat = falling | {"2026-W45": week_of_members(5)}  # 5, 5, 2, 1: not every week
    assert compute_digest(facts(messages=flat), WEEK, AS_OF)["health"]["status"] == "green"


def test_no_owner_is_red_with_the_reason() -> None:
    digest = compute_digest(facts(owner=None), WEEK, AS_OF)
    assert digest["health"] == {"status": "red", "reasons": ["no owner named"]}
    assert digest["ownership"]["owner"] is None


def test_the_week_is_cut_in_the_channels_timezone() -> None:
    tokyo = BusinessCalendar.from_settings("Mon-Fri 09:00-17:00", "Asia/Tokyo")
    # Sunday 15 Nov 15:30 UTC is Monday 00:30 in Tokyo: W47 there.
    sunday_utc = client_q(datetime(2026, 11, 15, 15, 30, tzinfo=UTC))
    digest = compute_digest(facts(sunday_utc, calendar=tokyo), WEEK, AS_OF)
    assert digest["timezone"] == "Asia/Tokyo"
    assert digest["questions"]["asked"] == 1
    assert compute_digest(facts(sunday_utc), WEEK, AS_OF)["questions"]["asked"] == 0


def test_answers_at_takes_the_first_live_reply_of_each_kind() -> None:
    replies = [
        Reply("UV1", "response", at(16, 11), deleted_at=at(16, 12)),  # deleted before as_of
        Reply("UV2", "response", at(16, 13)),
        Reply("UV3", "response", at(16, 12)),  # the earliest live one, whatever the order
        Reply("UC2", "peer", at(16, 14), deleted_at=at(18, 9)),  # deleted after as_of
        Reply("UV4", "response", at(16, 10)),  # the earliest of all, listed last
    ]
    response, peer = answers_at(replies, at(16, 15))
    assert response is not None and response.user_id == "UV4"
    assert peer is not None and peer.user_id == "UC2"
    response, peer = answers_at(replies[:4], at(17, 9))
    assert response is not None and response.user_id == "UV3"
    assert answers_at(replies, at(16, 9)) == (None, None)  # nothing posted yet
    assert answers_at(replies[:4], at(19, 9))[1] is None  # the peer answer is gone by then


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_digest(facts(), WEEK, datetime(2026, 11, 23, 9, 0))
