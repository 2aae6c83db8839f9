"""`/owner settings`: a channel's SLA, hours, timezone, holidays, digest time, auto-capture and
leads channel; every change a vendor member makes is recorded (field, old → new, who, when)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.app import Services
from bot.domain.channel_settings import ChannelSettings
from bot.events import Author, Tenant
from bot.ports import Directory
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.ownership import actor_side, allowed
from storage.models import Channel
from storage.queries import settings_changes


def settings_of(channel: Channel) -> ChannelSettings:
    return ChannelSettings(
        sla_minutes=channel.sla_minutes,
        business_hours=channel.business_hours,
        timezone=channel.timezone,
        holidays=tuple(channel.holidays or ()),
        digest_time=channel.digest_time,
        auto_capture=channel.auto_capture,
        leads_channel_id=channel.leads_channel_id,
    )


@dataclass(frozen=True)
class SettingsView:
    allowed: bool
    settings: ChannelSettings | None = None


async def current_settings(
    services: Services, directory: Directory, tenant: Tenant, channel_id: str, actor: Author
) -> SettingsView:
    """The channel's settings, for a vendor member to edit."""
    if not allowed(await actor_side(services, directory, tenant, actor), "settings"):
        return SettingsView(False)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        return SettingsView(True, settings_of(channel))


@dataclass(frozen=True)
class SettingsSaved:
    allowed: bool
    changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)


async def save_settings(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    channel_id: str,
    actor: Author,
    new: ChannelSettings,
) -> SettingsSaved:
    """Apply validated settings; one SettingChange row per field that changed."""
    if not allowed(await actor_side(services, directory, tenant, actor), "settings"):
        return SettingsSaved(False)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        before, after = settings_of(channel).as_text(), new.as_text()
        changed = [name for name in after if before[name] != after[name]]
        if changed:
            values = {name: getattr(new, name) for name in changed}
            if "holidays" in values:
                values["holidays"] = list(new.holidays)
            await settings_changes.update_channel(
                session=session, channel_id=_id(channel), values=values
            )
        for name in changed:
            await settings_changes.add_change(
                session=session,
                values={
                    "workspace_id": ws,
                    "channel_id": _id(channel),
                    "field": name,
                    "old_value": before[name],
                    "new_value": after[name],
                    "changed_by": actor.user_id,
                    "changed_at": now,
                },
            )
    return SettingsSaved(True, [(name, before[name], after[name]) for name in changed])
