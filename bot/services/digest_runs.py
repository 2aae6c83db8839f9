"""Posting the weekly digests and the leads' portfolios: claimed, posted once, caught up.

The digest sweep (every 15 minutes, `bot.jobs.digest_sweep`) is stateless; all it knows is in the
database and `services.clock`:

1. Each channel's week to post is the latest week whose digest is due in the channel's timezone
   at its digest day and time (bot/domain/digest_schedule.py); older weeks never posted are
   skipped, so a bot back after three weeks posts one digest per channel, not a flood.
2. The channel-week is claimed BEFORE anything is posted: a digest_run row, unique on (channel,
   week), inserted with ON CONFLICT DO NOTHING. Whoever inserts it posts it; every other sweep
   (another replica, a repeated tick) sees the row and leaves it alone.
3. A claim never marked posted within the LEASE (its sweep died between claiming and posting,
   or while posting) and a failure with attempts to spare are taken over by a compare-and-set
   UPDATE. The post carries message metadata (its kind, channel and week), so the sweep that
   takes over first looks in the channel's history: if the post is there it is recorded, not
   repeated.
4. The figures of every claimed channel come from ONE `build_digests` call per workspace and
   week being posted (normally one week per workspace), taken at the sweep's `now`: a posted
   digest shows the state at its posting time. They are stored in digest_run.figures with the
   posted `ts`; a failure is recorded (status failed, last_error) and retried on the next sweep,
   up to MAX_ATTEMPTS attempts, after which the row is left failed and the failure logged.

Portfolios work the same way, one per leads channel and week (portfolio_run): a leads channel's
portfolio of week W is due once every client channel reporting to it is due for W.

However many channels, a sweep costs a fixed number of SQL statements: the channels (1), the
claims read (1, or 2 with portfolios), inserted (1-2) and taken over (0-2), the figures (7 per
workspace and week posted) and the outcomes (1-2).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.app import Services
from bot.domain.digest_schedule import DigestTime, earliest_week, latest_due_week, week_end
from bot.domain.localtime import as_utc
from bot.events import Tenant
from bot.ports import DigestNote, PortfolioNote, Publication, Publishable, Publisher
from bot.services.digest import build_digests
from storage.queries import digest_runs as store
from storage.queries.digest_runs import (
    DIGESTS,
    FAILED,
    PORTFOLIOS,
    POSTED,
    Outcome,
    Run,
    RunTable,
    ScheduledChannel,
    Unit,
)

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # a claim older than this, never marked posted, is taken over
MAX_ATTEMPTS = 5  # posting attempts per channel-week before it is left failed
# Posts not started this long after claiming are left for the next sweep, so that a claim is
# never taken over while its post may still be on the way.
POST_WITHIN = LEASE * 0.8
_RANK = {"red": 0, "amber": 1, "green": 2}


def claimant() -> str:
    """Who claims: host, process and this sweep (two sweeps in one process differ too)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class PostedDigest:
    channel: str  # where it was posted (the leads channel, for a portfolio)
    week: str
    ts: str
    found: bool = False  # an earlier attempt had posted it: found in the history, not reposted


@dataclass(frozen=True)
class FailedDigest:
    channel: str
    week: str
    error: str
    attempts: int
    final: bool  # MAX_ATTEMPTS reached: no sweep will retry it


@dataclass
class DigestSweepReport:
    """What one sweep did, for logs, tests and the demo."""

    now: datetime
    due: int = 0  # channel-weeks (and portfolios) due and not posted when the sweep began
    busy: int = 0  # claimed by another sweep, within its lease
    given_up: int = 0  # failed MAX_ATTEMPTS times before: left alone
    lost: int = 0  # another sweep claimed them first
    posted: list[PostedDigest] = field(default_factory=list)
    failed: list[FailedDigest] = field(default_factory=list)
    portfolios_posted: list[PostedDigest] = field(default_factory=list)
    portfolios_failed: list[FailedDigest] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    """One unit a sweep may post: a channel's digest or a leads channel's portfolio."""

    spec: RunTable
    unit: Unit
    tenant: Tenant
    post_in: str  # the Slack channel
    look_from: datetime  # no post of this unit can be older: where a history search starts
    members: tuple[ScheduledChannel, ...] = ()  # a portfolio's client channels


