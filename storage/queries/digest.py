"""Set-based reads for the weekly digest: each function is ONE statement for any number of channels.

The digest of many channels (a workspace's weekly sweep, the portfolio) must not cost a query per
channel, and its cost must follow the weeks it reports, not a channel's whole history. Channels'
weeks start at different instants (each channel has its timezone): most functions take the union
of the channels' bounds and leave the exact cut to the pure digest rules; the message counts,
which are many, are grouped in SQL per channel and week by joining precomputed bounds handed over
as one JSON parameter (so the statement does not grow with the number of channels).

No function here reads message or question text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, bindparam, column, func, or_, select, union
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement, FromClause
from sqlmodel import col

from storage.models import (
    Channel,
    ChannelMember,
    MessageActivity,
    OwnershipAssignment,
    Question,
    Response,
    Workspace,
)
from storage.types import UTCDateTime


@dataclass(frozen=True)
class QuestionRow:
    id: int
    channel_id: int
    direction: str
    asker_user_id: str
    asked_at: datetime
    resolved_at: datetime | None
    withdrawn_at: datetime | None
    root_ts: str


@dataclass(frozen=True)
class ReplyRow:
    question_id: int
    user_id: str
    kind: str
    posted_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True)
class WeekBounds:
    """One channel-week to count messages in: [start, end) in UTC; `week` is the caller's key."""

    channel_id: int
    week: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ActivityCount:
    channel_id: int
    week: int
    user_id: str
    side: str
    messages: int


@dataclass(frozen=True)
class RoleHolder:
    channel_id: int
    role: str
    user_id: str | None


@dataclass(frozen=True)
class ChannelPlace:
    """Where a Slack channel id is known: its workspace's team and enterprise."""

    team_id: str
    enterprise_id: str
    channel: Channel


async def channels(
    *,
    session: AsyncSession,
    team_id: str,
    enterprise_id: str = "",
    slack_channel_ids: Sequence[str] | None = None,
) -> list[Channel]:
    """The workspace's channels (those named, or all of them), by Slack channel id."""
    statement = (
        select(Channel)
        .join(Workspace, col(Workspace.id) == col(Channel.workspace_id))
        .where(col(Workspace.team_id) == team_id, col(Workspace.enterprise_id) == enterprise_id)
    )
    if slack_channel_ids is not None:
        statement = statement.where(col(Channel.slack_channel_id).in_(list(slack_channel_ids)))
    result = await session.execute(statement.order_by(col(Channel.slack_channel_id)))
    return list(result.scalars().all())


async def channel(
    *, session: AsyncSession, team_id: str, enterprise_id: str = "", slack_channel_id: str
) -> Channel | None:
    """One of the workspace's channels by Slack channel id; None if never seen there."""
    found = await channels(
        session=session,
        team_id=team_id,
        enterprise_id=enterprise_id,
        slack_channel_ids=[slack_channel_id],
    )
    return found[0] if found else None


async def places_of_channel(*, session: AsyncSession, slack_channel_id: str) -> list[ChannelPlace]:
    """Every workspace that knows this Slack channel id (Slack Connect: possibly several)."""
    result = await session.execute(
        select(col(Workspace.team_id), col(Workspace.enterprise_id), Channel)
        .join(Workspace, col(Workspace.id) == col(Channel.workspace_id))
        .where(col(Channel.slack_channel_id) == slack_channel_id)
        .order_by(col(Workspace.team_id), col(Workspace.enterprise_id))
    )
    return [ChannelPlace(team, enterprise, channel) for team, enterprise, channel in result.all()]


def _later(column_: Any, as_of: datetime) -> ColumnElement[bool]:
    """Not happened by `as_of`: unset, or stamped after it."""
    return or_(column_.is_(None), column_ > as_of)


def _question_ids(
    workspace_id: int, channel_ids: Sequence[int], since: datetime, until: datetime, as_of: datetime
) -> Any:
    """Ids of the questions a digest needs: those asked in [since, until) by `as_of`, and those
    that may still be open at `as_of` whenever asked (a superset: the stored first response and
    peer answer are the earliest replies alive now, so an earlier live one means it was answered
    by then; the rules drop what does not apply)."""
    ids = list(channel_ids)

    def scoped(*conditions: ColumnElement[bool]) -> Any:
        return select(col(Question.id)).where(
            col(Question.workspace_id) == workspace_id,
            col(Question.channel_id).in_(ids),
            *conditions,
        )

    # No condition on asked_at here: each branch is then a range of
    # ix_question_channel_first_response, not a scan of the channel's history by asked_at.
    still_open = (
        _later(col(Question.peer_answered_at), as_of),
        _later(col(Question.resolved_at), as_of),
        _later(col(Question.withdrawn_at), as_of),
    )
    return union(
        scoped(
            col(Question.asked_at) >= since,
            col(Question.asked_at) < until,
            col(Question.asked_at) <= as_of,
        ),
        scoped(col(Question.first_response_at).is_(None), *still_open),
        scoped(col(Question.first_response_at) > as_of, *still_open),
    ).subquery("wanted")


