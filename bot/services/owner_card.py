"""`/owner`: who is accountable in a channel, since when, and how the channel is answered lately."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app import Services
from bot.domain.ownership import Holder, Role
from bot.domain.responsiveness import RECENT, QuestionTimes, median_first_response
from bot.events import Tenant
from bot.services.context import calendar, channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.ownership import current_holders
from storage.queries import accountability


@dataclass(frozen=True)
class OwnerCard:
    channel_id: str
    phase: str
    holders: dict[Role, Holder]
    open_questions: int
    median_minutes: float | None  # first response, business minutes, last four weeks
    answered: int  # how many answered questions the median is over
    sla_minutes: int
    timezone: str


async def owner_card(services: Services, tenant: Tenant, channel_id: str) -> OwnerCard:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        current = await current_holders(session, channel)
        still_open = await accountability.open_client_questions(
            session=session, channel_id=_id(channel)
        )
        recent = await accountability.client_questions_since(
            session=session, channel_id=_id(channel), since=now - RECENT
        )
    times = [QuestionTimes(q.asked_at, q.first_response_at, q.resolved_at) for q in recent]
    return OwnerCard(
        channel_id=channel_id,
        phase=channel.phase,
        holders=current,
        open_questions=len(still_open),
        median_minutes=median_first_response(calendar(channel), times),
        answered=sum(1 for t in times if t.first_response_at is not None),
        sla_minutes=channel.sla_minutes,
        timezone=channel.timezone,
    )
