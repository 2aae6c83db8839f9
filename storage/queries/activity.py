"""Message metadata for participation: who, side, when, thread. Never text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import MessageActivity
from storage.queries.upsert import insert_ignore


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
