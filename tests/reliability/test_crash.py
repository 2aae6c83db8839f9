"""Crashes: the real app in a child process, SIGKILLed at random points of a replay (also in the
middle of a request), restarted, and sent again what Slack would resend (every event that got
no 2xx). Its database must end exactly as an uncrashed run's: nothing lost, nothing doubled.

`make test` runs a few short trials; `make soak` runs SOAK_TRIALS (20) × SOAK_EVENTS (≈1,000).
"""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import Services, build_services
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.databases import DatabaseFactory
from tests.reliability.child import ChildBot
from tests.reliability.scripts import conversation
from tests.reliability.test_redelivery import snapshot
from tests.slack_fixtures import SHARED_CHANNEL

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
TRIALS = int(os.environ.get("SOAK_TRIALS", "2"))
THREADS = int(os.environ.get("SOAK_EVENTS", "120")) // 4  # a thread averages about 4 events
KILLS_PER_TRIAL = int(os.environ.get("SOAK_KILLS", "3"))


async def replay_with_kills(
    child: ChildBot, events: list[dict[str, Any]], rng: random.Random, kills: int
) -> dict[str, int]:
    """Send every event until it gets a 2xx, killing the child at `kills` random points."""
    kill_at = set(rng.sample(range(len(events)), k=min(kills, len(events))))
    figures = {"sent": 0, "resent": 0, "kills": 0, "non_2xx": 0}
    async with SignedSender(child.url, signing_secret=SIGNING_SECRET) as sender:
        index = 0
        attempt = 0
        while index < len(events):
            envelope = events[index]
            extra = {"retry_num": attempt, "retry_reason": "http_timeout"} if attempt else {}
            request = asyncio.ensure_future(sender.event(envelope, **extra))
            if index in kill_at:
                kill_at.discard(index)
                # Somewhere between before the request lands and after it is answered.
                await asyncio.sleep(rng.uniform(0, 0.01))
                await child.kill()
                figures["kills"] += 1
            try:
                result = await request
                ok = 200 <= result.status < 300
            except aiohttp.ClientError:
                ok = False
            figures["sent" if attempt == 0 else "resent"] += 1
            if ok:
                index += 1
                attempt = 0
                continue
            figures["non_2xx"] += 1
            attempt += 1
            if child.process is None or child.process.returncode is not None:
                await child.start()
    return figures


@pytest.fixture
def crashing_db(database_factory: DatabaseFactory) -> Iterator[str]:
    """A second database, for the child process (made outside the event loop)."""
    url = database_factory.migrated()
    yield url
    database_factory.drop(url)


@pytest.mark.parametrize("trial", range(TRIALS))
async def test_killed_and_restarted_loses_and_doubles_nothing(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    crashing_db: str,
    tmp_path: Path,
    trial: int,
) -> None:
    rng = random.Random(1000 + trial)
    threads = conversation(rng, SHARED_CHANNEL, START, threads=THREADS)
    events = [envelope for thread in threads for envelope in thread]

    for envelope in events:  # the reference: in process, no crash, once each
        assert (await sender.event(envelope)).status == 200
    expected = await snapshot(services, SHARED_CHANNEL)

    child = ChildBot(
        database_url=crashing_db,
        api_url=slack.api_url,
        secret=SIGNING_SECRET,
        token=BOT_TOKEN,
        log=tmp_path / "child.log",
    )
    await child.start()
    try:
        figures = await replay_with_kills(child, events, rng, KILLS_PER_TRIAL)
    finally:
        await child.stop()

    survivor = build_services(services.settings.model_copy(update={"database_url": crashing_db}))
    try:
        actual = await snapshot(survivor, SHARED_CHANNEL)
    finally:
        await survivor.close()
    print(f"crash trial {trial}: {len(events)} events, {figures}, restarts {child.starts - 1}")
    assert figures["kills"] == min(KILLS_PER_TRIAL, len(events))
    assert len(actual["questions"]) == len(expected["questions"]), "a question was lost or doubled"
    assert actual == expected
