"""Message metadata for participation: who, side, when, thread. Never text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
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


async def store_messages(
    *, session: AsyncSession, rows: list[dict[str, Any]]
) -> set[tuple[int, str]]:
    """Store many messages' metadata (MessageActivity columns) in one statement; the
    (channel id, ts) of those not stored before."""
    if not rows:
        return set()
    table: Any = MessageActivity.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Plain columns only in RETURNING: SQLite 3.40 evaluates `col IS NULL` there wrongly.
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["channel_id", "ts"])
        .returning(table.c.channel_id, table.c.ts)
    )
    # executemany: SQLAlchemy sends it as one multi-row INSERT and caches its compiled form; a
    # lone row (a quiet moment) skips that machinery.
    if len(rows) == 1:
        result = await session.execute(statement.values(**rows[0]))
    else:
        result = await session.execute(statement, rows)
    return {(int(channel), str(ts)) for channel, ts in result.all()}
