"""The composition root: settings, clock and storage wired into the services, in one place."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.batching import Batcher
from bot.events import Tenant
from bot.memo import Expiring, SingleFlight
from bot.ports import Clock, SystemClock
from bot.settings import Settings
from storage.db import create_engine, session_factory

log = logging.getLogger(__name__)

PEOPLE_MEMORY = timedelta(minutes=5)


class BackgroundTasks:
    """Work started after an ack (posting to Slack), tracked so nothing is dropped on shutdown
    and tests can wait for it instead of sleeping."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until every task (and any task those tasks started) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    background: BackgroundTasks = field(default_factory=BackgroundTasks)
    # People's sides, remembered briefly: most messages come from someone seen a minute ago.
    people: Expiring[tuple[Tenant, str], Any] = field(
        default_factory=lambda: Expiring(ttl=PEOPLE_MEMORY)
    )
    people_lookups: SingleFlight[Any, Any] = field(default_factory=SingleFlight)
    # Channels whose onboarding message was posted a while ago: no need to ask the database again.
    onboarded: set[tuple[Tenant, str]] = field(default_factory=set)
    # Group-commit writers by kind of work (bot/services/messages.py), made on first use.
    batches: dict[str, Batcher[Any, Any]] = field(default_factory=dict)
    # What the platform side opened for these services (a connection pool), closed with them.
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def close(self) -> None:
        await self.background.drain()
        for closer in self.closers:
            await closer()
        self.closers.clear()
        await self.engine.dispose()


def build_services(
    settings: Settings, *, clock: Clock | None = None, engine: AsyncEngine | None = None
) -> Services:
    engine = engine or create_engine(settings.database_url)
    return Services(
        settings=settings,
        clock=clock or SystemClock(),
        engine=engine,
        sessions=session_factory(engine),
    )
