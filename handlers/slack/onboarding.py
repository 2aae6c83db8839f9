"""The onboarding message: once per channel, when the bot joins or a question arrives in a channel
that has no owner or no client lead. Asks for them and says what each role is accountable for."""

from __future__ import annotations

import logging

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.domain.ownership import DEFAULT_RESPONSIBILITIES, ROLE_LABELS, ROLES
from bot.events import Tenant
from bot.services.onboarding import (
    OnboardingClaim,
    claim_onboarding,
    onboarding_posted,
    release_onboarding,
)
from handlers.slack.failures import SLACK_FAILURES, log_failure
from handlers.slack.owner.card import HOW_TO_NAME

log = logging.getLogger(__name__)

INTRO = (
    ":wave: *ownerbot keeps this channel's questions answered.* Each client question is recorded "
    "and timed in business hours, and one named person on each side is accountable for it. "
    "Please name them:"
)


def onboarding_message(claim: OnboardingClaim) -> tuple[str, list[Block]]:
    holders = {"owner": claim.owner, "backup": claim.backup, "client_lead": claim.client_lead}
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=INTRO))]
    for role in ROLES:
        who = holders[role]
        state = f"<@{who}>" if who else f"not named yet: {HOW_TO_NAME[role]}"
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{ROLE_LABELS[role]}* ({state})\n{DEFAULT_RESPONSIBILITIES[role]}"
                )
            )
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="`/owner` shows who is accountable at any time; `/owner help` lists "
                    "the rest."
                )
            ]
        )
    )
    missing = [ROLE_LABELS[r].lower() for r in ("owner", "client_lead") if not holders[r]]
    text = "ownerbot is here. Please name the " + " and the ".join(missing) + " with /owner."
    return text, blocks


async def onboard(
    services: Services, client: AsyncWebClient, tenant: Tenant, channel_id: str
) -> bool:
    """Post the channel's onboarding message if it is due; True when this call posted it."""
    claim = await claim_onboarding(services, tenant, channel_id)
    if claim is None:
        return False
    text, blocks = onboarding_message(claim)
    try:
        await client.chat_postMessage(channel=channel_id, text=text, blocks=blocks)
    except SLACK_FAILURES as exc:
        log_failure("chat.postMessage", exc, channel=channel_id, note="onboarding")
        await release_onboarding(services, tenant, claim)
        return False
    onboarding_posted(services, tenant, claim)
    return True


def onboard_later(
    services: Services, client: AsyncWebClient, tenant: Tenant, channel_id: str
) -> None:
    """After a question arrives (the handler has stored it): onboard the channel if it is due."""
    services.background.spawn(onboard(services, client, tenant, channel_id))
