"""After a hand-over's ack: the summary in the channel and in the new owner's DM, then the
reassigned questions' prompts re-sent to the new owner."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.services.handover import HandoverResult
from bot.services.prompts import prompt_for_question
from handlers.slack.failures import SLACK_FAILURES, log_failure
from handlers.slack.messenger import SlackMessenger
from handlers.slack.owner.handover_message import handover_message

log = logging.getLogger(__name__)


async def announce_handover(
    services: Services, client: AsyncWebClient, result: HandoverResult
) -> None:
    summary = result.summary
    if summary is None:
        return
    text, blocks = handover_message(summary)
    try:
        await client.chat_postMessage(
            channel=summary.channel_id, text=text, blocks=blocks, unfurl_links=False
        )
    except SLACK_FAILURES as exc:
        log_failure("chat.postMessage", exc, channel=summary.channel_id, note="handover summary")
    method = "conversations.open"
    try:
        dm = await client.conversations_open(users=summary.new_owner)
        method = "chat.postMessage"
        await client.chat_postMessage(
            channel=dm["channel"]["id"], text=text, blocks=blocks, unfurl_links=False
        )
    except SLACK_FAILURES as exc:
        log_failure(method, exc, user=summary.new_owner, note="handover summary")
    await resend_prompts(services, client, result.reassigned)


async def resend_prompts(
    services: Services, client: AsyncWebClient, question_ids: list[int]
) -> list[int]:
    """Re-send each reassigned question's owner prompt (a DM with its buttons) to the new owner,
    oldest first; one messenger, so the DM is opened once. The ids prompted."""
    messenger = SlackMessenger(client)
    for question_id in question_ids:
        await prompt_for_question(services, messenger, question_id)
    return question_ids