@dataclass
class Claimed:
    """A unit this sweep (or an on-demand post) now holds the claim to, and its run row."""

    plan: Plan
    run: Run
    taken_over: bool


# -- the sweep ---------------------------------------------------------------------------------


async def sweep_digests(
    services: Services,
    publisher: Publisher,
    *,
    by: str | None = None,
    tenant: Tenant | None = None,
) -> DigestSweepReport:
    """Post every digest and portfolio due at `services.clock.now()`, each once. `tenant`: only
    that workspace's, the ones the publisher's token may post (None: every workspace's, for a
    database that holds one)."""
    now = as_utc(services.clock.now(), "now")
    by = by or claimant()
    report = DigestSweepReport(now=now)
    scope = (
        {} if tenant is None else {"team_id": tenant.team_id, "enterprise_id": tenant.enterprise_id}
    )
    async with services.sessions() as session:
        channels = await store.scheduled_channels(session=session, **scope)
    plans = plan_sweep(channels, now)
    if not plans:
        return report
    existing = await _existing(services, plans)
    todo: list[Plan] = []
    retry: list[tuple[Plan, Run]] = []
    for plan in plans:
        run = existing.get((plan.spec.key, plan.unit))
        if run is None:
            todo.append(plan)
        elif run.status == POSTED:
            continue
        elif run.status == FAILED and run.attempts >= MAX_ATTEMPTS:
            report.given_up += 1
        elif run.status == FAILED or run.claimed_at < now - LEASE:
            retry.append((plan, run))
        else:
            report.busy += 1
    report.due = len(todo) + len(retry) + report.busy + report.given_up
    if not todo and not retry:
        return report
    claimed = await claim_units(services, todo, retry, now, by, MAX_ATTEMPTS)
    report.lost = len(todo) + len(retry) - len(claimed)
    if claimed:
        await post_claimed(services, publisher, claimed, now, by, report)
    return report


def plan_sweep(channels: Sequence[ScheduledChannel], now: datetime) -> list[Plan]:
    """The units due at `now`: each client channel's latest due week, and each leads channel's
    portfolio for the latest week all its client channels are due for. Channels the bot has
    left, leads channels themselves, and weeks that ended before the bot knew the channel are
    left out."""
    leads = {(c.workspace_id, c.leads_channel_id) for c in channels if c.leads_channel_id}
    due: dict[int, str] = {}
    plans: list[Plan] = []
    groups: dict[tuple[int, str], list[ScheduledChannel]] = defaultdict(list)
    for channel in channels:
        if (channel.workspace_id, channel.slack_channel_id) in leads:
            continue
        week = latest_due_week(
            now, DigestTime.parse_or_default(channel.digest_time), channel.timezone
        )
        due[channel.id] = week
        if channel.leads_channel_id:
            groups[(channel.workspace_id, channel.leads_channel_id)].append(channel)
        if not channel.bot_is_member or not _known_during(channel, week):
            continue
        plans.append(
            Plan(
                DIGESTS,
                Unit(channel.workspace_id, channel.id, week),
                _tenant(channel),
                channel.slack_channel_id,
                week_end(week, channel.timezone),
            )
        )
    for (workspace, leads_channel), members in sorted(groups.items()):
        week = earliest_week(due[m.id] for m in members)
        reporting = tuple(m for m in members if _known_during(m, week))
        if not reporting:
            continue
        plans.append(
            Plan(
                PORTFOLIOS,
                Unit(workspace, leads_channel, week),
                _tenant(reporting[0]),
                leads_channel,
                min(week_end(week, m.timezone) for m in reporting),
                reporting,
            )
        )
    return plans


def _known_during(channel: ScheduledChannel, week: str) -> bool:
    return as_utc(channel.created_at) < week_end(week, channel.timezone)


