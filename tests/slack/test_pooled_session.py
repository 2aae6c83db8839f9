"""The app's Slack client keeps one HTTP session: calls reuse kept-alive connections instead of
opening a session and a connection each (what slack_sdk does without one), and the session is
closed with the services."""

from __future__ import annotations

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from handlers.slack import SLACK_TIMEOUT, build_client, pooled_session
from handlers.slack.simulator.web_api import SlackStandIn
from tests.slack_fixtures import SHARED_CHANNEL

CALLS = 5


async def test_calls_share_one_connection_and_close_with_the_services(
    services: Services, slack: SlackStandIn
) -> None:
    client = build_client(services)
    session = client.session
    assert isinstance(session, aiohttp.ClientSession)
    assert session.timeout.total == SLACK_TIMEOUT
    for n in range(CALLS):
        await client.chat_postMessage(channel=SHARED_CHANNEL, text=f"update {n}")
    assert len(slack.peers) == 1

    await services.close()
    assert session.closed


async def test_without_the_pool_every_call_opens_a_connection(
    services: Services, slack: SlackStandIn
) -> None:
    # The comparison the first test stands on: slack_sdk's own behaviour with no session.
    client = AsyncWebClient(token=services.settings.slack_bot_token, base_url=slack.api_url)
    for n in range(CALLS):
        await client.chat_postMessage(channel=SHARED_CHANNEL, text=f"update {n}")
    assert len(slack.peers) == CALLS


def test_outside_an_event_loop_there_is_no_session_to_share(services: Services) -> None:
    assert pooled_session(services, SLACK_TIMEOUT) is None
    assert services.closers == []
