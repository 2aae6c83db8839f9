"""Channel messages: stored (metadata, questions, replies) before the ack, so Slack's retry of an
unacknowledged event is what saves it if storing fails."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.services.messages import record_message
from bot.services.questions import record_deletion, record_edit
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import prompt_owner_later
from handlers.slack.onboarding import onboard_later
from handlers.slack.translate import (
    event_id,
    in_a_channel,
    is_person_message,
    message_deleted,
    message_edited,
    message_posted,
    subtype,
    tenant,
)


async def on_message(
    body: dict[str, Any],
    event: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: Services,
) -> None:
    envelope_id = event_id(body)
    kind = subtype(event)
    if not in_a_channel(event):
        return
    if kind == "message_changed":
        await record_edit(services, message_edited(context, event, envelope_id))
    elif kind == "message_deleted":
        await record_deletion(services, message_deleted(context, event, envelope_id))
    elif is_person_message(event):
        outcome = await record_message(
            services, SlackDirectory(client), message_posted(context, event, envelope_id)
        )
        if outcome.kind == "created" and outcome.question_id is not None:
            prompt_owner_later(services, client, outcome.question_id)
            onboard_later(services, client, tenant(context), str(event["channel"]))