async def questions(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_ids: Sequence[int],
    since: datetime,
    until: datetime,
    as_of: datetime,
) -> list[QuestionRow]:
    """The questions asked in [since, until) by `as_of`, and any others possibly open at `as_of`."""
    wanted = _question_ids(workspace_id, channel_ids, since, until, as_of)
    result = await session.execute(
        select(
            col(Question.id),
            col(Question.channel_id),
            col(Question.direction),
            col(Question.asker_user_id),
            col(Question.asked_at),
            col(Question.resolved_at),
            col(Question.withdrawn_at),
            col(Question.root_ts),
        )
        .join(wanted, wanted.c.id == col(Question.id))
        .order_by(col(Question.channel_id), col(Question.asked_at), col(Question.id))
    )
    return [QuestionRow(*_values(row)) for row in result.all()]


async def replies(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_ids: Sequence[int],
    since: datetime,
    until: datetime,
    as_of: datetime,
) -> list[ReplyRow]:
    """The replies posted by `as_of` in the threads of the questions `questions` returns."""
    wanted = _question_ids(workspace_id, channel_ids, since, until, as_of)
    result = await session.execute(
        select(
            col(Response.question_id),
            col(Response.user_id),
            col(Response.kind),
            col(Response.posted_at),
            col(Response.deleted_at),
        )
        .join(wanted, wanted.c.id == col(Response.question_id))
        .where(col(Response.workspace_id) == workspace_id, col(Response.posted_at) <= as_of)
    )
    return [ReplyRow(*_values(row)) for row in result.all()]


def _bounds_table(session: AsyncSession, bounds: Sequence[WeekBounds]) -> FromClause:
    """`bounds` as a table (channel_id, week, starts, ends) built from a single JSON parameter."""
    assert session.bind is not None
    dialect = session.bind.dialect
    if dialect.name == "postgresql":
        rows = [
            {
                "channel_id": b.channel_id,
                "week": b.week,
                "starts": b.start.isoformat(),
                "ends": b.end.isoformat(),
            }
            for b in bounds
        ]
        return (
            func.jsonb_to_recordset(bindparam("bounds", rows, type_=JSONB))
            .table_valued(
                column("channel_id", Integer),
                column("week", Integer),
                column("starts", UTCDateTime()),
                column("ends", UTCDateTime()),
            )
            .render_derived(name="bounds", with_types=True)
        )
    # SQLite: the times as the column stores them, so that text comparison orders them.
    stored = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert stored is not None
    payload = json.dumps([[b.channel_id, b.week, stored(b.start), stored(b.end)] for b in bounds])
    each = func.json_each(payload).table_valued("value")
    return select(
        func.json_extract(each.c.value, "$[0]").label("channel_id"),
        func.json_extract(each.c.value, "$[1]").label("week"),
        func.json_extract(each.c.value, "$[2]").label("starts"),
        func.json_extract(each.c.value, "$[3]").label("ends"),
    ).subquery("bounds")


def _union_of_bounds(session: AsyncSession, bounds: Sequence[WeekBounds]) -> list[Any]:
    """On PostgreSQL, the union of the bounds as constants too: the planner can then estimate
    the rows and read them through ix_activity_channel_posted instead of scanning the table.
    SQLite's planner does better without them: it walks the bounds and probes that index per
    (channel, week); with them it scanned the range and compared every row with every bound."""
    assert session.bind is not None
    if session.bind.dialect.name != "postgresql":
        return []
    posted = col(MessageActivity.posted_at)
    return [
        col(MessageActivity.channel_id).in_(sorted({b.channel_id for b in bounds})),
        posted >= min(b.start for b in bounds),
        posted < max(b.end for b in bounds),
    ]


async def activity(
    *, session: AsyncSession, workspace_id: int, bounds: Sequence[WeekBounds], as_of: datetime
) -> list[ActivityCount]:
    """Messages per channel-week and person, posted by `as_of` and not deleted by then."""
    if not bounds:
        return []
    table = _bounds_table(session, bounds)
    posted = col(MessageActivity.posted_at)
    result = await session.execute(
        select(
            table.c.channel_id,
            table.c.week,
            col(MessageActivity.user_id),
            col(MessageActivity.side),
            func.count(),
        )
        .select_from(table)
        .join(
            MessageActivity,
            and_(
                col(MessageActivity.channel_id) == table.c.channel_id,
                posted >= table.c.starts,
                posted < table.c.ends,
            ),
        )
        .where(
            col(MessageActivity.workspace_id) == workspace_id,
            posted <= as_of,
            _later(col(MessageActivity.deleted_at), as_of),
            *_union_of_bounds(session, bounds),
        )
        .group_by(
            table.c.channel_id,
            table.c.week,
            col(MessageActivity.user_id),
            col(MessageActivity.side),
        )
    )
    return [
        ActivityCount(int(channel), int(week), user, side, int(n))
        for channel, week, user, side, n in result.all()
    ]


