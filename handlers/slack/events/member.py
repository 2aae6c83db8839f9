"""The bot joining a channel: post the questions that were asked before it was invited."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.services.asking import unposted
from handlers.slack.onboarding import onboard_later
from handlers.slack.posting import post_question
from handlers.slack.translate import tenant


async def on_member_joined(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext, services: Services
) -> None:
    if event.get("user") != context.bot_user_id or not isinstance(event.get("channel"), str):
        return
    where = tenant(context)
    for card in await unposted(services, where, event["channel"]):
        services.background.spawn(post_question(services, client, where, card))
    onboard_later(services, client, where, event["channel"])
