"""The /owner settings modal's submission: validated field by field, then saved and recorded."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.domain.channel_settings import validate
from bot.events import Author
from bot.services.settings_change import save_settings
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import SLACK_FAILURES, log_failure
from handlers.slack.owner.history import SETTING_LABELS, setting_value
from handlers.slack.owner.replies import VENDOR_ONLY
from handlers.slack.owner.settings_modal import submitted
from handlers.slack.translate import MalformedPayload, maybe_id, slack_id, tenant

log = logging.getLogger(__name__)


async def on_settings_submitted(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    services: Services,
) -> None:
    channel_id = slack_id(view.get("private_metadata"), "channel (private_metadata)")
    user = slack_id((body.get("user") or {}).get("id"), "user")
    if not channel_id.startswith(("C", "G")):
        raise MalformedPayload("settings modal without a channel")
    new, errors = validate(submitted(view))
    if new is None:
        await ack(response_action="errors", errors=errors)
        return
    actor = Author(user_id=user, team_id=maybe_id((body.get("user") or {}).get("team_id")))
    saved = await save_settings(
        services, SlackDirectory(client), tenant(context), channel_id, actor, new
    )
    if not saved.allowed:
        await ack(response_action="errors", errors={"sla_minutes": VENDOR_ONLY[:150]})
        return
    await ack()
    if saved.changes:
        lines = [
            f"• {SETTING_LABELS.get(f, f)}: {setting_value(f, old)} → {setting_value(f, new_)}"
            for f, old, new_ in saved.changes
        ]
        text = "Settings saved for this channel:\n" + "\n".join(lines)
    else:
        text = "Nothing changed in this channel's settings."
    services.background.spawn(_tell(client, channel_id, user, text))


async def _tell(client: AsyncWebClient, channel_id: str, user: str, text: str) -> None:
    try:
        await client.chat_postEphemeral(channel=channel_id, user=user, text=text)
    except SLACK_FAILURES as exc:
        log_failure("chat.postEphemeral", exc, channel=channel_id, user=user, note="settings")
