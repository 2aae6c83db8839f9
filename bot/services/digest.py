"""The weekly digest's figures for one channel or many, and the figures' exports.

`build_digests` reads any number of channels with the same seven SQL statements (see
storage/queries/digest.py), turns the rows into plain facts and lets the pure rules in
bot/domain/digest.py compute each channel's `digest --json` object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.app import Services
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
from bot.domain.localtime import as_utc, load_zone
from bot.domain.weeks import last_complete_week, parse_iso_week, week_bounds, week_of
from bot.events import Tenant
from bot.services.asking import PENDING
from bot.services.context import calendar, row_id
from storage.models import Channel
from storage.queries import digest as queries

_MINUTE = timedelta(minutes=1)


class UnknownChannel(LookupError):
    """A channel the workspace has never seen."""

    def __init__(self, channel_ids: Sequence[str]) -> None:
        self.channel_ids = list(channel_ids)
        super().__init__(
            f"unknown channel{'s' if len(channel_ids) > 1 else ''}: {', '.join(channel_ids)}"
        )


async def build_digest(
    services: Services,
    tenant: Tenant,
    slack_channel_id: str,
    week: str | None = None,
    as_of: datetime | None = None,
) -> dict[str, Any]:
    """One channel's digest of `week` (default: the last complete week in its timezone) as it
    stood at `as_of` (default: now). Raises UnknownChannel."""
    (digest,) = await build_digests(services, tenant, [slack_channel_id], week=week, as_of=as_of)
    return digest


async def build_digests(
    services: Services,
    tenant: Tenant,
    channel_ids: Sequence[str] | None = None,
    *,
    week: str | None = None,
    as_of: datetime | None = None,
) -> list[dict[str, Any]]:
    """The digests of the named channels (default: every channel of the workspace), in the
    order named (default: by channel id), with a fixed number of SQL statements however many.

    `week` None means each channel's last complete week at `as_of` in its own timezone.
    """
    as_of = as_utc(as_of if as_of is not None else services.clock.now(), "as_of")
    if week is not None:
        parse_iso_week(week)  # a bad label fails before any query
    wanted = list(dict.fromkeys(channel_ids)) if channel_ids is not None else None
    async with services.sessions() as session:
        channels = await queries.channels(
            session=session,
            team_id=tenant.team_id,
            enterprise_id=tenant.enterprise_id,
            slack_channel_ids=wanted,
        )
        if wanted is not None:
            known = {c.slack_channel_id for c in channels}
            missing = [c for c in wanted if c not in known]
            if missing:
                raise UnknownChannel(missing)
            order = {slack_id: n for n, slack_id in enumerate(wanted)}
            channels.sort(key=lambda c: order[c.slack_channel_id])
        if not channels:
            return []
        plans = [_Plan(channel, week, as_of) for channel in channels]
        ws = channels[0].workspace_id
        ids = [p.id for p in plans]
        since = min(p.bounds[0].start for p in plans)
        until = max(p.bounds[-1].end for p in plans)
        span = {"since": since, "until": until, "as_of": as_of}
        question_rows = await queries.questions(
            session=session, workspace_id=ws, channel_ids=ids, **span
        )
        reply_rows = await queries.replies(
            session=session, workspace_id=ws, channel_ids=ids, **span
        )
        activity_rows = await queries.activity(
            session=session,
            workspace_id=ws,
            bounds=[b for p in plans for b in p.bounds],
            as_of=as_of,
        )
        role_rows = await queries.roles_at(
            session=session, workspace_id=ws, channel_ids=ids, at=as_of
        )
        handover_rows = await queries.handovers(
            session=session, workspace_id=ws, channel_ids=ids, **span
        )
        members = await queries.client_members(
            session=session, workspace_id=ws, channel_ids=ids, at=as_of
        )

    replies: dict[int, list[Reply]] = defaultdict(list)
    for r in reply_rows:
        replies[r.question_id].append(Reply(r.user_id, r.kind, r.posted_at, r.deleted_at))
    questions: dict[int, list[QuestionFacts]] = defaultdict(list)
    for q in question_rows:
        response, peer = answers_at(replies.get(q.id, ()), as_of)
        questions[q.channel_id].append(
            QuestionFacts(
                direction=q.direction,
                asker=q.asker_user_id,
                asked_at=q.asked_at,
                first_response_at=response.posted_at if response else None,
                first_response_by=response.user_id if response else None,
                peer_answered_at=peer.posted_at if peer else None,
                resolved_at=q.resolved_at,
                withdrawn_at=q.withdrawn_at,
                root_ts=None if q.root_ts.startswith(PENDING) else q.root_ts,
            )
        )
    messages: dict[int, dict[int, list[MessageCount]]] = defaultdict(lambda: defaultdict(list))
    for a in activity_rows:
        messages[a.channel_id][a.week].append(MessageCount(a.user_id, a.side, a.messages))
    roles: dict[int, dict[str, str | None]] = defaultdict(dict)
    for role in role_rows:
        roles[role.channel_id][role.role] = role.user_id
    handovers: dict[int, list[datetime]] = defaultdict(list)
    for channel_id, at in handover_rows:
        handovers[channel_id].append(at)

    digests = []
    for plan in plans:
        held = roles.get(plan.id, {})
        by_week = messages.get(plan.id, {})
        facts = ChannelFacts(
            channel=plan.channel.slack_channel_id,
            calendar=plan.calendar,
            sla_minutes=plan.channel.sla_minutes,
            owner=held.get("owner"),
            backup=held.get("backup"),
            client_lead=held.get("client_lead"),
            client_members=members.get(plan.id, 0),
            questions=tuple(questions.get(plan.id, ())),
            handovers=tuple(handovers.get(plan.id, ())),
            messages={
                label: tuple(sorted(by_week.get(n, ()), key=lambda m: m.user_id))
                for n, label in enumerate(plan.weeks)
            },
        )
        digests.append(compute_digest(facts, plan.week, as_of))
    return digests


class _Plan:
    """One channel's week, its trend's weeks and their bounds in the channel's timezone."""

    def __init__(self, channel: Channel, week: str | None, as_of: datetime) -> None:
        self.channel = channel
        self.id = row_id(channel)
        self.calendar = calendar(channel)
        self.week = week or last_complete_week(as_of, channel.timezone)
        self.weeks = trend_weeks(self.week)
        self.bounds = [
            queries.WeekBounds(self.id, n, *week_bounds(label, channel.timezone))
            for n, label in enumerate(self.weeks)
        ]


