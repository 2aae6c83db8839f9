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
from handlers.slack.failures import respond_privately
from handlers.slack.messenger import SlackMessenger
from handlers.slack.translate import (
    MalformedPayload,
    maybe_id,
    obj,
    row_number,
    slack_id,
    tenant,
)

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
    user_id = slack_id(user.get("id"), "user")
    outcome = await act_on_prompt(
        services,
        SlackDirectory(client),
        tenant(context),
        Author(user_id=user_id, team_id=maybe_id(user.get("team_id"))),
        question_id,
        choice,
    )
    await ack()
    services.background.spawn(_answer(client, body, respond, outcome))


def _parse(action: dict[str, Any]) -> tuple[int, str]:
    action_id = action.get("action_id")
    if action_id == render.PROMPT_SNOOZE:
        raw = str(obj(action.get("selected_option")).get("value") or "")
        number, _, option = raw.partition(":")
        choice = _SNOOZES.get(option)
    else:
        number = str(action.get("value") or "")
        choice = _BUTTONS.get(str(action_id))
    if choice is None:
        raise MalformedPayload(f"prompt action {action_id!r} without a choice")
    return row_number(number, "the prompt's question"), choice


async def _answer(
    client: AsyncWebClient, body: dict[str, Any], respond: AsyncRespond, outcome: PromptOutcome
) -> None:
    container = obj(body.get("container"))
    channel = container.get("channel_id") or obj(body.get("channel")).get("id")
    ts = container.get("message_ts")
    if outcome.prompt is not None and isinstance(channel, str) and isinstance(ts, str):
        await SlackMessenger(client).update(channel, ts, outcome.prompt)
    if outcome.notice:
        await respond_privately(
            respond, response_type="ephemeral", replace_original=False, text=outcome.notice
        )
