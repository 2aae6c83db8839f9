"""After the ack: post a question into its channel and tie the post to the stored question."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Tenant
from bot.services.asking import QuestionCard, attach_post
from handlers.slack.blocks import question_post
from handlers.slack.directory import SlackDirectory
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
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        log.warning(
            "could not post question %s in %s: %s", card.question_id, card.channel_id, error
        )
        if notify is not None:
            missing = error in {"not_in_channel", "channel_not_found"}
            await notify(NOT_IN_CHANNEL if missing else COULD_NOT_POST.format(error=error))
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
