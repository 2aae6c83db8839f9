"""Who is in a channel: people joining and leaving are recorded as they happen, and the whole list
is read (conversations.members) when the bot joins, so the digest's "client members" is right."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Author, Tenant
from bot.services.membership import sync_members
from bot.services.people import person_for
from handlers.slack.directory import SlackDirectory

log = logging.getLogger(__name__)


async def sync_channel_members(
    services: Services, client: AsyncWebClient, tenant: Tenant, channel_id: str
) -> int:
    """Read the channel's members, decide each one's side, and record the list; how many people."""
    directory = SlackDirectory(client)
    people: list[tuple[str, str]] = []
    cursor: str | None = None
    try:
        while True:
            page = await client.conversations_members(channel=channel_id, cursor=cursor, limit=200)
            for user_id in page.get("members") or []:
                person = await person_for(services, directory, tenant, Author(user_id=user_id))
                if not person.is_bot:
                    people.append((user_id, person.side))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
    except SlackApiError as exc:
        log.warning("could not read the members of %s: %s", channel_id, exc.response.get("error"))
        return 0
    await sync_members(services, tenant, channel_id, people, services.clock.now())
    return len(people)