# -- exports: figures without any text ---------------------------------------------------------


def _since_utc(since: date) -> datetime:
    # A day early covers every timezone (UTC+14 starts its day 14 hours before UTC does);
    # rows are then cut by their local date.
    return datetime.combine(since - timedelta(days=1), time(0), UTC)


def _local_date(at: datetime, timezone: str) -> date:
    return as_utc(at).astimezone(load_zone(timezone)).date()


async def export_questions(
    services: Services, since: date, team_id: str | None = None
) -> list[dict[str, Any]]:
    """One row per question asked on or after `since` (the channel's local date), oldest first,
    in its current state. No question text."""
    async with services.sessions() as session:
        rows = await queries.questions_since(
            session=session, since=_since_utc(since), team_id=team_id
        )
    calendars: dict[tuple[str, str, tuple[str, ...]], BusinessCalendar] = {}
    exported = []
    for q in rows:
        if _local_date(q.asked_at, q.timezone) < since:
            continue
        key = (q.business_hours, q.timezone, tuple(q.holidays or ()))
        cal = calendars.get(key)
        if cal is None:
            cal = calendars[key] = BusinessCalendar.from_settings(*key)
        responded = q.first_response_at
        exported.append(
            {
                "team": q.team_id,
                "channel": q.slack_channel_id,
                "week": week_of(q.asked_at, q.timezone),
                "direction": q.direction,
                "asked_at": _iso(q.asked_at),
                "first_response_at": _iso(responded),
                "first_response_business_minutes": (
                    None if responded is None else cal.business_minutes(q.asked_at, responded)
                ),
                "first_response_wall_minutes": (
                    None if responded is None else max(0.0, (responded - q.asked_at) / _MINUTE)
                ),
                "peer_answered_at": _iso(q.peer_answered_at),
                "resolved_at": _iso(q.resolved_at),
                "withdrawn": q.withdrawn_at is not None,
            }
        )
    return exported


async def export_participation(
    services: Services, since: date, team_id: str | None = None
) -> list[dict[str, Any]]:
    """Per channel, week and person: live messages and questions asked (withdrawn ones left out),
    from `since` (the channel's local date) on. No text."""
    async with services.sessions() as session:
        messages = await queries.messages_since(
            session=session, since=_since_utc(since), team_id=team_id
        )
        asked = await queries.questions_since(
            session=session, since=_since_utc(since), team_id=team_id
        )
    rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}

    def entry(team: str, channel: str, week: str, user: str, side: str) -> dict[str, Any]:
        key = (team, channel, week, user)
        if key not in rows:
            rows[key] = {
                "team": team,
                "channel": channel,
                "week": week,
                "user": user,
                "side": side,
                "messages": 0,
                "questions": 0,
            }
        return rows[key]

    for m in messages:
        if _local_date(m.posted_at, m.timezone) >= since:
            week = week_of(m.posted_at, m.timezone)
            entry(m.team_id, m.slack_channel_id, week, m.user_id, m.side)["messages"] += 1
    for q in asked:
        if q.withdrawn_at is None and _local_date(q.asked_at, q.timezone) >= since:
            week = week_of(q.asked_at, q.timezone)
            person = entry(q.team_id, q.slack_channel_id, week, q.asker_user_id, q.direction)
            person["questions"] += 1
    return [rows[key] for key in sorted(rows)]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat()


async def tenants_of_channel(services: Services, slack_channel_id: str) -> list[Tenant]:
    """The workspaces that have recorded this Slack channel (Slack Connect: possibly several)."""
    async with services.sessions() as session:
        places = await queries.places_of_channel(session=session, slack_channel_id=slack_channel_id)
    return [Tenant(place.team_id, place.enterprise_id) for place in places]
