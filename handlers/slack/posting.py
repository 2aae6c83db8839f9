"""After the ack: post a question into its channel and tie the post to the stored question."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Tenant
from bot.services.asking import QuestionCard, attach_post
from handlers.slack.blocks import question_post
from handlers.slack.directory import SlackDirectory
from handlers.slack.failures import SLACK_FAILURES, log_failure
from handlers.slack.onboarding import onboard
from handlers.slack.safe_text import mentioned_users

log = logging.getLogger(__name__)

Notify = Callable[[str], Awaitable[None]]

NOT_IN_CHANNEL = (
    "Your question is saved, but I am not a member of this channel, so I could not post it. "
    "Invite me with `/invite @ownerbot` and I will post it straight away."
)
COULD_NOT_POST = (
    "Your question is saved, but Slack would not let me post it just now ({error}). "
    "I will post it when I am next invited to the channel; you can also ask again."
)
NOT_CONFIRMED = (
    "Your question is saved, but Slack did not confirm the post in time: it may or may not "
    "show in the channel. If it does not, ask again."
)


async def post_question(
    services: Services,
    client: AsyncWebClient,
    tenant: Tenant,
    card: QuestionCard,
    notify: Notify | None = None,
) -> str | None:
    """Post the card; on success the post's ts becomes the question's thread. None on failure."""
    text, blocks = question_post(card, await _names(client, card.text))
    try:
        response = await client.chat_postMessage(
            channel=card.channel_id, text=text, blocks=blocks, unfurl_links=False
        )
    except SLACK_FAILURES as exc:
        error = log_failure(
            "chat.postMessage", exc, channel=card.channel_id, question=card.question_id
        )
        if notify is not None:
            if error in {"not_in_channel", "channel_not_found"}:
                told = NOT_IN_CHANNEL
            elif error == "timeout":
                told = NOT_CONFIRMED
            else:
                told = COULD_NOT_POST.format(error=error)
            try:
                await notify(told)
            except SLACK_FAILURES as failed:
                log_failure("response_url", failed, user=card.asker_user_id)
        return None
    ts = str(response["ts"])
    await attach_post(services, tenant, card.question_id, ts)
    if not (card.owner_user_id and card.client_lead_user_id):
        await onboard(services, client, tenant, card.channel_id)
    return ts


async def _names(client: AsyncWebClient, text: str, limit: int = 20) -> dict[str, str]:
    """Display names of the people the text mentions (a few; the rest show as ids)."""
    directory = SlackDirectory(client)
    names = {}
    for user_id in mentioned_users(text)[:limit]:
        profile = await directory.user(user_id)
        if profile is not None:
            names[user_id] = profile.name
    return names
