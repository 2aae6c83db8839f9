"""Seeding accountable roles directly, until /owner sets them through Slack."""

from __future__ import annotations

from bot.app import Services
from bot.events import Tenant
from bot.services.context import channel_row, workspace_id
from storage.models import OwnershipAssignment
from tests.slack_fixtures import VENDOR_TEAM


async def seed_channel_role(services: Services, channel_id: str, role: str, user_id: str) -> None:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, Tenant(VENDOR_TEAM), now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        session.add(
            OwnershipAssignment(
                workspace_id=ws,
                channel_id=channel.id,
                role=role,
                user_id=user_id,
                assigned_by=user_id,
                assigned_at=now,
            )
        )
