"""Members joining and leaving. The bot joining: post the questions asked before it was invited,
greet the channel, and read who is in it. People joining or leaving: recorded with their side."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Author
from bot.services.asking import unposted
from bot.services.membership import record_member_joined, record_member_left
from bot.services.people import person_for
from handlers.slack.directory import SlackDirectory
from handlers.slack.members import sync_channel_members
from handlers.slack.onboarding import onboard_later
from handlers.slack.posting import post_question
from handlers.slack.translate import slack_id, slack_time, tenant


def _who_and_where(event: dict[str, Any]) -> tuple[str, str]:
    return slack_id(event.get("user"), "user"), slack_id(event.get("channel"), "channel")


async def on_member_joined(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext, services: Services
) -> None:
    user, channel = _who_and_where(event)
    where = tenant(context)
    if user == context.bot_user_id:
        for card in await unposted(services, where, channel):
            services.background.spawn(post_question(services, client, where, card))
        onboard_later(services, client, where, channel)
        services.background.spawn(sync_channel_members(services, client, where, channel))
        return
    # Stored before the ack, like every event: a failure here gets a 500 and Slack's retry.
    person = await person_for(services, SlackDirectory(client), where, Author(user_id=user))
    if not person.is_bot:
        at = slack_time(event.get("event_ts"))
        await record_member_joined(services, where, channel, user, person.side, at)


async def on_member_left(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext, services: Services
) -> None:
    user, channel = _who_and_where(event)
    if user == context.bot_user_id:
        return
    where = tenant(context)
    person = await person_for(services, SlackDirectory(client), where, Author(user_id=user))
    if not person.is_bot:
        at = slack_time(event.get("event_ts"))
        await record_member_left(services, where, channel, user, person.side, at)
