"""Who is a member of a client channel, and on which side: the digest's "client members".

The caller decides each person's side (DESIGN.md "Side") and hands over the time Slack gave the
event (or, for a full sync, the moment the list was read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.app import Services
from bot.domain.localtime import as_utc
from bot.domain.sides import SIDES
from bot.events import Tenant
from bot.services.context import channel_row, row_id, workspace_id
from storage.queries import digest as digest_queries
from storage.queries import membership


def _check_side(side: str) -> str:
    if side not in SIDES:
        raise ValueError(f"side must be 'vendor' or 'client', got {side!r}")
    return side


async def record_member_joined(
    services: Services, tenant: Tenant, channel_id: str, user_id: str, side: str, at: datetime
) -> None:
    """The person joined the channel at `at`."""
    side, at = _check_side(side), as_utc(at, "at")
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        await membership.member_joined(
            session=session,
            workspace_id=ws,
            channel_id=row_id(channel),
            user_id=user_id,
            side=side,
            at=at,
        )


async def record_member_left(
    services: Services, tenant: Tenant, channel_id: str, user_id: str, side: str, at: datetime
) -> None:
    """The person left the channel (or was removed) at `at`."""
    side, at = _check_side(side), as_utc(at, "at")
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        await membership.member_left(
            session=session,
            workspace_id=ws,
            channel_id=row_id(channel),
            user_id=user_id,
            side=side,
            at=at,
        )


async def sync_members(
    services: Services,
    tenant: Tenant,
    channel_id: str,
    members: Sequence[tuple[str, str]],
    at: datetime,
) -> None:
    """The channel's full member list at `at`, as (user id, side): everyone else has left."""
    checked = [(user, _check_side(side)) for user, side in members]
    at = as_utc(at, "at")
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        await membership.replace_members(
            session=session, workspace_id=ws, channel_id=row_id(channel), members=checked, at=at
        )


async def client_members(services: Services, tenant: Tenant, channel_id: str, at: datetime) -> int:
    """How many client members the channel had at `at` (0 for a channel never seen)."""
    at = as_utc(at, "at")
    async with services.sessions() as session:
        found = await digest_queries.channel(
            session=session,
            team_id=tenant.team_id,
            enterprise_id=tenant.enterprise_id,
            slack_channel_id=channel_id,
        )
        if found is None:
            return 0
        return await membership.client_members_at(session=session, channel_id=row_id(found), at=at)
