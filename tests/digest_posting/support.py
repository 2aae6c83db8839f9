"""Helpers for the digest posting tests: a fake monotonic clock whose sleeps are recorded (the
sender never sleeps on wall time here), a publisher talking to the stand-in, seeding, and the
digest posts the stand-in received."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.app import Services
from bot.ports import DIGEST_EVENT, PORTFOLIO_EVENT
from bot.services.digest_runs import DigestSweepReport, sweep_digests
from handlers.slack import build_client
from handlers.slack.messenger import SlackMessenger
from handlers.slack.sender import PacedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import DigestRun, PortfolioRun
from tests.digest.seed import Seed


class FakeTime:
    """A monotonic clock that moves only when slept on; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def publisher(services: Services, time: FakeTime, **sender: Any) -> SlackMessenger:
    """The Slack messenger the bot uses, its sender on the fake clock."""
    client = build_client(services)
    paced = PacedSender(client, sleep=time.sleep, monotonic=time.monotonic, **sender)
    return SlackMessenger(client, sender=paced)


async def sweep(services: Services, time: FakeTime, **kw: Any) -> DigestSweepReport:
    return await sweep_digests(services, publisher(services, time), **kw)


def posts(slack: SlackStandIn, channel: str, kind: str = DIGEST_EVENT) -> list[dict[str, Any]]:
    """The digests (or portfolios, kind=PORTFOLIO_EVENT) the bot posted in a channel."""
    return [
        m for m in slack.messages(channel) if (m.get("metadata") or {}).get("event_type") == kind
    ]


def portfolio_posts(slack: SlackStandIn, channel: str) -> list[dict[str, Any]]:
    return posts(slack, channel, PORTFOLIO_EVENT)


async def write(seed: Seed, engine: AsyncEngine, **channel_defaults: Any) -> None:
    """Write a Seed, every channel row given the same keys (digest time, leads channel…)."""
    defaults = {"digest_time": "Mon 09:00", "leads_channel_id": None, **channel_defaults}
    for row in seed.channels:
        for key, value in defaults.items():
            row.setdefault(key, value)
    async with engine.begin() as conn:
        await seed.write(conn)


async def digest_runs(services: Services) -> list[DigestRun]:
    async with services.sessions() as session:
        result = await session.execute(select(DigestRun).order_by(col(DigestRun.id)))
        return list(result.scalars().all())


async def portfolio_runs(services: Services) -> list[PortfolioRun]:
    async with services.sessions() as session:
        result = await session.execute(select(PortfolioRun).order_by(col(PortfolioRun.id)))
        return list(result.scalars().all())


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
