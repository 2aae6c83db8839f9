""":question: marks a question, :eyes: acknowledges it, :white_check_mark: resolves it."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.services.questions import record_reaction
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import prompt_owner_later
from handlers.slack.onboarding import onboard_later
from handlers.slack.translate import event_id, reaction_added


async def on_reaction_added(
    body: dict[str, Any],
    event: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: Services,
) -> None:
    reaction = reaction_added(context, event, event_id(body))
    if reaction is not None:
        outcome = await record_reaction(services, SlackDirectory(client), reaction)
        if outcome.kind == "created" and outcome.question_id is not None:
            prompt_owner_later(services, client, outcome.question_id)
            onboard_later(services, client, reaction.tenant, reaction.channel_id)
