"""Accountable roles: an append-only history; the latest row per role is the current holder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Channel, OwnershipAssignment


def _current_roles() -> Any:
    latest = (
        select(
            col(OwnershipAssignment.role),
            func.max(col(OwnershipAssignment.id)).label("last_id"),
        )
        .where(col(OwnershipAssignment.channel_id) == bindparam("channel_id"))
        .group_by(col(OwnershipAssignment.role))
        .subquery()
    )
    return select(col(OwnershipAssignment.role), col(OwnershipAssignment.user_id)).join(
        latest, col(OwnershipAssignment.id) == latest.c.last_id
    )


# Read with nearly every question: built once, the channel bound at execution.
_CURRENT_ROLES = _current_roles()


async def current_roles(*, session: AsyncSession, channel_id: int) -> dict[str, str | None]:
    """{role: user id or None} for the roles ever assigned in the channel."""
    result = await session.execute(_CURRENT_ROLES, {"channel_id": channel_id})
    return {role: user for role, user in result.all()}


async def assignments(*, session: AsyncSession, channel_id: int) -> list[OwnershipAssignment]:
    """The channel's whole role history, oldest first (a handful of rows per channel)."""
    result = await session.execute(
        select(OwnershipAssignment)
        .where(col(OwnershipAssignment.channel_id) == channel_id)
        .order_by(col(OwnershipAssignment.assigned_at), col(OwnershipAssignment.id))
    )
    return list(result.scalars().all())


async def add_assignment(*, session: AsyncSession, values: dict[str, Any]) -> None:
    """Append one change of a role; earlier rows are never touched."""
    session.add(OwnershipAssignment(**values))
    await session.flush()


async def recent_assignments(
    *, session: AsyncSession, channel_id: int, limit: int
) -> tuple[list[OwnershipAssignment], int]:
    """The newest `limit` changes, newest first, and how many there are in all."""
    where = col(OwnershipAssignment.channel_id) == channel_id
    total = await session.scalar(select(func.count()).select_from(OwnershipAssignment).where(where))
    result = await session.execute(
        select(OwnershipAssignment)
        .where(where)
        .order_by(col(OwnershipAssignment.assigned_at).desc(), col(OwnershipAssignment.id).desc())
        .limit(limit)
    )
    return list(result.scalars().all()), int(total or 0)


async def roles_held(
    *, session: AsyncSession, workspace_id: int, user_id: str
) -> list[tuple[Channel, str]]:
    """(channel, role) for every channel of the workspace where `user_id` currently holds a role."""
    latest = (
        select(func.max(col(OwnershipAssignment.id)).label("last_id"))
        .where(col(OwnershipAssignment.workspace_id) == workspace_id)
        .group_by(col(OwnershipAssignment.channel_id), col(OwnershipAssignment.role))
        .subquery()
    )
    result = await session.execute(
        select(Channel, col(OwnershipAssignment.role))
        .join(latest, col(OwnershipAssignment.id) == latest.c.last_id)
        .join(Channel, col(Channel.id) == col(OwnershipAssignment.channel_id))
        .where(col(OwnershipAssignment.user_id) == user_id)
        .order_by(col(Channel.id), col(OwnershipAssignment.role))
    )
    return [(channel, str(role)) for channel, role in result.all()]


async def claim_onboarding(*, session: AsyncSession, channel_id: int, now: datetime) -> bool:
    """Compare-and-set: True for exactly one caller, the one that marks the channel onboarded."""
    result: Any = await session.execute(
        update(Channel)
        .where(col(Channel.id) == channel_id, col(Channel.onboarded_at).is_(None))
        .values(onboarded_at=now)
    )
    return bool(result.rowcount)


async def release_onboarding(
    *, session: AsyncSession, channel_id: int, claimed_at: datetime
) -> None:
    """Undo a claim whose message could not be posted, so the next occasion tries again."""
    await session.execute(
        update(Channel)
        .where(col(Channel.id) == channel_id, col(Channel.onboarded_at) == claimed_at)
        .values(onboarded_at=None)
    )
