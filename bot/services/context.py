"""Per-request footing shared by the use cases: the tenant's row and the channel's settings."""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.business_time import BusinessCalendar
from bot.events import Tenant
from bot.settings import Settings
from storage.models import Channel
from storage.queries import tenancy


def channel_defaults(settings: Settings) -> dict[str, Any]:
    return {
        "timezone": settings.default_timezone,
        "business_hours": settings.default_business_hours,
        "sla_minutes": settings.default_sla_minutes,
        "digest_time": settings.default_digest_time,
    }


# A workspace's row id never changes: remember it per database (weakly, so a disposed engine's
# memory goes with it and two databases in one process never share ids).
_WORKSPACE_IDS: weakref.WeakKeyDictionary[Engine, dict[Tenant, int]] = weakref.WeakKeyDictionary()


async def workspace_id(session: AsyncSession, tenant: Tenant, now: datetime) -> int:
    engine = getattr(session.bind, "sync_engine", None)
    known = _WORKSPACE_IDS.setdefault(engine, {}) if isinstance(engine, Engine) else {}
    found = known.get(tenant)
    if found is None:
        found = await tenancy.workspace_id(
            session=session, team_id=tenant.team_id, enterprise_id=tenant.enterprise_id, now=now
        )
        known[tenant] = found
    return found


async def channel_row(
    session: AsyncSession, settings: Settings, workspace: int, channel_id: str, now: datetime
) -> Channel:
    return await tenancy.ensure_channel(
        session=session,
        workspace_id=workspace,
        slack_channel_id=channel_id,
        defaults=channel_defaults(settings),
        now=now,
    )


def calendar(channel: Channel) -> BusinessCalendar:
    return BusinessCalendar.from_settings(
        channel.business_hours, channel.timezone, channel.holidays or ()
    )


def row_id(row: object) -> int:
    """The primary key of a stored row (always set once it has been read back)."""
    value = getattr(row, "id", None)
    assert isinstance(value, int), "row has no id: was it read back from the database?"
    return value
