"""Helpers for the prompt and reminder tests: roles, channel settings, one real sweep."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update

from bot.app import Services
from bot.events import Tenant
from bot.jobs import JobContext, reminder_sweep
from bot.services.context import channel_row, workspace_id
from bot.services.reminders import SweepReport
from handlers.slack import build_client
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel, OwnershipAssignment
from tests.e2e.owners import seed_channel_role
from tests.slack_fixtures import (
    CLIENT_LEAD,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_OWNER,
    VENDOR_TEAM,
)

LEADS_CHANNEL = "C0LEADS"

# Wednesday 18 November 2026, the default channel: Mon-Fri 09:00-17:00 UTC, a 240-minute target.
WED = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, UTC (18 is a Wednesday, 20 a Friday, 23 a Monday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def seed_roles(
    services: Services,
    *,
    owner: str | None = VENDOR_OWNER,
    backup: str | None = VENDOR_BACKUP,
    client_lead: str | None = CLIENT_LEAD,
    channel: str = SHARED_CHANNEL,
) -> None:
    for role, user in (("owner", owner), ("backup", backup), ("client_lead", client_lead)):
        if user is not None:
            await seed_channel_role(services, channel, role, user)


async def seed_handover(
    services: Services, *, previous: str, new: str, when: datetime, channel: str = SHARED_CHANNEL
) -> None:
    """An owner hand-over row, as `/owner handover` writes it."""
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, Tenant(VENDOR_TEAM), when)
        row = await channel_row(session, services.settings, ws, channel, when)
        session.add(
            OwnershipAssignment(
                workspace_id=ws,
                channel_id=row.id,
                role="owner",
                user_id=new,
                previous_user_id=previous,
                kind="handover",
                assigned_by=previous,
                assigned_at=when,
            )
        )


async def configure_channel(
    services: Services, channel: str = SHARED_CHANNEL, **values: Any
) -> None:
    """Change a channel's settings (leads channel, SLA, hours…), creating its row if needed."""
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, Tenant(VENDOR_TEAM), now)
        row = await channel_row(session, services.settings, ws, channel, now)
        await session.execute(update(Channel).where(Channel.id == row.id).values(**values))


def add_leads_channel(slack: SlackStandIn) -> None:
    slack.add_channel(LEADS_CHANNEL, "delivery-leads", members=[VENDOR_OWNER, VENDOR_BACKUP])


async def sweep(services: Services, client: Any | None = None) -> SweepReport:
    """One reminder sweep, as the scheduler runs it (the same job function, a fresh messenger)."""
    client = client or build_client(services)
    report = await reminder_sweep(
        JobContext(services, SlackMessenger(client), SlackDirectory(client))
    )
    assert report is not None
    return report


def dms(slack: SlackStandIn, user: str) -> list[dict[str, Any]]:
    return slack.messages(user)


def texts(messages: list[dict[str, Any]]) -> list[str]:
    """Each message's fallback text and blocks, as one searchable string."""
    return [f"{m['text']} {m['blocks']}" for m in messages]


def action_ids(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
