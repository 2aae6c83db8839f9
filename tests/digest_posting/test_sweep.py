"""The digest sweep: each channel's digest at its own local time, claimed before posting, posted
once whatever runs it (two schedulers, a crash, a restart), the latest missed week caught up."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col

from bot.app import Services, build_services
from bot.jobs import JobContext, digest_sweep
from bot.ports import FixedClock
from bot.services.digest_runs import LEASE, MAX_ATTEMPTS
from handlers.slack import build_client
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel, DigestRun
from storage.queries import digest_runs as store
from tests.digest.scenario import EXPECTED_AMS, seed_scenario
from tests.digest.seed import Seed
from tests.digest_posting.support import (
    FakeTime,
    digest_runs,
    posts,
    publisher,
    sweep,
    utc,
    write,
)

# The scenario's channels, first seen by the bot on Monday of W47: W46 was never theirs.
FIRST_SEEN = utc(2026, 11, 16, 12)
AMS_DUE = utc(2026, 11, 23, 8)  # Monday 09:00 in Amsterdam
NYC_DUE = utc(2026, 11, 23, 14)  # Monday 09:00 in New York


async def seed(services: Services, slack: SlackStandIn, **channel: object) -> None:
    scenario = Seed(installed_at=FIRST_SEEN)
    seed_scenario(scenario)
    await write(scenario, services.engine, **channel)
    for channel_id in ("C0AMS", "C0NYC"):
        slack.add_channel(channel_id)


async def test_each_channel_at_its_own_local_time(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    time = FakeTime()

    clock.set(AMS_DUE - timedelta(minutes=1))
    report = await sweep(services, time)
    assert report.posted == [] and report.due == 0
    assert posts(slack, "C0AMS") == posts(slack, "C0NYC") == []

    clock.set(AMS_DUE)
    report = await sweep(services, time)
    assert [(p.channel, p.week) for p in report.posted] == [("C0AMS", "2026-W47")]
    assert len(posts(slack, "C0AMS")) == 1 and posts(slack, "C0NYC") == []

    clock.set(NYC_DUE - timedelta(minutes=1))
    assert (await sweep(services, time)).posted == []

    clock.set(NYC_DUE)
    report = await sweep(services, time)
    assert [(p.channel, p.week) for p in report.posted] == [("C0NYC", "2026-W47")]

    clock.set(NYC_DUE + timedelta(minutes=15))
    assert (await sweep(services, time)).posted == []
    assert len(posts(slack, "C0AMS")) == len(posts(slack, "C0NYC")) == 1

    # Each row holds the posted ts and the figures as posted: Amsterdam's, taken at 09:00
    # local, are exactly the hand-computed scenario.
    runs = {run.channel_id: run for run in await digest_runs(services)}
    ams, nyc = runs[1], runs[2]
    assert ams.status == nyc.status == "posted"
    assert ams.posted_ts == posts(slack, "C0AMS")[0]["ts"]
    assert ams.posted_at == AMS_DUE and nyc.posted_at == NYC_DUE
    assert ams.figures == EXPECTED_AMS
    assert nyc.figures is not None and nyc.figures["as_of"] == NYC_DUE.isoformat()
    message = posts(slack, "C0AMS")[0]
    assert message["metadata"] == {
        "event_type": "ownerbot_digest",
        "event_payload": {"channel": "C0AMS", "week": "2026-W47"},
    }
    assert message["text"].startswith(":large_orange_circle: Weekly digest for <#C0AMS>")
    assert len(message["blocks"]) <= 50


async def test_the_scheduler_job_posts_through_the_context_messenger(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(NYC_DUE)
    context = JobContext(services, publisher(services, FakeTime()))
    report = await digest_sweep(context)
    assert report is not None and len(report.posted) == 2
    again = await digest_sweep(context)
    assert again is not None and again.posted == [] and again.due == 0


def _meet_before(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make two concurrent sweeps both reach `store.<name>` (claim or take_over) before either
    runs it: both have read the same state, both try to claim the same units."""
    real = getattr(store, name)
    barrier = asyncio.Barrier(2)

    async def meet(**kw: Any) -> Any:
        await asyncio.wait_for(barrier.wait(), 10)
        return await real(**kw)

    monkeypatch.setattr(store, name, meet)


