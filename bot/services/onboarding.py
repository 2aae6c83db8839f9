"""One onboarding message per channel, asking for the owner and the client lead.

Claimed with a compare-and-set on Channel.onboarded_at, so the bot joining and two questions
arriving at once still produce one message; a claim whose message could not be posted is
released, so the next occasion tries again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.app import Services
from bot.events import Tenant
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from storage.queries import ownership

# A claim older than this is settled: its post went out, or its release would have come long
# before (Slack calls time out after seconds). Only settled claims are remembered.
SETTLED = timedelta(minutes=5)


@dataclass(frozen=True)
class OnboardingClaim:
    channel_id: str
    owner: str | None
    backup: str | None
    client_lead: str | None
    claimed_at: datetime


async def claim_onboarding(
    services: Services, tenant: Tenant, channel_id: str
) -> OnboardingClaim | None:
    """The claim to post the channel's onboarding message, or None: already onboarded, or both
    the owner and the client lead are named (there is nothing to ask for)."""
    if (tenant, channel_id) in services.onboarded:
        return None  # every question in an onboarded channel asks this: answer from memory
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, channel_id, now)
        if channel.onboarded_at is not None:
            if channel.onboarded_at <= now - SETTLED:
                services.onboarded.add((tenant, channel_id))
            return None
        roles = await ownership.current_roles(session=session, channel_id=_id(channel))
        if roles.get("owner") and roles.get("client_lead"):
            return None
        if not await ownership.claim_onboarding(session=session, channel_id=_id(channel), now=now):
            return None
    return OnboardingClaim(
        channel_id, roles.get("owner"), roles.get("backup"), roles.get("client_lead"), now
    )


def onboarding_posted(services: Services, tenant: Tenant, claim: OnboardingClaim) -> None:
    """This process posted the message: it knows the channel is onboarded without waiting."""
    services.onboarded.add((tenant, claim.channel_id))


async def release_onboarding(services: Services, tenant: Tenant, claim: OnboardingClaim) -> None:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, tenant, now)
        channel = await channel_row(session, services.settings, ws, claim.channel_id, now)
        await ownership.release_onboarding(
            session=session, channel_id=_id(channel), claimed_at=claim.claimed_at
        )
