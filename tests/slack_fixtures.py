"""Slack as the tests see it: the Web API stand-in with a realistic engagement in its directory,
the Bolt app talking to it, and senders that deliver signed HTTP requests or Socket Mode envelopes.

Fixtures: `slack` (the stand-in), `slack_app`, `http_app`, `sender`, `socket_app`,
`socket_sender`. A test that uses `slack` together with `settings` (or `services`, which holds the
same settings) gets those settings pointed at the stand-in, so the whole stack talks to it.
Senders wait for `services.background` before returning (pass `drain=False` to look earlier).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator

import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import Services
from bot.ports import FixedClock
from bot.settings import Settings
from handlers.slack import build_app
from handlers.slack.server import build_web_app, serve_socket_mode
from handlers.slack.simulator.engagement import (  # noqa: F401  (re-exported for tests)
    BOT_USER,
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PEOPLE,
    CLIENT_PM,
    CLIENT_TEAM,
    GUEST,
    INTERNAL_CHANNEL,
    OTHER_BOT,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
    VENDOR_PEOPLE,
    VENDOR_TEAM,
    fill_engagement,
)
from handlers.slack.simulator.local_server import LocalServer
from handlers.slack.simulator.transport import SignedSender, SocketModeSender
from handlers.slack.simulator.web_api import SlackStandIn


@pytest.fixture
def settings_if_used(request: pytest.FixtureRequest) -> Settings | None:
    """The test's `settings` when it uses them (through `services` too), else None: a test of
    the stand-in alone needs no database. Sync, so the database is made outside the event loop."""
    if "settings" not in request.fixturenames:
        return None
    settings: Settings = request.getfixturevalue("settings")
    return settings


@pytest.fixture
async def slack(
    settings_if_used: Settings | None, clock: FixedClock
) -> AsyncIterator[SlackStandIn]:
    """A started stand-in on the test's clock, filled with the engagement above."""
    settings = settings_if_used
    stand_in = SlackStandIn(clock=clock)
    if settings is not None and settings.slack_bot_token:
        stand_in.bot_token = settings.slack_bot_token
    fill_engagement(stand_in)
    async with stand_in:
        if settings is not None:
            settings.slack_api_url = stand_in.api_url
        yield stand_in


@pytest.fixture
def slack_app(services: Services, slack: SlackStandIn) -> AsyncApp:
    """The real Bolt app (HTTP mode), its client talking to the stand-in."""
    assert services.settings.slack_api_url == slack.api_url
    return build_app(services)


@pytest.fixture
async def http_app(slack_app: AsyncApp) -> AsyncIterator[LocalServer]:
    """The app's aiohttp server (POST /slack/events) on 127.0.0.1; `.url` is its base URL."""
    async with LocalServer(build_web_app(slack_app)) as server:
        yield server


@pytest.fixture
async def sender(
    http_app: LocalServer, services: Services, slack: SlackStandIn
) -> AsyncIterator[SignedSender]:
    """Signs with the test secret, posts to the running app, then drains background work;
    response_urls point at the stand-in, which records what is sent to them."""
    secret = services.settings.slack_signing_secret
    assert secret
    async with SignedSender(
        http_app.url,
        signing_secret=secret,
        drain=services.background.drain,
        response_urls=slack.response_url,
    ) as signed:
        yield signed


@pytest.fixture
async def socket_app(services: Services, slack: SlackStandIn) -> AsyncIterator[AsyncApp]:
    """The real Bolt app in Socket Mode (settings.slack_app_token set), connected to the stand-in
    through `serve_socket_mode`; it shares the database and background tasks of `services`."""
    settings = services.settings.model_copy(update={"slack_app_token": slack.app_token})
    app = build_app(dataclasses.replace(services, settings=settings))
    task = asyncio.get_running_loop().create_task(serve_socket_mode(app, app_token=slack.app_token))
    try:
        await slack.wait_socket_mode_connected(within=5)
        yield app
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
def socket_sender(
    socket_app: AsyncApp, slack: SlackStandIn, services: Services
) -> SocketModeSender:
    return SocketModeSender(slack, drain=services.background.drain)
