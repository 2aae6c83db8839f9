"""One channel's digest posted on demand (`ownerbot digest --post`), through the sweep's own
claim (bot/services/digest_runs.py): never a second post of a channel-week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.app import Services
from bot.domain.digest_schedule import week_end
from bot.domain.localtime import as_utc
from bot.domain.weeks import last_complete_week
from bot.events import Tenant
from bot.ports import Publisher
from bot.services.digest import UnknownChannel
from bot.services.digest_runs import (
    LEASE,
    DigestSweepReport,
    Plan,
    claim_units,
    claimant,
    post_claimed,
)
from storage.queries import digest as digest_queries
from storage.queries import digest_runs as store
from storage.queries.digest_runs import DIGESTS, FAILED, POSTED, Unit


class WeekNotOver(ValueError):
    """A digest is posted once per channel-week, so only a week that has ended is posted."""


@dataclass(frozen=True)
class ManualPost:
    """What `post_digest` did: posted | found (an earlier attempt's post, now recorded) |
    already_posted | busy (another sweep holds the claim) | failed."""

    status: str
    channel: str
    week: str
    ts: str | None = None
    error: str | None = None
    claimed_at: datetime | None = None


async def post_digest(
    services: Services,
    publisher: Publisher,
    tenant: Tenant,
    slack_channel_id: str,
    week: str | None = None,
    *,
    by: str | None = None,
) -> ManualPost:
    """Post one channel's digest of `week` (default: the last complete week in the channel's
    timezone) now, through the same claim as the sweep: never a second post of a channel-week.
    A failed week is tried again however often it failed. Raises UnknownChannel, WeekNotOver."""
    now = as_utc(services.clock.now(), "now")
    async with services.sessions() as session:
        channel = await digest_queries.channel(
            session=session,
            team_id=tenant.team_id,
            enterprise_id=tenant.enterprise_id,
            slack_channel_id=slack_channel_id,
        )
    if channel is None:
        raise UnknownChannel([slack_channel_id])
    assert channel.id is not None
    week = week or last_complete_week(now, channel.timezone)
    end = week_end(week, channel.timezone)
    if end > now:
        raise WeekNotOver(
            f"week {week} is not over in {channel.timezone} until {end.isoformat()}: "
            "a digest is posted once per week, when the week has ended"
        )
    unit = Unit(channel.workspace_id, channel.id, week)
    plan = Plan(DIGESTS, unit, tenant, slack_channel_id, end)
    by = by or claimant()
    for _ in range(2):  # a claim made between our read and our insert: read it once more
        async with services.sessions() as session:
            run = await store.run_of(session=session, spec=DIGESTS, unit=unit)
        if run is not None and run.status == POSTED:
            return ManualPost("already_posted", slack_channel_id, week, ts=run.posted_ts)
        if run is not None and run.status != FAILED and run.claimed_at >= now - LEASE:
            return ManualPost("busy", slack_channel_id, week, claimed_at=run.claimed_at)
        todo = [plan] if run is None else []
        retry = [(plan, run)] if run is not None else []
        claimed = await claim_units(services, todo, retry, now, by, max_attempts=None)
        if claimed:
            break
    else:
        return ManualPost("busy", slack_channel_id, week)
    report = DigestSweepReport(now=now)
    await post_claimed(services, publisher, claimed, now, by, report)
    if report.posted:
        done = report.posted[0]
        return ManualPost("found" if done.found else "posted", slack_channel_id, week, ts=done.ts)
    error = report.failed[0].error if report.failed else "not posted"
    return ManualPost("failed", slack_channel_id, week, error=error)
