"""Channel settings and their audit trail: every change appended as a SettingChange row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Channel, SettingChange


async def update_channel(*, session: AsyncSession, channel_id: int, values: dict[str, Any]) -> None:
    await session.execute(update(Channel).where(col(Channel.id) == channel_id).values(**values))


async def add_change(*, session: AsyncSession, values: dict[str, Any]) -> None:
    session.add(SettingChange(**values))
    await session.flush()


async def recent_changes(
    *, session: AsyncSession, channel_id: int, limit: int
) -> tuple[list[SettingChange], int]:
    """The newest `limit` setting changes, newest first, and how many there are in all."""
    where = col(SettingChange.channel_id) == channel_id
    total = await session.scalar(select(func.count()).select_from(SettingChange).where(where))
    result = await session.execute(
        select(SettingChange)
        .where(where)
        .order_by(col(SettingChange.changed_at).desc(), col(SettingChange.id).desc())
        .limit(limit)
    )
    return list(result.scalars().all()), int(total or 0)
