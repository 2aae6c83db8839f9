"""The owner prompt's controls: I'll take it · Resolve · Snooze, and the Open thread link.

The change is stored before the ack; the DM is redrawn (chat.update) and any refusal told
privately (response_url) after it."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Author
from bot.services.prompts import (
    RESOLVE,
    SNOOZE_HOUR,
    SNOOZE_TOMORROW,
    TAKE,
    PromptOutcome,
    act_on_prompt,
)
from handlers.slack import render
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import attempt
from handlers.slack.messenger import SlackMessenger
from handlers.slack.translate import MalformedPayload, tenant

_BUTTONS = {render.PROMPT_TAKE: TAKE, render.PROMPT_RESOLVE: RESOLVE}
_SNOOZES = {render.SNOOZE_HOUR: SNOOZE_HOUR, render.SNOOZE_TOMORROW: SNOOZE_TOMORROW}


async def on_open_thread(ack: AsyncAck) -> None:
    """A link button still sends an action: acknowledge it, Slack opens the link itself."""
    await ack()


async def on_prompt_action(
    ack: AsyncAck,
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
    respond: AsyncRespond,
    services: Services,
) -> None:
    question_id, choice = _parse(action)
    user = body.get("user") or {}
    user_id = user.get("id")
    if not isinstance(user_id, str) or not user_id:
        raise MalformedPayload("action without user")
    team = user.get("team_id")
    outcome = await act_on_prompt(
        services,
        SlackDirectory(client),
        tenant(context),
        Author(user_id=user_id, team_id=team if isinstance(team, str) else None),
        question_id,
        choice,
    )
    await ack()
    services.background.spawn(_answer(client, body, respond, outcome))


def _parse(action: dict[str, Any]) -> tuple[int, str]:
    action_id = action.get("action_id")
    if action_id == render.PROMPT_SNOOZE:
        raw = str((action.get("selected_option") or {}).get("value") or "")
        number, _, option = raw.partition(":")
        choice = _SNOOZES.get(option)
    else:
        number = str(action.get("value") or "")
        choice = _BUTTONS.get(str(action_id))
    if choice is None or not number.isdigit():
        raise MalformedPayload(f"prompt action {action_id!r} without a question or a choice")
    return int(number), choice


async def _answer(
    client: AsyncWebClient, body: dict[str, Any], respond: AsyncRespond, outcome: PromptOutcome
) -> None:
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts")
    if outcome.prompt is not None and isinstance(channel, str) and isinstance(ts, str):
        await SlackMessenger(client).update(channel, ts, outcome.prompt)
    if outcome.notice:
        notice = respond(response_type="ephemeral", replace_original=False, text=outcome.notice)
        await attempt("response_url", notice, channel=channel, note="prompt notice")
