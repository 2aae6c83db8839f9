"""The pieces a benchmark needs: a migrated SQLite file, the stand-in, our app and a bare app."""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Column, Integer, MetaData, String, Table, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Services, build_services
from bot.ports import FixedClock
from bot.settings import load_settings
from handlers.slack import build_app
from handlers.slack.simulator.engagement import fill_engagement
from handlers.slack.simulator.web_api import SlackStandIn
from storage.migrate import migrate_url

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


@dataclass
class Stack:
    services: Services
    app: AsyncApp
    slack: SlackStandIn
    clock: FixedClock


@asynccontextmanager
async def our_stack(database_url: str | None = None) -> AsyncIterator[Stack]:
    """ownerbot as deployed, on a fresh SQLite file unless a URL is given."""
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        await migrate_url(url)
        clock = FixedClock(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))
        async with SlackStandIn(clock=clock, bot_token=TOKEN) as slack:
            fill_engagement(slack)
            settings = load_settings(
                env_file=None,
                slack_bot_token=TOKEN,
                slack_signing_secret=SECRET,
                slack_app_token=None,
                slack_api_url=slack.api_url,
                database_url=url,
            )
            services = build_services(settings, clock=clock)
            try:
                yield Stack(services, build_app(services), slack, clock)
            finally:
                await services.close()


def bare_app(slack: SlackStandIn, *, process_before_response: bool) -> AsyncApp:
    """slack-bolt with nothing of ours: one listener per request kind that only acks."""
    app = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=slack.api_url),
        signing_secret=SECRET,
        process_before_response=process_before_response,
    )

    async def just_ack(ack: Callable[[], Awaitable[None]]) -> None:
        await ack()

    app.command("/ask")(just_ack)
    app.event("message")(just_ack)
    return app


SCRATCH = Table(
    "bench_durable_write",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
)


async def durable_write_app(slack: SlackStandIn, engine: AsyncEngine) -> AsyncApp:
    """slack-bolt plus the least a stored ack can cost with our parts: one INSERT and its commit
    through SQLAlchemy's async engine (the same engine settings as ours) before the ack."""
    async with engine.begin() as connection:
        await connection.run_sync(SCRATCH.metadata.create_all)
    app = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=slack.api_url),
        signing_secret=SECRET,
        process_before_response=True,
    )

    async def write_then_ack(ack: Callable[[], Awaitable[None]]) -> None:
        async with engine.begin() as connection:
            await connection.execute(insert(SCRATCH).values(kind="request"))
        await ack()

    app.command("/ask")(write_then_ack)
    app.event("message")(write_then_ack)
    return app


@dataclass(frozen=True)
class Figures:
    label: str
    median_ms: float
    p99_ms: float
    samples: int


async def time_dispatch(
    app: AsyncApp,
    requests: Callable[[int], AsyncBoltRequest],
    *,
    label: str,
    samples: int,
    after_each: Callable[[], Awaitable[None]] | None = None,
) -> Figures:
    """Time `app.async_dispatch` from request to ack response (untimed work in `after_each`)."""
    timings = []
    for index in range(samples):
        request = requests(index)
        started = perf_counter()
        response = await app.async_dispatch(request)
        timings.append((perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{label}: status {response.status} {response.body}")
        if after_each is not None:
            await after_each()
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
    return Figures(label, statistics.median(timings), p99, samples)


async def bare_floor_ms(samples: int = 300) -> float:
    """The median time a bare slack-bolt AsyncApp takes to ack a signed /ask, in process."""
    from handlers.slack.simulator.requests import FORM, form_body, signed_request, slash_command

    def request(index: int) -> AsyncBoltRequest:
        body = form_body(slash_command("/ask", f"q{index}", user_id="U1", channel_id="C1"))
        signed = signed_request(body, content_type=FORM, secret=SECRET)
        return AsyncBoltRequest(body=signed.body, headers=signed.headers)

    async with SlackStandIn(bot_token=TOKEN) as slack:
        app = bare_app(slack, process_before_response=True)
        await app.async_dispatch(request(-1))  # warm up: auth.test, imports
        figures = await time_dispatch(app, request, label="bare", samples=samples)
    return figures.median_ms
