"""`/owner history`: every change of roles and settings in a channel, newest first, bounded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.app import Services
from bot.events import Author, Tenant
from bot.ports import Directory
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.ownership import actor_side, allowed
from storage.queries import ownership, settings_changes

HISTORY_LIMIT = 25


@dataclass(frozen=True)
class Change:
    at: datetime
    by: str
    kind: str  # set | handover | role (an OwnershipAssignment) | setting (a SettingChange)
    subject: str  # the role, or the setting's field
    old: str | None
    new: str | None
    phase: str | None = None


@dataclass(frozen=True)
class History:
    allowed: bool
    changes: list[Change]
    total: int  # all changes ever; more than len(changes) when some are not shown
    timezone: str = "UTC"  # the channel's, for dates


async def history(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    channel_id: str,
    actor: Author,
    limit: int = HISTORY_LIMIT,
) -> History:
    if not allowed(await actor_side(services, directory, tenant, actor), "history"):
        return History(False, [], 0)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        roles, role_total = await ownership.recent_assignments(
            session=session, channel_id=_id(channel), limit=limit
        )
        settings, setting_total = await settings_changes.recent_changes(
            session=session, channel_id=_id(channel), limit=limit
        )
    changes = [
        Change(
            r.assigned_at,
            r.assigned_by,
            r.kind,
            r.role,
            r.previous_user_id,
            r.responsibilities if r.kind == "role" else r.user_id,
            r.phase,
        )
        for r in roles
    ] + [
        Change(s.changed_at, s.changed_by, "setting", s.field, s.old_value, s.new_value)
        for s in settings
    ]
    # Both lists are newest first; a stable sort keeps each table's own order on equal times.
    changes.sort(key=lambda change: change.at, reverse=True)
    return History(True, changes[:limit], role_total + setting_total, channel.timezone)