def _tenant(channel: ScheduledChannel) -> Tenant:
    return Tenant(channel.team_id, channel.enterprise_id)


async def _existing(services: Services, plans: Sequence[Plan]) -> dict[tuple[str, Unit], Run]:
    """The claims already made on the planned units (one read per kind of unit)."""
    found: dict[tuple[str, Unit], Run] = {}
    async with services.sessions() as session:
        for spec in (DIGESTS, PORTFOLIOS):
            units = [p.unit for p in plans if p.spec is spec]
            if not units:
                continue
            runs = await store.runs(
                session=session,
                spec=spec,
                workspace_ids={u.workspace_id for u in units},
                keys={u.key for u in units},
                weeks={u.week for u in units},
            )
            found.update({(spec.key, run.unit): run for run in runs})
    return found


async def claim_units(
    services: Services,
    todo: Sequence[Plan],
    retry: Sequence[tuple[Plan, Run]],
    now: datetime,
    by: str,
    max_attempts: int | None,
) -> list[Claimed]:
    """Claim the new units (INSERT) and take over the stale or failed ones (compare-and-set),
    each statement committed on its own before anything is posted."""
    claimed: list[Claimed] = []
    for spec in (DIGESTS, PORTFOLIOS):
        new = {p.unit: p for p in todo if p.spec is spec}
        if new:
            async with services.sessions() as session, session.begin():
                won = await store.claim(
                    session=session,
                    spec=spec,
                    units=sorted(new, key=_order),
                    by=by,
                    now=now,
                )
            claimed += [Claimed(new[run.unit], run, taken_over=False) for run in won]
        again = {run.id: plan for plan, run in retry if plan.spec is spec}
        if again:
            async with services.sessions() as session, session.begin():
                taken = await store.take_over(
                    session=session,
                    spec=spec,
                    run_ids=again,
                    by=by,
                    now=now,
                    stale_before=now - LEASE,
                    max_attempts=max_attempts,
                )
            claimed += [Claimed(again[run.id], run, taken_over=True) for run in taken]
    return claimed


def _order(unit: Unit) -> tuple[str, str]:
    # One order for every sweep, so concurrent claims on PostgreSQL queue up, never deadlock.
    return (f"{unit.workspace_id:012d}:{unit.key!s:>32}", unit.week)


async def post_claimed(
    services: Services,
    publisher: Publisher,
    claimed: Sequence[Claimed],
    now: datetime,
    by: str,
    report: DigestSweepReport,
) -> None:
    """Compute the figures of everything claimed, publish, record each outcome."""
    figures, failures = await _figures(services, claimed, now)
    notes: list[Publishable] = []
    sent: list[Claimed] = []
    outcomes: dict[str, list[Outcome]] = {DIGESTS.key: [], PORTFOLIOS.key: []}
    for item in claimed:
        plan = item.plan
        look = plan.look_from if item.taken_over else None
        try:
            if plan.spec is DIGESTS:
                note: Publishable = DigestNote(
                    figures[(plan.tenant, plan.post_in, plan.unit.week)], look_since=look
                )
            else:
                note = PortfolioNote(
                    leads_channel_id=plan.post_in,
                    week=plan.unit.week,
                    channels=tuple(
                        rank(
                            figures[(plan.tenant, m.slack_channel_id, plan.unit.week)]
                            for m in plan.members
                        )
                    ),
                    as_of=now,
                    look_since=look,
                )
        except KeyError:
            error = failures.get((plan.tenant, plan.unit.week), "figures unavailable")
            outcomes[plan.spec.key].append(Outcome(item.run.id, error=error))
            _report_failure(report, item, error)
            continue
        notes.append(note)
        sent.append(item)

    published = await publisher.publish(notes, within=POST_WITHIN.total_seconds()) if notes else []
    for item, note, result in zip(sent, notes, published, strict=True):
        outcomes[item.plan.spec.key].append(_outcome(item, note, result))
        if result.ts is not None:
            posted = PostedDigest(item.plan.post_in, item.plan.unit.week, result.ts, result.found)
            target = report.posted if item.plan.spec is DIGESTS else report.portfolios_posted
            target.append(posted)
        else:
            _report_failure(report, item, result.error or "not posted")

    for spec in (DIGESTS, PORTFOLIOS):
        if not outcomes[spec.key]:
            continue
        async with services.sessions() as session, session.begin():
            marked = await store.record(
                session=session, spec=spec, outcomes=outcomes[spec.key], by=by, now=now
            )
        if marked < len(outcomes[spec.key]):
            log.warning(
                "digest sweep: %d of %d %s outcomes not recorded: the claim was taken over",
                len(outcomes[spec.key]) - marked,
                len(outcomes[spec.key]),
                spec.table.name,
            )


