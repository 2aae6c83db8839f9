"""Naming the accountable people: owner, backup, client lead, and the text of each role.

Every change appends an OwnershipAssignment row (who, when, from → to); nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Services
from bot.domain.ownership import (
    MAX_RESPONSIBILITIES,
    Action,
    AssignmentFact,
    Candidate,
    Holder,
    Refusal,
    Role,
    holders,
    may,
    refusal,
    role_action,
    vacates_backup,
)
from bot.domain.sides import Side
from bot.events import Author, Tenant
from bot.ports import Directory
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.people import person_for, rights_of
from storage.models import Channel
from storage.queries import ownership

Outcome = Literal["changed", "forbidden", "refused"]


@dataclass(frozen=True)
class RoleChange:
    outcome: Outcome
    role: Role
    user_id: str | None = None
    previous_user_id: str | None = None
    refusal: Refusal | None = None
    actor_side: Side | None = "vendor"
    vacated_backup: bool = False


async def actor_side(
    services: Services, directory: Directory, tenant: Tenant, actor: Author
) -> Side | None:
    """The side whose rights the actor has now (asked afresh: see `rights_of`); None: none."""
    return await rights_of(services, directory, tenant, actor)


def allowed(side: Side | None, action: Action) -> bool:
    return side is not None and may(side, action)


async def candidate(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    user_id: str,
    members: Collection[str] | None = None,
) -> Candidate | None:
    """The person named, or None when the platform cannot find them (e.g. another workspace).
    `members`: the channel's members, when the platform could say."""
    profile = await directory.user(user_id)
    if profile is None:
        return None
    person = await person_for(services, directory, tenant, Author(user_id, profile.team_id))
    return Candidate(
        user_id=user_id,
        side=person.side,
        is_bot=profile.is_bot or person.is_bot,
        deleted=profile.deleted,
        in_channel=None if members is None else user_id in members,
    )


async def current_holders(session: AsyncSession, channel: Channel) -> dict[Role, Holder]:
    rows = await ownership.assignments(session=session, channel_id=_id(channel))
    return holders(
        AssignmentFact(r.role, r.user_id, r.kind, r.responsibilities, r.assigned_at) for r in rows
    )


def custom_text(holder: Holder) -> str | None:
    """The role's edited text, carried to the next holder; None when it is the default."""
    return holder.responsibilities if holder.custom else None


async def append(
    session: AsyncSession,
    channel: Channel,
    role: Role,
    *,
    user_id: str | None,
    previous: Holder,
    kind: str,
    by: str,
    at: datetime,
    phase: str | None = None,
    text: str | None = None,
    keep_text: bool = True,
) -> None:
    await ownership.add_assignment(
        session=session,
        values={
            "workspace_id": channel.workspace_id,
            "channel_id": _id(channel),
            "role": role,
            "user_id": user_id,
            "previous_user_id": previous.user_id,
            "kind": kind,
            "phase": phase or channel.phase,
            "responsibilities": custom_text(previous) if keep_text else text,
            "assigned_by": by,
            "assigned_at": at,
        },
    )


async def assign_role(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    channel_id: str,
    actor: Author,
    role: Role,
    user_id: str,
    *,
    members: Collection[str] | None = None,
) -> RoleChange:
    """`/owner set|backup|client @user`; `members`: the channel's, when the platform could say."""
    side = await actor_side(services, directory, tenant, actor)
    if not allowed(side, role_action(role)):
        return RoleChange("forbidden", role, actor_side=side)
    person = await candidate(services, directory, tenant, user_id, members)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        current = await current_holders(session, channel)
        held = {r: h.user_id for r, h in current.items()}
        why = refusal(role, person, held)
        if why is not None:
            return RoleChange("refused", role, user_id, held[role], why, side)
        await append(
            session,
            channel,
            role,
            user_id=user_id,
            previous=current[role],
            kind="set",
            by=actor.user_id,
            at=now,
        )
        vacated = role == "owner" and vacates_backup(user_id, held)
        if vacated:
            await append(
                session,
                channel,
                "backup",
                user_id=None,
                previous=current["backup"],
                kind="set",
                by=actor.user_id,
                at=now,
            )
    return RoleChange("changed", role, user_id, held[role], None, side, vacated)


async def edit_responsibilities(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    channel_id: str,
    actor: Author,
    role: Role,
    text: str | None,
) -> RoleChange:
    """`/owner role <role> <text>` (None: back to the default text). Vendor members only."""
    side = await actor_side(services, directory, tenant, actor)
    if not allowed(side, "edit_role"):
        return RoleChange("forbidden", role, actor_side=side)
    if text is not None and len(text) > MAX_RESPONSIBILITIES:
        return RoleChange("refused", role, refusal="too_long", actor_side=side)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        current = (await current_holders(session, channel))[role]
        await append(
            session,
            channel,
            role,
            user_id=current.user_id,
            previous=current,
            kind="role",
            by=actor.user_id,
            at=now,
            text=text,
            keep_text=False,
        )
    return RoleChange("changed", role, current.user_id, current.user_id, None, side)
