"""Workspaces and channels: found or created on first sight, idempotently."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Channel, Workspace
from storage.queries.upsert import insert_ignore


async def workspace_id(
    *, session: AsyncSession, team_id: str, enterprise_id: str = "", now: datetime
) -> int:
    found = await session.scalar(
        select(Workspace.id).where(
            Workspace.team_id == team_id, Workspace.enterprise_id == enterprise_id
        )
    )
    if found is not None:
        return int(found)
    await insert_ignore(
        session=session,
        model=Workspace,
        values={"team_id": team_id, "enterprise_id": enterprise_id, "installed_at": now},
        keys=["enterprise_id", "team_id"],
    )
    created = await session.scalar(
        select(Workspace.id).where(
            Workspace.team_id == team_id, Workspace.enterprise_id == enterprise_id
        )
    )
    assert created is not None
    return int(created)


async def channel(
    *, session: AsyncSession, workspace_id: int, slack_channel_id: str
) -> Channel | None:
    result = await session.execute(
        select(Channel).where(
            col(Channel.workspace_id) == workspace_id,
            col(Channel.slack_channel_id) == slack_channel_id,
        )
    )
    return result.scalars().first()


async def ensure_channel(
    *,
    session: AsyncSession,
    workspace_id: int,
    slack_channel_id: str,
    defaults: dict[str, Any],
    now: datetime,
) -> Channel:
    """The channel's row, created with the configured defaults the first time it is seen."""
    found = await channel(
        session=session, workspace_id=workspace_id, slack_channel_id=slack_channel_id
    )
    if found is not None:
        return found
    await insert_ignore(
        session=session,
        model=Channel,
        values={
            "workspace_id": workspace_id,
            "slack_channel_id": slack_channel_id,
            "created_at": now,
            "holidays": [],
            **defaults,
        },
        keys=["workspace_id", "slack_channel_id"],
    )
    created = await channel(
        session=session, workspace_id=workspace_id, slack_channel_id=slack_channel_id
    )
    assert created is not None
    return created
