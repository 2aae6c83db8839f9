"""The Resolve button on a question post (and in the /ask resolve chooser)."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Author
from bot.services.asking import resolve_by_id
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import respond_privately
from handlers.slack.resolving import resolve_reply
from handlers.slack.translate import row_number, slack_id, tenant


async def on_resolve(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    respond: AsyncRespond,
    services: Services,
) -> None:
    user = slack_id((body.get("user") or {}).get("id"), "user")
    question_id = row_number(action.get("value"), "the resolve button's question")
    result = await resolve_by_id(
        services, SlackDirectory(client), tenant(context), Author(user_id=user), question_id
    )
    await ack()
    reply = resolve_reply(result)
    services.background.spawn(respond_privately(respond, replace_original=False, **reply))
