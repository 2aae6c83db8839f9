"""Per-request footing shared by the use cases: the tenant's row and the channel's settings."""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

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


# A workspace's and a channel's row ids never change (neither is ever deleted): remember them per
# database (weakly, so a disposed engine's memory goes with it and two databases in one process
# never share ids). An id is remembered once the transaction that read it commits: one that
# created the row and then rolled back must not leave an id behind that no row has.
_WORKSPACE_IDS: weakref.WeakKeyDictionary[Engine, dict[Tenant, int]] = weakref.WeakKeyDictionary()
_CHANNEL_IDS: weakref.WeakKeyDictionary[Engine, dict[tuple[int, str], int]] = (
    weakref.WeakKeyDictionary()
)
_ON_COMMIT = "ids to remember once committed"


def _memory(session: AsyncSession, kind: weakref.WeakKeyDictionary[Engine, Any]) -> dict[Any, int]:
    engine = getattr(session.bind, "sync_engine", None)
    return kind.setdefault(engine, {}) if isinstance(engine, Engine) else {}


def _remember_on_commit(
    session: AsyncSession, memory: dict[Any, int], key: Any, value: int
) -> None:
    session.sync_session.info.setdefault(_ON_COMMIT, []).append((memory, key, value))


@event.listens_for(Session, "after_commit")
def _remember_committed(session: Session) -> None:
    for memory, key, value in session.info.pop(_ON_COMMIT, ()):
        memory[key] = value


@event.listens_for(Session, "after_rollback")
def _forget_uncommitted(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)


async def workspace_id(session: AsyncSession, tenant: Tenant, now: datetime) -> int:
    known = _memory(session, _WORKSPACE_IDS)
    found = known.get(tenant)
    if found is None:
        found = await tenancy.workspace_id(
            session=session, team_id=tenant.team_id, enterprise_id=tenant.enterprise_id, now=now
        )
        _remember_on_commit(session, known, tenant, found)
    return found


async def channel_key(
    session: AsyncSession, settings: Settings, workspace: int, channel_id: str, now: datetime
) -> int:
    """The channel's row id, created on first sight; remembered, unlike its settings."""
    known = _memory(session, _CHANNEL_IDS)
    found = known.get((workspace, channel_id))
    if found is None:
        found = row_id(await channel_row(session, settings, workspace, channel_id, now))
        _remember_on_commit(session, known, (workspace, channel_id), found)
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
