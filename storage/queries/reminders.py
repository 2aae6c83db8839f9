"""What the reminder sweep and the owner prompt read and claim.

The sweep reads set-wise, a few statements per tick whatever the number of questions: the open
questions with their channels' settings, the channels' current roles, their latest hand-overs,
then the text of just the questions that are due. Each stage is claimed with a compare-and-set
UPDATE before anything is sent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, update
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Channel, OwnershipAssignment, Question


@dataclass(frozen=True)
class OpenQuestion:
    """An open question and the settings of its channel, as one row of the sweep's read."""

    question_id: int
    workspace_id: int
    channel_id: int
    slack_channel_id: str
    root_ts: str
    direction: str
    asker_user_id: str
    addressee_user_id: str | None
    assignee_user_id: str | None
    asked_at: datetime
    reminder_stage: int
    timezone: str
    business_hours: str
    holidays: list[str]
    sla_minutes: int
    leads_channel_id: str | None


@dataclass(frozen=True)
class Handover:
    previous_user_id: str
    assigned_at: datetime


def _open() -> Any:
    """Neither answered, resolved nor withdrawn."""
    return and_(
        col(Question.first_response_at).is_(None),
        col(Question.resolved_at).is_(None),
        col(Question.withdrawn_at).is_(None),
    )


def _awake(now: datetime) -> Any:
    return or_(col(Question.snoozed_until).is_(None), col(Question.snoozed_until) <= now)


async def open_questions(
    *, session: AsyncSession, now: datetime, below_stage: int, workspace_id: int | None = None
) -> list[OpenQuestion]:
    """Every open, not snoozed question whose stage is below `below_stage`, with its channel's
    settings (of one workspace, when given): one statement, oldest first. The text is left out
    (see `texts`)."""
    scope = () if workspace_id is None else (col(Question.workspace_id) == workspace_id,)
    result = await session.execute(
        select_columns(
            col(Question.id),
            col(Question.workspace_id),
            col(Question.channel_id),
            col(Channel.slack_channel_id),
            col(Question.root_ts),
            col(Question.direction),
            col(Question.asker_user_id),
            col(Question.addressee_user_id),
            col(Question.assignee_user_id),
            col(Question.asked_at),
            col(Question.reminder_stage),
            col(Channel.timezone),
            col(Channel.business_hours),
            col(Channel.holidays),
            col(Channel.sla_minutes),
            col(Channel.leads_channel_id),
        )
        .join(Channel, col(Channel.id) == col(Question.channel_id))
        .where(
            _open(),
            _awake(now),
            col(Question.reminder_stage) < below_stage,
            col(Question.asked_at) <= now,
            *scope,
        )
        .order_by(col(Question.asked_at), col(Question.id))
    )
    return [
        OpenQuestion(
            question_id=row[0] or 0,  # a primary key: never None
            workspace_id=row[1],
            channel_id=row[2],
            slack_channel_id=row[3],
            root_ts=row[4],
            direction=row[5],
            asker_user_id=row[6],
            addressee_user_id=row[7],
            assignee_user_id=row[8],
            asked_at=row[9],
            reminder_stage=row[10],
            timezone=row[11],
            business_hours=row[12],
            holidays=list(row[13] or []),
            sla_minutes=row[14],
            leads_channel_id=row[15],
        )
        for row in result.all()
    ]


async def roles_by_channel(
    *, session: AsyncSession, channel_ids: Collection[int]
) -> dict[int, dict[str, str | None]]:
    """{channel: {role: current holder}} for many channels in one statement."""
    if not channel_ids:
        return {}
    latest = (
        select(func.max(col(OwnershipAssignment.id)).label("last_id"))
        .where(col(OwnershipAssignment.channel_id).in_(list(channel_ids)))
        .group_by(col(OwnershipAssignment.channel_id), col(OwnershipAssignment.role))
        .subquery()
    )
    result = await session.execute(
        select(
            col(OwnershipAssignment.channel_id),
            col(OwnershipAssignment.role),
            col(OwnershipAssignment.user_id),
        ).join(latest, col(OwnershipAssignment.id) == latest.c.last_id)
    )
    roles: dict[int, dict[str, str | None]] = {}
    for channel_id, role, user_id in result.all():
        roles.setdefault(channel_id, {})[role] = user_id
    return roles


