"""Small in-process memories that spare a database round trip on every Slack request.

Only facts that cannot go stale (a workspace's row id) are kept forever; facts that can change
(a person's side) expire, so another replica's change is seen within the expiry.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """A bounded map whose entries expire `ttl` after they were stored (times passed in)."""

    def __init__(self, ttl: timedelta, max_entries: int = 10_000) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._entries: OrderedDict[K, tuple[datetime, V]] = OrderedDict()

    def get(self, key: K, now: datetime) -> V | None:
        found = self._entries.get(key)
        if found is None:
            return None
        stored_at, value = found
        if not stored_at <= now < stored_at + self._ttl:  # expired, or the clock went back
            del self._entries[key]
            return None
        return value

    def put(self, key: K, value: V, now: datetime) -> None:
        self._entries[key] = (now, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    def forget(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


class SingleFlight(Generic[K, V]):
    """Concurrent callers asking for the same key share one lookup, so a burst of requests from
    one person right after a start (or an expiry) costs one round trip, not one each — under
    load, each extra lookup would slow the others and make the burst longer."""

    def __init__(self) -> None:
        self._running: dict[K, asyncio.Future[V]] = {}

    async def run(self, key: K, lookup: Callable[[], Awaitable[V]]) -> V:
        running = self._running.get(key)
        if running is None:
            running = asyncio.ensure_future(lookup())
            self._running[key] = running
            running.add_done_callback(lambda _done: self._running.pop(key, None))
        # shield: one caller going away must not cancel the lookup the others wait for.
        return await asyncio.shield(running)
