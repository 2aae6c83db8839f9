"""Crashes during the scheduler's sweeps (issue 8): the real reminder and digest jobs run in a child
process (tests/reliability/sweeper.py) on the test's database and stand-in, and are SIGKILLed at
random points — between a claim and its post, in the middle of a post — then restarted, as a
process supervisor would. DESIGN: every unit is claimed in the database before it is sent, so a
reminder stage is sent at most once (a kill between the claim and the send loses it) and each
channel-week's digest is posted exactly once (an unfinished claim is taken over after its lease,
looking in the channel's history first).

`make test` runs a short trial; `make soak` runs SOAK_TRIALS of them.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import Services
from bot.ports import DIGEST_EVENT, FixedClock
from bot.services.digest_runs import LEASE
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.conftest import BOT_TOKEN
from tests.e2e.conversation import Conversation
from tests.e2e.owner.helpers import mention
from tests.e2e.rows import questions
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

REPO = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("SOAK_TRIALS", "1"))
CHANNELS = 8
QUESTIONS_PER_CHANNEL = 3
KILLS_PER_PHASE = int(os.environ.get("SOAK_KILLS", "3"))
ASKED = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday, in business hours
PHASES = [
    datetime(2026, 11, 18, 13, 10, tzinfo=UTC),  # 75 % of the 4-hour target: reminders
    datetime(2026, 11, 18, 14, 10, tzinfo=UTC),  # 100 %: breaches in the threads, backup DMs
    datetime(2026, 11, 23, 9, 30, tzinfo=UTC),  # Monday: the W47 digests are due
]


class Sweeper:
    """The child process: started, killed, restarted; counts what happened to it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self.kills = 0
        self.starts = 0

    async def start(self, now: datetime) -> None:
        env = {**self.env, "NOW": now.isoformat()}
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.reliability.sweeper",
                env=env,
                cwd=str(REPO),
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        self.starts += 1
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), 60)
        assert line.strip() == b"ready", f"sweeper did not start: {line!r}; see {self.log}"

    async def kill_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)  # a random point of the sweep, not a wait for a result
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            self.kills += 1
        await self.process.wait()

    async def finish(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        await asyncio.wait_for(self.process.stdout.read(), 120)
        code = await asyncio.wait_for(self.process.wait(), 120)
        assert code == 0, f"the sweeper failed ({code}); see {self.log}"


async def engagement(sender: SignedSender, slack: SlackStandIn) -> list[str]:
    """CHANNELS client channels, each with its owner, backup and client lead, and
    QUESTIONS_PER_CHANNEL open client questions asked on Wednesday morning."""
    channels = [f"C0SWEEP{n:02d}" for n in range(CHANNELS)]
    people = [VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV, CLIENT_LEAD, CLIENT_DEV, CLIENT_PM]
    for channel in channels:
        slack.add_channel(channel, channel.lower(), members=people, is_ext_shared=True)
        for text, user in (
            (f"set {mention(VENDOR_OWNER)}", VENDOR_OWNER),
            (f"backup {mention(VENDOR_BACKUP)}", VENDOR_OWNER),
            (f"client {mention(CLIENT_LEAD)}", CLIENT_LEAD),
        ):
            result = await sender.command("/owner", text, user_id=user, channel_id=channel)
            assert result.status == 200
        talk = Conversation(sender, ASKED, channel=channel)
        for n, asker in enumerate([CLIENT_DEV, CLIENT_PM, CLIENT_LEAD][:QUESTIONS_PER_CHANNEL]):
            talk.later(minutes=1)  # three askers: one asker's messages within 5 min would join
            await talk.say(asker, f"Can you check export {n} of {channel}?")
    return channels


def sent(slack: SlackStandIn) -> Counter[tuple[str, str | None, str]]:
    """Every message the sweeps posted, by (channel, thread, text and blocks, which name the
    question): a count above 1 is a message sent twice."""
    return Counter(
        (
            str(c.params.get("channel")),
            c.params.get("thread_ts"),
            json.dumps([c.params.get("text"), c.params.get("blocks")], sort_keys=True),
        )
        for c in slack.calls_to("chat.postMessage")
    )


@pytest.mark.parametrize("trial", range(TRIALS))
async def test_killed_sweeps_never_send_twice_and_digests_are_posted_once(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    clock: FixedClock,
    tmp_path: Path,
    trial: int,
) -> None:
    rng = random.Random(2000 + trial)
    channels = await engagement(sender, slack)
    asked = await questions(services)
    assert len(asked) == CHANNELS * QUESTIONS_PER_CHANNEL
    slack.clear_calls()  # from here on, only the sweeps post
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "DATABASE_URL": services.settings.database_url,
        "SLACK_API_URL": slack.api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "LOG_LEVEL": "WARNING",
        "LOOPS": "3",
    }
    sweeper = Sweeper(env, tmp_path / "sweeper.log")
    for now in PHASES:
        clock.set(now)  # Slack's own clock (message ts) runs with the sweeps'
        for _ in range(KILLS_PER_PHASE):
            await sweeper.start(now)
            await sweeper.kill_after(rng.uniform(0.0, 0.3))
        # A digest claim the kills left unfinished is taken over once its lease has run out.
        later = now + LEASE + timedelta(minutes=1) if now == PHASES[-1] else now
        clock.set(later)
        await sweeper.start(later)
        await sweeper.finish()

    posts = sent(slack)
    doubled = {key: n for key, n in posts.items() if n > 1}
    assert doubled == {}, f"sent twice: {doubled}"
    digests: Counter[str] = Counter()
    for channel in channels:
        digests[channel] = sum(
            1
            for m in slack.messages(channel)
            if (m.get("metadata") or {}).get("event_type") == DIGEST_EVENT
        )
    assert digests == Counter({channel: 1 for channel in channels}), "a digest lost or doubled"
    stages = Counter(q.reminder_stage for q in await questions(services))
    breaches = sum(
        1 for (channel, thread, _text) in posts if thread is not None and channel in channels
    )
    assert stages == Counter({2: len(asked)})  # every stage claimed, each once
    assert breaches <= len(asked)  # at most one breach post per question thread
    figures: dict[str, Any] = {
        "kills": sweeper.kills,
        "starts": sweeper.starts,
        "messages": sum(posts.values()),
        "doubled": len(doubled),
        "digests": sum(digests.values()),
        "breach posts": f"{breaches}/{len(asked)}",
    }
    print(f"sweep crash trial {trial}: {figures}")
