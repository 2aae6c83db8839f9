"""The Slack app: an AsyncApp built from settings, with services injected into every listener."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.events import Tenant
from handlers.slack import actions, commands, events
from handlers.slack.errors import register_error_handler
from handlers.slack.middleware import InjectServices
from handlers.slack.retries import RepeatableTimeoutRetryHandler

log = logging.getLogger(__name__)

SLACK_TIMEOUT = 10  # seconds per Web API call


def build_client(services: Services, *, timeout: int = SLACK_TIMEOUT) -> AsyncWebClient:
    settings = services.settings
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        session=pooled_session(services, timeout),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            RepeatableTimeoutRetryHandler(max_retry_count=2),
        ],
    )


def pooled_session(services: Services, timeout: int) -> aiohttp.ClientSession | None:
    """One HTTP session, so one pool of kept-alive connections, for the client's calls; closed
    with the services. Without it slack_sdk opens a session and a connection per call, which
    cost more CPU than the rest of an /ask (docs/benchmarks.md). None outside an event loop
    (the session belongs to the loop it was made on): then slack_sdk's own behaviour.
    With a session, its `timeout` is what a call waits, not the client's `timeout`."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))
    services.closers.append(session.close)
    return session


def build_app(services: Services, *, client: AsyncWebClient | None = None) -> AsyncApp:
    """Everything comes from `services.settings`: the app never reads the environment itself."""
    settings = services.settings
    app = AsyncApp(
        client=client or build_client(services),
        signing_secret=settings.slack_signing_secret or "",
        # Ack as soon as the listener returns: listeners store first, ack, and leave calls to Slack
        # to background tasks. Bolt's default would poll for the ack every 10 ms instead.
        process_before_response=True,
        # Socket Mode requests arrive unsigned over the authenticated websocket.
        request_verification_enabled=not settings.socket_mode,
        logger=logging.getLogger("ownerbot.slack"),
    )
    app.use(InjectServices(services))
    register_error_handler(app)
    # Bolt tries listeners in the order they were added, building every matcher's arguments: the
    # bulk of traffic (message events) comes first, so it meets one matcher, not three.
    events.register(app)
    commands.register(app)
    actions.register(app)
    return app


def installation(client: AsyncWebClient) -> Callable[[], Awaitable[Tenant]]:
    """The workspace the client's token belongs to (auth.test, asked once, when first needed),
    as requests see it (handlers/slack/translate.py `tenant`): what the scheduler's sweeps are
    scoped to."""
    known: list[Tenant] = []

    async def tenant() -> Tenant:
        if not known:
            answer = await client.auth_test()
            known.append(
                Tenant(
                    team_id=str(answer["team_id"]),
                    enterprise_id=str(answer.get("enterprise_id") or ""),
                )
            )
        return known[0]

    return tenant
