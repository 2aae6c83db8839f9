"""The /ask modal's submission: the same as /ask with text."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import AskCommand, Author
from bot.services.asking import record_ask
from handlers.slack.blocks import ASK_BLOCK, ASK_INPUT
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import SLACK_FAILURES, log_failure
from handlers.slack.messenger import post_then_prompt
from handlers.slack.translate import MalformedPayload, maybe_id, obj, slack_id, tenant

log = logging.getLogger(__name__)


async def on_ask_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: Services,
) -> None:
    values = obj(obj(view.get("state")).get("values"))
    typed = obj(obj(values.get(ASK_BLOCK)).get(ASK_INPUT)).get("value")
    text = (typed if isinstance(typed, str) else "").strip()
    if not text:
        await ack(response_action="errors", errors={ASK_BLOCK: "Type your question first."})
        return
    channel_id = slack_id(view.get("private_metadata"), "channel (private_metadata)")
    user = slack_id(obj(body.get("user")).get("id"), "user")
    if not channel_id.startswith(("C", "G")):
        raise MalformedPayload("ask modal without a channel")
    where = tenant(context)
    question_id = await record_ask(
        services,
        SlackDirectory(client),
        AskCommand(
            tenant=where,
            channel_id=channel_id,
            asker=Author(user_id=user, team_id=maybe_id(obj(body.get("user")).get("team_id"))),
            text=text,
            at=services.clock.now(),
            source="modal",
            request_key=str(view.get("id") or body.get("trigger_id") or user),
        ),
    )
    await ack()

    async def tell(message: str) -> None:
        # No response_url after a modal: tell the asker in a DM.
        method = "conversations.open"
        try:
            dm = await client.conversations_open(users=user)
            method = "chat.postMessage"
            await client.chat_postMessage(channel=dm["channel"]["id"], text=message)
        except SLACK_FAILURES as exc:
            log_failure(method, exc, user=user, note="ask modal notice")

    services.background.spawn(post_then_prompt(services, client, where, question_id, tell))
