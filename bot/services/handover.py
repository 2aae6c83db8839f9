"""`/owner handover @new [phase]`: the owner role changes hands and takes the open questions along.

One transaction records the hand-over row (kind handover, the previous owner, the phase), moves the
channel to the new phase, and makes the new owner the assignee of every open client question. The
summary the new owner needs (open questions oldest first, SLA, client lead, last digest) comes back
for the handler to post; re-sending the questions' prompts is `resend_prompts`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.app import Services
from bot.domain.ownership import Phase, Refusal, handover_refusal, vacates_backup
from bot.events import Author, Tenant
from bot.ports import Directory
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.open_questions import OpenItem, open_item
from bot.services.ownership import (
    Outcome,
    actor_side,
    allowed,
    append,
    candidate,
    current_holders,
)
from storage.queries import accountability, settings_changes

SUMMARY_QUESTIONS = 15  # listed in the summary; the rest are counted


@dataclass(frozen=True)
class HandoverSummary:
    channel_id: str
    new_owner: str
    previous_owner: str | None
    by: str
    phase: str
    previous_phase: str
    sla_minutes: int
    timezone: str
    client_lead: str | None
    backup: str | None
    open_questions: list[OpenItem]
    open_total: int
    digest: tuple[str, dict[str, Any]] | None  # (week, figures) of the last digest
    at: datetime


@dataclass(frozen=True)
class HandoverResult:
    outcome: Outcome
    refusal: Refusal | None = None
    summary: HandoverSummary | None = None
    reassigned: list[int] = field(default_factory=list)
    vacated_backup: bool = False


async def hand_over(
    services: Services,
    directory: Directory,
    tenant: Tenant,
    channel_id: str,
    actor: Author,
    new_owner: str,
    phase: Phase | None,
    *,
    members: Collection[str] | None = None,
) -> HandoverResult:
    if not allowed(await actor_side(services, directory, tenant, actor), "handover"):
        return HandoverResult("forbidden")
    person = await candidate(services, directory, tenant, new_owner, members)
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        current = await current_holders(session, channel)
        held = {r: h.user_id for r, h in current.items()}
        why = handover_refusal(person, held, phase, channel.phase)
        if why is not None:
            return HandoverResult("refused", why)
        previous_phase = channel.phase
        new_phase = phase or channel.phase
        await append(
            session,
            channel,
            "owner",
            user_id=new_owner,
            previous=current["owner"],
            kind="handover",
            by=actor.user_id,
            at=now,
            phase=new_phase,
        )
        vacated = vacates_backup(new_owner, held)
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
                phase=new_phase,
            )
        if new_phase != previous_phase:
            await settings_changes.update_channel(
                session=session, channel_id=_id(channel), values={"phase": new_phase}
            )
        reassigned = await accountability.assign_open(
            session=session, channel_id=_id(channel), user_id=new_owner
        )
        listed = await accountability.open_client_questions(
            session=session, channel_id=_id(channel), limit=SUMMARY_QUESTIONS
        )
        digest = await accountability.last_digest_figures(session=session, channel_id=_id(channel))
        summary = HandoverSummary(
            channel_id=channel_id,
            new_owner=new_owner,
            previous_owner=held["owner"],
            by=actor.user_id,
            phase=new_phase,
            previous_phase=previous_phase,
            sla_minutes=channel.sla_minutes,
            timezone=channel.timezone,
            client_lead=held["client_lead"],
            backup=None if vacated else held["backup"],
            open_questions=[open_item(q, channel, now) for q in listed],
            open_total=len(reassigned),
            digest=digest,
            at=now,
        )
    return HandoverResult("changed", None, summary, reassigned, vacated)