async def latest_owner_handovers(
    *, session: AsyncSession, channel_ids: Collection[int]
) -> dict[int, Handover]:
    """{channel: its latest hand-over of the owner role that names the previous owner}."""
    if not channel_ids:
        return {}
    latest = (
        select(func.max(col(OwnershipAssignment.id)).label("last_id"))
        .where(
            col(OwnershipAssignment.channel_id).in_(list(channel_ids)),
            col(OwnershipAssignment.role) == "owner",
            col(OwnershipAssignment.kind) == "handover",
            col(OwnershipAssignment.previous_user_id).is_not(None),
            # A phase-only hand-over (same owner) must not end the previous owner's overlap.
            col(OwnershipAssignment.previous_user_id) != col(OwnershipAssignment.user_id),
        )
        .group_by(col(OwnershipAssignment.channel_id))
        .subquery()
    )
    result = await session.execute(
        select(
            col(OwnershipAssignment.channel_id),
            col(OwnershipAssignment.previous_user_id),
            col(OwnershipAssignment.assigned_at),
        ).join(latest, col(OwnershipAssignment.id) == latest.c.last_id)
    )
    return {
        channel_id: Handover(previous_user_id=previous, assigned_at=at)
        for channel_id, previous, at in result.all()
        if previous is not None
    }


async def texts(*, session: AsyncSession, question_ids: Collection[int]) -> dict[int, str | None]:
    """The stored text of the given questions, in one statement."""
    if not question_ids:
        return {}
    result = await session.execute(
        select(col(Question.id), col(Question.text)).where(col(Question.id).in_(list(question_ids)))
    )
    return {question_id: text for question_id, text in result.all() if question_id is not None}


async def advance_stage(
    *, session: AsyncSession, question_id: int, from_stage: int, to_stage: int, now: datetime
) -> bool:
    """Claim a stage: move the question from `from_stage` to `to_stage` if it is still there and
    still open and awake. True for exactly one of any number of concurrent claimers."""
    statement = (
        update(Question)
        .where(
            col(Question.id) == question_id,
            col(Question.reminder_stage) == from_stage,
            _open(),
            _awake(now),
        )
        .values(reminder_stage=to_stage)
    )
    result: Any = await session.execute(statement)
    return bool(result.rowcount)


async def question_with_channel(
    *, session: AsyncSession, question_id: int, workspace_id: int | None = None
) -> tuple[Question, Channel] | None:
    """A question and its channel; within `workspace_id` when given."""
    params = {"question_id": question_id}
    if workspace_id is not None:
        params["workspace_id"] = workspace_id
    row = (await session.execute(_QUESTION_WITH_CHANNEL[workspace_id is not None], params)).first()
    return None if row is None else (row[0], row[1])


def _question_with_channel(in_workspace: bool) -> Any:
    statement = (
        select(Question, Channel)
        .join(Channel, col(Channel.id) == col(Question.channel_id))
        .where(col(Question.id) == bindparam("question_id"))
        .execution_options(populate_existing=True)
    )
    if in_workspace:
        statement = statement.where(col(Question.workspace_id) == bindparam("workspace_id"))
    return statement


# Read for every new question (card, prompt): built once, values bound at execution.
_QUESTION_WITH_CHANNEL = {flag: _question_with_channel(flag) for flag in (False, True)}


async def take(*, session: AsyncSession, question_id: int, user_id: str, now: datetime) -> bool:
    """ "I'll take it": the user becomes the assignee, and it is the acknowledgement if there was
    none yet. False when the question is resolved or withdrawn."""
    taken: Any = await session.execute(
        update(Question)
        .where(
            col(Question.id) == question_id,
            col(Question.resolved_at).is_(None),
            col(Question.withdrawn_at).is_(None),
        )
        .values(assignee_user_id=user_id)
    )
    if not taken.rowcount:
        return False
    await session.execute(
        update(Question)
        .where(col(Question.id) == question_id, col(Question.acknowledged_at).is_(None))
        .values(acknowledged_at=now, acknowledged_by=user_id)
    )
    return True


async def snooze(*, session: AsyncSession, question_id: int, until: datetime) -> bool:
    """Hold the question's reminders until `until`; False when it is no longer open."""
    result: Any = await session.execute(
        update(Question).where(col(Question.id) == question_id, _open()).values(snoozed_until=until)
    )
    return bool(result.rowcount)
