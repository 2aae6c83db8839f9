"""Message metadata for participation: who, side, when, thread. Never text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import MessageActivity
from storage.queries.upsert import dialect_of, insert_ignore, insert_ignoring


async def record_activity(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_id: int,
    user_id: str,
    side: str,
    ts: str,
    thread_ts: str | None,
    posted_at: datetime,
) -> bool:
    """Store one message's metadata; False when this (channel, ts) was already stored."""
    inserted = await insert_ignore(
        session=session,
        model=MessageActivity,
        values={
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "user_id": user_id,
            "side": side,
            "ts": ts,
            "thread_ts": thread_ts,
            "posted_at": posted_at,
        },
        keys=["channel_id", "ts"],
    )
    return inserted is not None


async def mark_activity_deleted(
    *, session: AsyncSession, channel_id: int, ts: str, at: datetime
) -> None:
    await session.execute(
        update(MessageActivity)
        .where(
            col(MessageActivity.channel_id) == channel_id,
            col(MessageActivity.ts) == ts,
            col(MessageActivity.deleted_at).is_(None),
        )
        .values(deleted_at=at)
    )


async def store_messages(
    *, session: AsyncSession, rows: list[dict[str, Any]]
) -> set[tuple[int, str]]:
    """Store many messages' metadata (MessageActivity columns) in one statement; the
    (channel id, ts) of those not stored before."""
    if not rows:
        return set()
    # Plain columns only in RETURNING: SQLite 3.40 evaluates `col IS NULL` there wrongly.
    statement = insert_ignoring(
        dialect_of(session), MessageActivity, ["channel_id", "ts"], ["channel_id", "ts"]
    )
    # executemany, which SQLAlchemy sends as one multi-row INSERT (a lone message is stored by
    # storage/queries/incoming.py).
    result = await session.execute(statement, rows)
    return {(int(channel), str(ts)) for channel, ts in result.all()}
