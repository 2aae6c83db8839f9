"""The paced sender: every digest and portfolio post goes through one of these.

- About one message per second per channel: each channel has a next-allowed time; a post waits
  for it. Channels are served concurrently (up to `concurrency` calls in flight), each channel's
  posts one after the other, in order.
- 429: Slack's `Retry-After` is honoured per channel (the channel's next-allowed time moves
  that far), the post is retried, and after `max_attempts` it is reported as failed, for the
  next sweep. The client's own rate-limit retry handler is left out of the sender's copy of the
  client, so that every wait goes through the injected `sleep` (tests never sleep on wall time)
  and a post is never retried behind the sender's back.
- Network errors and timeouts are not retried here: Slack may have posted the message anyway.
  They are reported; the next sweep looks in the channel's history (`look_since`) before posting
  again, for the marker (message metadata) each post carries.

    sender = PacedSender(client)                       # or sleep=fake.sleep, monotonic=fake.now
    [delivery] = await sender.send([Outgoing("C…", text, blocks, metadata)])
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.failures import error_of

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

INTERVAL = 1.0  # seconds between two posts in one channel
MAX_ATTEMPTS = 4  # a post rate-limited this many times is reported failed
CONCURRENCY = 16  # calls to Slack in flight at once, across channels
HISTORY_PAGE = 200
HISTORY_PAGES = 10  # how far back a look for an earlier post goes (2,000 messages)
LATE = "not started in time: left for the next sweep"
_FAILURES = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


@dataclass(frozen=True)
class Outgoing:
    """One message to post. `metadata` ({event_type, event_payload}) marks it; with `look_since`
    the channel's history since then is searched for a message with the same metadata first,
    and when one is there it is not posted again."""

    channel: str
    text: str
    blocks: Sequence[Block | dict[str, Any]]
    metadata: Mapping[str, Any] | None = None
    look_since: datetime | None = None


@dataclass(frozen=True)
class Delivery:
    ts: str | None = None
    error: str | None = None
    found: bool = False  # already in the channel's history: not posted again
    attempts: int = 0  # calls to chat.postMessage

    @property
    def ok(self) -> bool:
        return self.ts is not None


class _RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after} s")
        self.retry_after = retry_after


class PacedSender:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        interval: float = INTERVAL,
        max_attempts: int = MAX_ATTEMPTS,
        concurrency: int = CONCURRENCY,
        sleep: Sleep = asyncio.sleep,
        monotonic: Monotonic = time.monotonic,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        plain = copy.copy(client)
        plain.retry_handlers = []  # 429s are the sender's to wait out (see the module's notes)
        self._client = plain
        self._interval = interval
        self._max_attempts = max_attempts
        self._concurrency = concurrency
        self._sleep = sleep
        self._monotonic = monotonic
        self._next: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._slots: asyncio.Semaphore | None = None

    async def send(
        self, items: Sequence[Outgoing], *, within: float | None = None
    ) -> list[Delivery]:
        """Post every item; one Delivery per item, in order. Never raises for Slack's sake.
        `within`: seconds; an item whose turn comes later than that is not posted."""
        deadline = None if within is None else self._monotonic() + within
        results: list[Delivery] = [Delivery(error="not attempted")] * len(items)
        by_channel: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            by_channel.setdefault(item.channel, []).append(index)

        async def serve(channel: str, indexes: list[int]) -> None:
            async with self._lock(channel):
                for index in indexes:
                    try:
                        results[index] = await self._deliver(items[index], deadline)
                    except Exception as exc:  # a bug must not cost the other channels
                        log.exception("sending to %s failed", channel)
                        results[index] = Delivery(error=f"{type(exc).__name__}: {exc}")

        await asyncio.gather(*(serve(c, ix) for c, ix in by_channel.items()))
        return results

    # -- one item ----------------------------------------------------------------------------

    async def _deliver(self, item: Outgoing, deadline: float | None) -> Delivery:
        if self._late(deadline):
            return Delivery(error=LATE)
        if item.look_since is not None and item.metadata is not None:
            try:
                found = await self._find(item)
            except _RateLimited:
                return Delivery(error="ratelimited (conversations.history)")
            except _FAILURES as exc:
                return Delivery(error=f"conversations.history: {_error(exc)}")
            if found is not None:
                return Delivery(ts=found, found=True)
        attempts = 0
        while True:
            await self._turn(item.channel)
            if self._late(deadline):
                return Delivery(error=LATE, attempts=attempts)
            attempts += 1
            try:
                ts = await self._post(item)
            except _RateLimited as limited:
                self._hold(item.channel, limited.retry_after)
                log.info(
                    "chat.postMessage to %s rate limited (attempt %d of %d), retry after %s s",
                    item.channel,
                    attempts,
                    self._max_attempts,
                    limited.retry_after,
                )
                if attempts >= self._max_attempts:
                    return Delivery(error="ratelimited", attempts=attempts)
                continue
            except _FAILURES as exc:
                self._hold(item.channel, self._interval)
                log.warning("chat.postMessage failed: %s (channel=%s)", _error(exc), item.channel)
                return Delivery(error=_error(exc), attempts=attempts)
            self._hold(item.channel, self._interval)
            return Delivery(ts=ts, attempts=attempts)

    async def _post(self, item: Outgoing) -> str:
        blocks = [b.to_dict() if isinstance(b, Block) else b for b in item.blocks]

        def post() -> Awaitable[Any]:
            return self._client.chat_postMessage(
                channel=item.channel,
                text=item.text,
                blocks=blocks,
                metadata=dict(item.metadata) if item.metadata is not None else None,
                unfurl_links=False,
                unfurl_media=False,
            )

        response = await self._call(post)
        return str(response["ts"])

    async def _find(self, item: Outgoing) -> str | None:
        """The ts of a message in the channel since `look_since` with the item's metadata."""
        assert item.look_since is not None and item.metadata is not None
        oldest = f"{item.look_since.timestamp():.6f}"
        cursor: str | None = None

        def page() -> Awaitable[Any]:
            return self._client.conversations_history(
                channel=item.channel,
                oldest=oldest,
                limit=HISTORY_PAGE,
                include_all_metadata=True,
                cursor=cursor,
            )

        for _ in range(HISTORY_PAGES):
            response = await self._with_retries(page)
            for message in response.get("messages") or []:
                if _same_marker(message.get("metadata"), item.metadata):
                    return str(message["ts"])
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or cursor is None:
                return None
        log.warning(
            "no earlier post of %s found in %s within %d messages: posting",
            dict(item.metadata),
            item.channel,
            HISTORY_PAGE * HISTORY_PAGES,
        )
        return None

    async def _with_retries(self, call: Callable[[], Awaitable[Any]]) -> Any:
        """A read, retried after each 429's Retry-After up to `max_attempts` times."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                return await self._call(call)
            except _RateLimited as limited:
                if attempt >= self._max_attempts:
                    raise
                await self._sleep(limited.retry_after)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _call(self, call: Callable[[], Awaitable[Any]]) -> Any:
        async with self._slot():
            try:
                return await call()
            except SlackApiError as exc:
                if exc.response.status_code == 429:
                    raise _RateLimited(_retry_after(exc.response.headers)) from exc
                raise

    # -- pacing ------------------------------------------------------------------------------

    def _late(self, deadline: float | None) -> bool:
        return deadline is not None and self._monotonic() > deadline

    async def _turn(self, channel: str) -> None:
        wait = self._next.get(channel, float("-inf")) - self._monotonic()
        if wait > 0:
            await self._sleep(wait)

    def _hold(self, channel: str, seconds: float) -> None:
        self._next[channel] = max(
            self._next.get(channel, float("-inf")), self._monotonic() + seconds
        )

    def _lock(self, channel: str) -> asyncio.Lock:
        lock = self._locks.get(channel)
        if lock is None:
            lock = self._locks[channel] = asyncio.Lock()
        return lock

    def _slot(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._concurrency)
        return self._slots


def _retry_after(headers: Any) -> float:
    for key, value in dict(headers or {}).items():
        if str(key).lower() == "retry-after":
            if isinstance(value, list | tuple):
                value = value[0] if value else None
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                break
    return 1.0


def _same_marker(found: Any, wanted: Mapping[str, Any]) -> bool:
    return (
        isinstance(found, dict)
        and found.get("event_type") == wanted.get("event_type")
        and found.get("event_payload") == wanted.get("event_payload")
    )


def _error(exc: BaseException) -> str:
    return error_of(exc)  # Slack's error code, "timeout", or the exception