async def test_two_schedulers_on_one_database_post_each_channel_week_once(
    services: Services, slack: SlackStandIn, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Twenty channels across two timezones; two sweeps with their own engines (two replicas on
    # one database) that have both read "nothing claimed yet" when they insert their claims.
    many = Seed(installed_at=FIRST_SEEN)
    ws = many.workspace("T0VENDOR")
    channels = [f"C{n:03d}" for n in range(20)]
    for n, channel in enumerate(channels):
        many.channel(ws, channel, "Europe/Amsterdam" if n % 2 else "America/New_York")
        slack.add_channel(channel)
    await write(many, services.engine)
    clock.set(NYC_DUE)
    other = build_services(services.settings, clock=clock)
    try:
        _meet_before(monkeypatch, "claim")
        first, second = await asyncio.gather(sweep(services, FakeTime()), sweep(other, FakeTime()))
        monkeypatch.undo()
        assert first.failed == second.failed == []
        assert len(first.posted) + len(second.posted) == 20
        assert first.lost + second.lost == 20  # every unit was contested, each won once
        for _ in range(2):  # and unsynchronised ticks afterwards change nothing
            again = await asyncio.gather(sweep(services, FakeTime()), sweep(other, FakeTime()))
            assert [r.posted for r in again] == [[], []]
    finally:
        await other.close()
    for channel in channels:
        assert len(posts(slack, channel)) == 1, channel
    runs = await digest_runs(services)
    assert len(runs) == 20 and {r.status for r in runs} == {"posted"}
    assert {r.attempts for r in runs} == {1}


async def test_two_schedulers_taking_over_one_stale_claim_post_it_once(
    services: Services, slack: SlackStandIn, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    await _leave_claim(services, 1, minutes_ago=0)
    clock.set(AMS_DUE + LEASE + timedelta(minutes=1))
    other = build_services(services.settings, clock=clock)
    try:
        _meet_before(monkeypatch, "take_over")
        reports = await asyncio.gather(sweep(services, FakeTime()), sweep(other, FakeTime()))
    finally:
        await other.close()
    assert sorted(len(r.posted) for r in reports) == [0, 1]
    assert sum(r.lost for r in reports) == 1
    assert len(posts(slack, "C0AMS")) == 1
    [run] = [r for r in await digest_runs(services) if r.channel_id == 1]
    assert (run.status, run.attempts) == ("posted", 2)


async def _leave_claim(services: Services, channel_id: int, *, minutes_ago: float) -> None:
    """What a sweep that died after claiming leaves behind: a claim with no posted ts."""
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        session.add(
            DigestRun(
                workspace_id=1,
                channel_id=channel_id,
                week="2026-W47",
                claimed_at=now - timedelta(minutes=minutes_ago),
                claimed_by="dead-host:1:deadbeef",
                attempts=1,
            )
        )


async def test_a_crash_after_posting_is_recorded_not_reposted(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    await _leave_claim(services, 1, minutes_ago=0)
    # The dead sweep did post (then died before recording the ts).
    client = build_client(services)
    posted = await client.chat_postMessage(
        channel="C0AMS",
        text="digest",
        metadata={
            "event_type": "ownerbot_digest",
            "event_payload": {"channel": "C0AMS", "week": "2026-W47"},
        },
    )
    time = FakeTime()
    # Within the lease the claim is respected: nothing happens.
    clock.set(AMS_DUE + LEASE - timedelta(minutes=1))
    report = await sweep(services, time)
    assert report.busy == 1 and report.posted == []

    clock.set(AMS_DUE + LEASE + timedelta(minutes=1))
    report = await sweep(services, time)
    assert [(p.channel, p.ts, p.found) for p in report.posted] == [("C0AMS", posted["ts"], True)]
    assert len(posts(slack, "C0AMS")) == 1  # not posted again
    history = slack.calls_to("conversations.history")
    assert history and history[0].params["include_all_metadata"] in ("1", "true")
    [run] = [r for r in await digest_runs(services) if r.channel_id == 1]
    assert (run.status, run.posted_ts, run.attempts) == ("posted", posted["ts"], 2)


async def test_a_crash_before_posting_is_posted_once_after_the_lease(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    await _leave_claim(services, 1, minutes_ago=0)
    clock.set(AMS_DUE + LEASE + timedelta(minutes=1))
    report = await sweep(services, FakeTime())
    assert [(p.channel, p.found) for p in report.posted] == [("C0AMS", False)]
    assert len(posts(slack, "C0AMS")) == 1
    assert len(slack.calls_to("conversations.history")) == 1
    clock.set(AMS_DUE + 2 * LEASE)
    assert (await sweep(services, FakeTime())).posted == []
    assert len(posts(slack, "C0AMS")) == 1


async def test_after_downtime_only_the_latest_week_is_posted(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(NYC_DUE)
    assert len((await sweep(services, FakeTime())).posted) == 2
    # Down for three weeks: back on Monday 14 December, after 09:00 everywhere.
    clock.set(utc(2026, 12, 14, 15))
    report = await sweep(services, FakeTime())
    assert sorted((p.channel, p.week) for p in report.posted) == [
        ("C0AMS", "2026-W50"),
        ("C0NYC", "2026-W50"),
    ]
    assert sorted((r.channel_id, r.week) for r in await digest_runs(services)) == [
        (1, "2026-W47"), (1, "2026-W50"), (2, "2026-W47"), (2, "2026-W50"),
    ]  # fmt: skip
    assert len(posts(slack, "C0AMS")) == 2


async def test_down_over_the_digest_time_posts_when_back(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(utc(2026, 11, 24, 16))  # back on Tuesday afternoon
    report = await sweep(services, FakeTime())
    assert sorted((p.channel, p.week) for p in report.posted) == [
        ("C0AMS", "2026-W47"),
        ("C0NYC", "2026-W47"),
    ]


async def test_a_failure_is_recorded_and_retried_on_the_next_sweep(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    slack.fail_next("chat.postMessage", "not_in_channel")
    report = await sweep(services, FakeTime())
    assert [(f.channel, f.error, f.attempts, f.final) for f in report.failed] == [
        ("C0AMS", "not_in_channel", 1, False)
    ]
    [run] = await digest_runs(services)
    assert (run.status, run.attempts, run.last_error, run.posted_ts) == (
        "failed", 1, "not_in_channel", None,
    )  # fmt: skip

    clock.set(AMS_DUE + timedelta(minutes=15))
    report = await sweep(services, FakeTime())
    assert [p.channel for p in report.posted] == ["C0AMS"]
    [run] = await digest_runs(services)
    assert (run.status, run.attempts, run.last_error) == ("posted", 2, None)
    assert run.posted_ts == posts(slack, "C0AMS")[0]["ts"]


async def test_a_persistent_failure_is_given_up_after_the_last_attempt(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    slack.fail_next("chat.postMessage", "is_archived", times=MAX_ATTEMPTS)
    for n in range(1, MAX_ATTEMPTS + 1):
        report = await sweep(services, FakeTime())
        assert [(f.attempts, f.final) for f in report.failed] == [(n, n == MAX_ATTEMPTS)]
        clock.set(clock.now() + timedelta(minutes=15))
    report = await sweep(services, FakeTime())
    assert report.given_up == 1 and report.posted == [] and report.failed == []
    assert posts(slack, "C0AMS") == []
    [run] = await digest_runs(services)
    assert (run.status, run.attempts, run.last_error) == ("failed", MAX_ATTEMPTS, "is_archived")


async def test_rate_limited_posts_wait_retry_after_and_succeed(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    slack.rate_limit_next("chat.postMessage", retry_after=30, times=2)
    time = FakeTime()
    report = await sweep(services, time)
    assert [p.channel for p in report.posted] == ["C0AMS"]
    assert time.sleeps == [30.0, 30.0]  # the fake clock: no wall time spent
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert len(posts(slack, "C0AMS")) == 1


async def test_rate_limited_past_the_attempts_is_retried_next_sweep(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    clock.set(AMS_DUE)
    slack.rate_limit_next("chat.postMessage", retry_after=5, times=4)
    time = FakeTime()
    report = await sweep(services, time)
    assert [f.error for f in report.failed] == ["ratelimited"]
    assert time.sleeps == [5.0, 5.0, 5.0]
    clock.set(AMS_DUE + timedelta(minutes=15))
    assert [p.channel for p in (await sweep(services, time)).posted] == ["C0AMS"]
    assert len(posts(slack, "C0AMS")) == 1


async def test_a_channel_the_bot_left_gets_no_digest(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    await seed(services, slack)
    async with services.sessions() as session, session.begin():
        await session.execute(
            update(Channel)
            .where(col(Channel.slack_channel_id) == "C0NYC")
            .values(bot_is_member=False)
        )
    clock.set(NYC_DUE)
    report = await sweep(services, FakeTime())
    assert [p.channel for p in report.posted] == ["C0AMS"]


async def test_a_channel_first_seen_after_the_week_waits_for_its_first_full_week(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    late = Seed(installed_at=utc(2026, 11, 23, 12))  # first seen on Monday of W48
    late.channel(late.workspace("T0VENDOR"), "C0LATE", "UTC")
    slack.add_channel("C0LATE")
    await write(late, services.engine)
    clock.set(utc(2026, 11, 23, 13))
    assert (await sweep(services, FakeTime())).due == 0
    clock.set(utc(2026, 11, 30, 9))
    report = await sweep(services, FakeTime())
    assert [(p.channel, p.week) for p in report.posted] == [("C0LATE", "2026-W48")]
