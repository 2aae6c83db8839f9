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
from handlers.slack.failures import attempt
from handlers.slack.resolving import resolve_reply
from handlers.slack.translate import MalformedPayload, tenant


async def on_resolve(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    respond: AsyncRespond,
    services: Services,
) -> None:
    user = (body.get("user") or {}).get("id")
    try:
        question_id = int(action.get("value") or "")
    except ValueError as exc:
        raise MalformedPayload("resolve button without a question id") from exc
    if not isinstance(user, str):
        raise MalformedPayload("action without user")
    result = await resolve_by_id(
        services, SlackDirectory(client), tenant(context), Author(user_id=user), question_id
    )
    await ack()
    reply = resolve_reply(result)
    services.background.spawn(
        attempt("response_url", respond(replace_original=False, **reply), user=user)
    )
