"""/ask <question> · /ask (opens a modal) · /ask resolve."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import AskCommand, Author
from bot.services.asking import record_ask, resolve_in_channel
from handlers.slack.blocks import ask_modal
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import attempt, respond_privately
from handlers.slack.messenger import post_then_prompt
from handlers.slack.resolving import resolve_reply
from handlers.slack.translate import maybe_id, slack_id, tenant

NOT_HERE = (
    "`/ask` works in a client channel, where both teams can see the question. "
    "Open the channel you share with the client and type `/ask` followed by your question."
)
# `/ask @client-person question`: a vendor member's question to someone on the client side.
_ADDRESSEE = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*")


def _is_conversation_with_people(body: dict[str, Any]) -> bool:
    channel = str(body.get("channel_id") or "")
    name = str(body.get("channel_name") or "")
    return (
        channel.startswith(("C", "G"))
        and name not in {"directmessage", "privategroup"}
        and not (name.startswith("mpdm-"))
    )


async def ask_command(
    ack: AsyncAck,
    body: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    respond: AsyncRespond,
    services: Services,
) -> None:
    text = str(body.get("text") or "").strip()
    user_id = slack_id(body.get("user_id"), "user_id")
    if not _is_conversation_with_people(body):
        await ack(response_type="ephemeral", text=NOT_HERE)
        return
    where = tenant(context)
    channel_id = slack_id(body.get("channel_id"), "channel_id")
    directory = SlackDirectory(client)
    if text.lower() == "resolve":
        result = await resolve_in_channel(
            services, directory, where, channel_id, Author(user_id=user_id)
        )
        await ack(**resolve_reply(result))
        return
    if not text:
        await ack()
        trigger = str(body.get("trigger_id") or "")
        opening = client.views_open(trigger_id=trigger, view=ask_modal(channel_id))
        services.background.spawn(
            attempt("views.open", opening, channel=channel_id, user=user_id, view="ask")
        )
        return
    addressee = _ADDRESSEE.match(text)
    question_id = await record_ask(
        services,
        directory,
        AskCommand(
            tenant=where,
            channel_id=channel_id,
            asker=Author(user_id=user_id, team_id=maybe_id(body.get("user_team"))),
            text=text,
            at=services.clock.now(),  # commands carry no timestamp: timed on arrival
            source="ask",
            request_key=str(body.get("trigger_id") or f"{user_id}:{services.clock.now()}"),
            addressee_user_id=addressee.group(1) if addressee else None,
        ),
    )
    await ack()

    async def tell(message: str) -> None:
        await respond_privately(
            respond, response_type="ephemeral", replace_original=False, text=message
        )

    services.background.spawn(post_then_prompt(services, client, where, question_id, tell))
