"""The App Home: a person's open questions across channels, and the channels they answer for."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app import Services
from bot.domain.health import assess
from bot.domain.responsiveness import RECENT, QuestionTimes, compliance
from bot.events import Tenant
from bot.services.context import calendar, workspace_id
from bot.services.context import row_id as _id
from bot.services.open_questions import OpenItem, open_item
from storage.queries import accountability, ownership

QUESTION_LIMIT = 40
CHANNEL_LIMIT = 25


@dataclass(frozen=True)
class ChannelHealth:
    channel_id: str  # Slack's id
    role: str  # owner | backup
    status: str  # green | amber | red
    reasons: tuple[str, ...]
    open_questions: int
    compliance: float | None


@dataclass(frozen=True)
class HomeView:
    user_id: str
    questions: list[OpenItem]
    more_questions: bool  # there are more than QUESTION_LIMIT
    channels: list[ChannelHealth]
    more_channels: int


async def home_for(services: Services, tenant: Tenant, user_id: str) -> HomeView:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        held = [
            (channel, role)
            for channel, role in await ownership.roles_held(
                session=session, workspace_id=ws, user_id=user_id
            )
            if role in {"owner", "backup"}
        ]
        found = await accountability.open_for_person(
            session=session,
            workspace_id=ws,
            user_id=user_id,
            channel_ids=[_id(channel) for channel, _ in held],
            limit=QUESTION_LIMIT + 1,
        )
        channels = []
        for channel, role in held[:CHANNEL_LIMIT]:
            roles = await ownership.current_roles(session=session, channel_id=_id(channel))
            recent = await accountability.client_questions_since(
                session=session, channel_id=_id(channel), since=now - RECENT
            )
            still_open = await accountability.open_client_questions(
                session=session, channel_id=_id(channel)
            )
            times = [QuestionTimes(q.asked_at, q.first_response_at, q.resolved_at) for q in recent]
            share = compliance(calendar(channel), channel.sla_minutes, times, now)
            # DESIGN's health, from ownership and the last four weeks' SLA compliance; the
            # participation trend is the weekly digest's to judge.
            health = assess(
                owner=roles.get("owner"),
                client_lead=roles.get("client_lead"),
                compliance=share,
                active_client_members=(),
            )
            channels.append(
                ChannelHealth(
                    channel.slack_channel_id,
                    role,
                    health.status,
                    health.reasons,
                    len(still_open),
                    share,
                )
            )
    return HomeView(
        user_id=user_id,
        questions=[open_item(q, channel, now) for q, channel in found[:QUESTION_LIMIT]],
        more_questions=len(found) > QUESTION_LIMIT,
        channels=channels,
        more_channels=max(0, len(held) - CHANNEL_LIMIT),
    )
