"""Questions as the accountable people see them: open ones, recent ones, the last digest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Channel, DigestRun, Question


def _open() -> Any:
    """Neither answered nor resolved nor withdrawn (DESIGN "Counts": open)."""
    return and_(
        col(Question.withdrawn_at).is_(None),
        col(Question.resolved_at).is_(None),
        col(Question.first_response_at).is_(None),
    )


async def open_client_questions(
    *, session: AsyncSession, channel_id: int, limit: int | None = None
) -> list[Question]:
    """The channel's open client questions, oldest first."""
    statement = (
        select(Question)
        .where(col(Question.channel_id) == channel_id, col(Question.direction) == "client", _open())
        .order_by(col(Question.asked_at), col(Question.id))
    )
    if limit is not None:
        statement = statement.limit(limit)
    result = await session.execute(statement)
    return list(result.scalars().all())


async def client_questions_since(
    *, session: AsyncSession, channel_id: int, since: datetime
) -> list[Question]:
    """Client questions asked at or after `since`, withdrawn ones excluded."""
    result = await session.execute(
        select(Question).where(
            col(Question.channel_id) == channel_id,
            col(Question.direction) == "client",
            col(Question.withdrawn_at).is_(None),
            col(Question.asked_at) >= since,
        )
    )
    return list(result.scalars().all())


async def assign_open(*, session: AsyncSession, channel_id: int, user_id: str) -> list[int]:
    """Make `user_id` the assignee of every open client question of the channel; their ids."""
    ids = [
        int(q.id)
        for q in await open_client_questions(session=session, channel_id=channel_id)
        if q.id is not None
    ]
    if ids:
        await session.execute(
            update(Question).where(col(Question.id).in_(ids)).values(assignee_user_id=user_id)
        )
    return ids


async def open_for_person(
    *,
    session: AsyncSession,
    workspace_id: int,
    user_id: str,
    channel_ids: Sequence[int],
    limit: int,
) -> list[tuple[Question, Channel]]:
    """Open questions assigned to `user_id`, and the open client questions of `channel_ids` (the
    channels they own or back up), oldest first, at most `limit`."""
    mine = col(Question.assignee_user_id) == user_id
    theirs = and_(
        col(Question.channel_id).in_(list(channel_ids)), col(Question.direction) == "client"
    )
    result = await session.execute(
        select(Question, Channel)
        .join(Channel, col(Channel.id) == col(Question.channel_id))
        .where(
            col(Question.workspace_id) == workspace_id,
            _open(),
            or_(mine, theirs) if channel_ids else mine,
        )
        .order_by(col(Question.asked_at), col(Question.id))
        .limit(limit)
    )
    return [(question, channel) for question, channel in result.all()]


async def last_digest_figures(
    *, session: AsyncSession, channel_id: int, look_back: int = 20
) -> tuple[str, dict[str, Any]] | None:
    """(week, figures) of the channel's latest digest that has figures, or None.

    Filtered in Python: a JSON column may hold a JSON null rather than SQL NULL."""
    result = await session.execute(
        select(DigestRun)
        .where(col(DigestRun.channel_id) == channel_id)
        .order_by(col(DigestRun.week).desc())
        .limit(look_back)
    )
    for run in result.scalars().all():
        if isinstance(run.figures, dict) and run.figures:
            return run.week, run.figures
    return None