async def _figures(
    services: Services, claimed: Sequence[Claimed], now: datetime
) -> tuple[dict[tuple[Tenant, str, str], dict[str, Any]], dict[tuple[Tenant, str], str]]:
    """The digests every claimed unit needs: ONE build_digests per workspace and week."""
    wanted: dict[tuple[Tenant, str], set[str]] = defaultdict(set)
    for item in claimed:
        plan = item.plan
        if plan.spec is DIGESTS:
            wanted[(plan.tenant, plan.unit.week)].add(plan.post_in)
        else:
            wanted[(plan.tenant, plan.unit.week)].update(m.slack_channel_id for m in plan.members)
    figures: dict[tuple[Tenant, str, str], dict[str, Any]] = {}
    failures: dict[tuple[Tenant, str], str] = {}
    for (tenant, week), channel_ids in wanted.items():
        try:
            digests = await build_digests(
                services, tenant, sorted(channel_ids), week=week, as_of=now
            )
        except Exception as exc:
            log.exception("digest sweep: figures of %s for %s failed", tenant.team_id, week)
            failures[(tenant, week)] = f"figures: {type(exc).__name__}: {exc}"
            continue
        for digest in digests:
            figures[(tenant, str(digest["channel"]), week)] = digest
    return figures, failures


def rank(digests: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Riskiest first: red, amber, green; within a status by SLA compliance ascending (channels
    with nothing to measure after the measured ones), then by channel id."""

    def key(digest: dict[str, Any]) -> tuple[int, int, float, str]:
        compliance = digest["sla"]["compliance"]
        return (
            _RANK.get(digest["health"]["status"], 2),
            compliance is None,
            compliance if compliance is not None else 0.0,
            str(digest["channel"]),
        )

    return sorted(digests, key=key)


def _outcome(item: Claimed, note: Publishable, result: Publication) -> Outcome:
    if result.ts is None:
        return Outcome(item.run.id, error=result.error or "not posted")
    if isinstance(note, DigestNote):
        stored = dict(note.figures)
    else:
        stored = {
            "leads_channel": note.leads_channel_id,
            "week": note.week,
            "as_of": note.as_of.isoformat(),
            "channels": [
                {
                    "channel": c["channel"],
                    "status": c["health"]["status"],
                    "reasons": c["health"]["reasons"],
                    "compliance": c["sla"]["compliance"],
                    "open": len(c.get("open_questions") or []),
                }
                for c in note.channels
            ],
        }
    return Outcome(item.run.id, ts=result.ts, figures=stored)


def _report_failure(report: DigestSweepReport, item: Claimed, error: str) -> None:
    final = item.run.attempts >= MAX_ATTEMPTS
    failed = FailedDigest(item.plan.post_in, item.plan.unit.week, error, item.run.attempts, final)
    (report.failed if item.plan.spec is DIGESTS else report.portfolios_failed).append(failed)
    kind = "digest" if item.plan.spec is DIGESTS else "portfolio"
    if final:
        log.error(
            "the %s of %s for %s failed %d times (%s): giving up",
            kind,
            failed.channel,
            failed.week,
            failed.attempts,
            error,
        )
    else:
        log.warning(
            "the %s of %s for %s failed (attempt %d of %d: %s): the next sweep retries",
            kind,
            failed.channel,
            failed.week,
            failed.attempts,
            MAX_ATTEMPTS,
            error,
        )
