"""Accountable roles: an append-only history; the latest row per role is the current holder."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import OwnershipAssignment


async def current_roles(*, session: AsyncSession, channel_id: int) -> dict[str, str | None]:
    """{role: user id or None} for the roles ever assigned in the channel."""
    latest = (
        select(
            col(OwnershipAssignment.role),
            func.max(col(OwnershipAssignment.id)).label("last_id"),
        )
        .where(col(OwnershipAssignment.channel_id) == channel_id)
        .group_by(col(OwnershipAssignment.role))
        .subquery()
    )
    result = await session.execute(
        select(col(OwnershipAssignment.role), col(OwnershipAssignment.user_id)).join(
            latest, col(OwnershipAssignment.id) == latest.c.last_id
        )
    )
    return {role: user for role, user in result.all()}
