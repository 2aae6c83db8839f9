"""The hand-computed week of tests/digest/scenario.py, through the real queries, on each backend."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Services
from bot.events import Tenant
from bot.services.digest import UnknownChannel, build_digest, build_digests
from tests.digest.scenario import AS_OF, EXPECTED_AMS, EXPECTED_NYC, TEAM, WEEK, ams

TENANT = Tenant(TEAM)


async def test_both_channels_digests_are_the_hand_computed_objects(
    scenario: AsyncEngine, services: Services
) -> None:
    # No week given: each channel's last complete week at as_of in its timezone, W47 for both.
    digests = await build_digests(services, TENANT, as_of=AS_OF)
    assert digests == [EXPECTED_AMS, EXPECTED_NYC]


async def test_one_channel_with_the_week_named(scenario: AsyncEngine, services: Services) -> None:
    assert await build_digest(services, TENANT, "C0NYC", WEEK, AS_OF) == EXPECTED_NYC
    assert await build_digest(services, TENANT, "C0AMS", WEEK, AS_OF) == EXPECTED_AMS


async def test_channels_come_back_in_the_order_named(
    scenario: AsyncEngine, services: Services
) -> None:
    digests = await build_digests(services, TENANT, ["C0NYC", "C0AMS"], week=WEEK, as_of=AS_OF)
    assert [d["channel"] for d in digests] == ["C0NYC", "C0AMS"]


async def test_as_of_defaults_to_the_clock(scenario: AsyncEngine, services: Services) -> None:
    services.clock.set(AS_OF)  # type: ignore[attr-defined]
    assert await build_digest(services, TENANT, "C0AMS") == EXPECTED_AMS


async def test_a_response_counts_from_the_second_it_is_posted(
    scenario: AsyncEngine, services: Services
) -> None:
    """Q4 (Fri 16:30) is answered Mon 23 09:45 by the owner: 30 + 45 = 75 business minutes."""
    answered_at = ams(23, 9, 45)
    before = await build_digest(services, TENANT, "C0AMS", WEEK, answered_at - timedelta(seconds=1))
    after = await build_digest(services, TENANT, "C0AMS", WEEK, answered_at)

    assert before["questions"]["open"] == 2 and before["questions"]["answered"] == 5
    assert after["questions"]["open"] == 1 and after["questions"]["answered"] == 6
    assert after["ownership"]["first_answered_by_owner"] == 2  # Q3 and Q4
    # business minutes now Q3 0, Q6 60, Q4 75, Q1 90, Q2 120, Q9 420: median (75 + 90) / 2
    assert after["first_response"]["median_business_minutes"] == 82.5
    assert after["sla"] == {"target_business_minutes": 240, "met": 5, "breached": 2,
                            "compliance": 5 / 7}  # fmt: skip
    assert [q["root_ts"] for q in after["open_questions"]] == [
        EXPECTED_AMS["open_questions"][0]["root_ts"],
        EXPECTED_AMS["open_questions"][1]["root_ts"],
    ]


async def test_events_after_as_of_are_not_seen_earlier_in_the_week(
    scenario: AsyncEngine, services: Services
) -> None:
    """Mid-week, Wednesday 18 Nov 12:30 in Amsterdam: only what had happened by then."""
    digest = await build_digest(services, TENANT, "C0AMS", WEEK, ams(18, 12, 30))
    # Q10, Q1, Q9, Q2 asked by then; Q1, Q9 and Q2 (Wed 10:00) answered; Q10 and Q1 resolved.
    assert digest["questions"] == {
        "asked": 4, "by_client": 4, "by_vendor": 0, "answered": 3, "resolved": 2, "open": 0,
        "withdrawn": 0, "peer_answered": 0,
    }  # fmt: skip
    assert digest["ownership"]["owner"] == "UVOWN"  # the hand-over at 12:00
    assert digest["ownership"]["handovers"] == 1
    assert digest["participation"]["client_members"] == 7  # UCDAN leaves on Friday
    # Q0: Thu 12 420, Fri 13 480, Mon 16 and Tue 17 2 x 480, Wed 18 09:00-12:30 210
    waiting = 420 + 480 + 2 * 480 + 210.0
    assert digest["open_questions"] == [
        EXPECTED_AMS["open_questions"][0] | {"waiting_business_minutes": waiting}
    ]


async def test_another_workspace_sees_none_of_it(scenario: AsyncEngine, services: Services) -> None:
    assert await build_digests(services, Tenant("T0OTHER"), as_of=AS_OF) == []
    with pytest.raises(UnknownChannel):
        await build_digest(services, Tenant("T0OTHER"), "C0AMS", WEEK, AS_OF)


async def test_an_unknown_channel_is_named(scenario: AsyncEngine, services: Services) -> None:
    with pytest.raises(UnknownChannel) as raised:
        await build_digests(services, TENANT, ["C0AMS", "C0NOPE"], week=WEEK, as_of=AS_OF)
    assert raised.value.channel_ids == ["C0NOPE"]


async def test_a_bad_week_label_fails_before_any_query(services: Services) -> None:
    with pytest.raises(ValueError, match="2026-W60"):
        await build_digests(services, TENANT, week="2026-W60", as_of=AS_OF)


def test_the_expected_objects_are_not_shared() -> None:
    # The tests above compare against module-level dicts: make sure nothing mutates them.
    assert copy.deepcopy(EXPECTED_AMS) == EXPECTED_AMS
