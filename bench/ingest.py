"""Figure 3: message events stored per second, sustained, on SQLite and PostgreSQL, beside a bare
slack-bolt AsyncApp acking the same signed events in the same run.

Each event is a signed Events API request dispatched in process through the app; ours stores the
message's metadata (and claims its event id) before the ack. Measured one at a time and with 16
in flight (as Slack delivers concurrently).
Run: `.venv/bin/python -m bench.ingest [events]`
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bench.databases import drop, fresh_database
from bench.stack import SECRET, bare_app, our_stack
from handlers.slack.simulator.engagement import (
    CLIENT_DEV,
    CLIENT_TEAM,
    SHARED_CHANNEL,
    VENDOR_DEV,
    VENDOR_TEAM,
)
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.requests import JSON, event_callback, json_body, signed_request


def events(start_ts: float, count: int) -> list[AsyncBoltRequest]:
    """Chatter in the shared channel: client and vendor messages and thread replies."""
    built = []
    for index in range(count):
        client = index % 2 == 0
        thread = start_ts + index - (index % 5) if index % 5 else None
        event = message_event(
            "Thanks, noted" if client else "Deployed to staging",
            user=CLIENT_DEV if client else VENDOR_DEV,
            channel=SHARED_CHANNEL,
            ts=start_ts + index,
            thread_ts=thread,
            team=CLIENT_TEAM if client else VENDOR_TEAM,
        )
        signed = signed_request(json_body(event_callback(event)), content_type=JSON, secret=SECRET)
        built.append(AsyncBoltRequest(body=signed.body, headers=signed.headers))
    return built


async def rate(app: AsyncApp, requests: list[AsyncBoltRequest], in_flight: int) -> float:
    """Events acked per second, keeping `in_flight` requests going at once."""
    queue = iter(requests)
    failures = 0

    async def worker() -> None:
        nonlocal failures
        for request in queue:
            response = await app.async_dispatch(request)
            failures += response.status != 200

    started = perf_counter()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    elapsed = perf_counter() - started
    if failures:
        raise RuntimeError(f"{failures} events were not acked")
    return len(requests) / elapsed


async def measure(backend: str, count: int, folder: Path) -> list[tuple[str, float]]:
    url = await fresh_database(backend, folder, "ingest")
    rows: list[tuple[str, float]] = []
    try:
        async with our_stack(url) as stack:
            bare = bare_app(stack.slack, process_before_response=True)
            start = stack.clock.now().timestamp()
            make: Callable[[int, int], list[AsyncBoltRequest]] = lambda n, at: events(at, n)  # noqa: E731
            await rate(stack.app, make(50, start - 10_000), 1)  # warm up
            await rate(bare, make(50, start - 20_000), 1)
            for in_flight in (1, 16):
                offset = start + in_flight * 1_000_000
                bare_rate = await rate(bare, make(count, offset), in_flight)
                ours_rate = await rate(stack.app, make(count, offset), in_flight)
                rows.append((f"bare Bolt, {in_flight:>2} in flight", bare_rate))
                rows.append((f"ownerbot on {backend}, {in_flight:>2} in flight", ours_rate))
    finally:
        await drop(url)
    return rows


async def main(count: int = 3000) -> None:
    print(f"message events stored per second: {count} signed events per run, in process")
    with tempfile.TemporaryDirectory() as folder:
        for backend, goal in (("sqlite", 2000), ("postgres", 1000)):
            print(f"\n{backend} (goal ≥ {goal:,}/s)")
            for label, per_second in await measure(backend, count, Path(folder)):
                print(f"  {label:<34} {per_second:>9,.0f} events/s")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000))