async def roles_at(
    *, session: AsyncSession, workspace_id: int, channel_ids: Sequence[int], at: datetime
) -> list[RoleHolder]:
    """Who held each role of each channel at `at` (the latest assignment by then)."""
    latest = func.row_number().over(
        partition_by=(col(OwnershipAssignment.channel_id), col(OwnershipAssignment.role)),
        order_by=(col(OwnershipAssignment.assigned_at).desc(), col(OwnershipAssignment.id).desc()),
    )
    ranked = (
        select(
            col(OwnershipAssignment.channel_id),
            col(OwnershipAssignment.role),
            col(OwnershipAssignment.user_id),
            latest.label("rank"),
        )
        .where(
            col(OwnershipAssignment.workspace_id) == workspace_id,
            col(OwnershipAssignment.channel_id).in_(list(channel_ids)),
            col(OwnershipAssignment.assigned_at) <= at,
        )
        .subquery("ranked")
    )
    result = await session.execute(
        select(ranked.c.channel_id, ranked.c.role, ranked.c.user_id).where(ranked.c.rank == 1)
    )
    return [RoleHolder(*_values(row)) for row in result.all()]


async def handovers(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_ids: Sequence[int],
    since: datetime,
    until: datetime,
    as_of: datetime,
) -> list[tuple[int, datetime]]:
    """(channel id, when) of each hand-over in [since, until) by `as_of`; several roles handed
    over at one moment are one hand-over."""
    result = await session.execute(
        select(col(OwnershipAssignment.channel_id), col(OwnershipAssignment.assigned_at))
        .where(
            col(OwnershipAssignment.workspace_id) == workspace_id,
            col(OwnershipAssignment.channel_id).in_(list(channel_ids)),
            col(OwnershipAssignment.kind) == "handover",
            col(OwnershipAssignment.assigned_at) >= since,
            col(OwnershipAssignment.assigned_at) < until,
            col(OwnershipAssignment.assigned_at) <= as_of,
        )
        .distinct()
    )
    return [(channel, at) for channel, at in result.all()]


async def client_members(
    *, session: AsyncSession, workspace_id: int, channel_ids: Sequence[int], at: datetime
) -> dict[int, int]:
    """{channel id: client members at `at`}; channels with none are left out."""
    result = await session.execute(
        select(col(ChannelMember.channel_id), func.count())
        .where(
            col(ChannelMember.workspace_id) == workspace_id,
            col(ChannelMember.channel_id).in_(list(channel_ids)),
            col(ChannelMember.side) == "client",
            col(ChannelMember.joined_at) <= at,
            _later(col(ChannelMember.left_at), at),
        )
        .group_by(col(ChannelMember.channel_id))
    )
    return {int(channel): int(n) for channel, n in result.all()}


# -- export (no text, ever) -------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedQuestion:
    team_id: str
    slack_channel_id: str
    timezone: str
    business_hours: str
    holidays: list[str]
    direction: str
    asker_user_id: str
    asked_at: datetime
    first_response_at: datetime | None
    peer_answered_at: datetime | None
    resolved_at: datetime | None
    withdrawn_at: datetime | None


async def questions_since(
    *, session: AsyncSession, since: datetime, team_id: str | None = None
) -> list[ExportedQuestion]:
    """Questions asked at or after `since` (all workspaces, or one team's), oldest first."""
    statement = (
        select(
            col(Workspace.team_id),
            col(Channel.slack_channel_id),
            col(Channel.timezone),
            col(Channel.business_hours),
            col(Channel.holidays),
            col(Question.direction),
            col(Question.asker_user_id),
            col(Question.asked_at),
            col(Question.first_response_at),
            col(Question.peer_answered_at),
            col(Question.resolved_at),
            col(Question.withdrawn_at),
        )
        .join(Channel, col(Channel.id) == col(Question.channel_id))
        .join(Workspace, col(Workspace.id) == col(Question.workspace_id))
        .where(col(Question.asked_at) >= since)
    )
    if team_id is not None:
        statement = statement.where(col(Workspace.team_id) == team_id)
    result = await session.execute(statement.order_by(col(Question.asked_at), col(Question.id)))
    return [ExportedQuestion(*_values(row)) for row in result.all()]


@dataclass(frozen=True)
class ExportedMessage:
    team_id: str
    slack_channel_id: str
    timezone: str
    user_id: str
    side: str
    posted_at: datetime


async def messages_since(
    *, session: AsyncSession, since: datetime, team_id: str | None = None
) -> list[ExportedMessage]:
    """Live messages' metadata (who, side, when) posted at or after `since`."""
    statement = (
        select(
            col(Workspace.team_id),
            col(Channel.slack_channel_id),
            col(Channel.timezone),
            col(MessageActivity.user_id),
            col(MessageActivity.side),
            col(MessageActivity.posted_at),
        )
        .join(Channel, col(Channel.id) == col(MessageActivity.channel_id))
        .join(Workspace, col(Workspace.id) == col(MessageActivity.workspace_id))
        .where(col(MessageActivity.posted_at) >= since, col(MessageActivity.deleted_at).is_(None))
    )
    if team_id is not None:
        statement = statement.where(col(Workspace.team_id) == team_id)
    result = await session.execute(statement)
    return [ExportedMessage(*_values(row)) for row in result.all()]


def _values(row: Any) -> tuple[Any, ...]:
    """A result row's values, for building the typed row classes above."""
    return tuple(row)
