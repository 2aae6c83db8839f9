"""Slack errors in the digest sweep (issue 8): an `ok: false` answer, a 429 past the paced
sender's attempts, or a timeout while posting a weekly digest is logged with the method, channel
and error; the sweep goes on with the other channels; the next sweep retries the failed digest
(DESIGN: claimed in digest_run, retried up to its last attempt) and it is posted exactly once,
even when the timed-out post had in fact been made (the next sweep finds it in the history)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import Services
from bot.jobs import JobContext, digest_sweep
from bot.ports import DIGEST_EVENT, FixedClock
from bot.services.digest_runs import DigestSweepReport
from handlers.slack import build_client
from handlers.slack.directory import SlackDirectory
from handlers.slack.messenger import SlackMessenger
from handlers.slack.sender import MAX_ATTEMPTS, PacedSender
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.digest_posting.support import FakeTime
from tests.reliability.test_slack_errors import ERRORS, STALL, TIMEOUT, logged, no_errors
from tests.slack_fixtures import CLIENT_DEV, SHARED_CHANNEL, VENDOR_DEV, VENDOR_OWNER

SECOND = "C0GLOBEX"
DUE = datetime(2026, 11, 23, 9, 5, tzinfo=UTC)  # Monday 09:00 UTC has passed: W47 is due


@pytest.fixture(autouse=True)
def warnings_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)


def posted(slack: SlackStandIn, channel: str) -> list[dict[str, object]]:
    return [
        m
        for m in slack.messages(channel)
        if (m.get("metadata") or {}).get("event_type") == DIGEST_EVENT  # type: ignore[union-attr]
    ]


async def sweep(services: Services, time: FakeTime) -> DigestSweepReport:
    client = build_client(services, timeout=TIMEOUT)
    # One call at a time: the channels are served in order, so the fault meets the first.
    paced = PacedSender(client, sleep=time.sleep, monotonic=time.monotonic, concurrency=1)
    context = JobContext(services, SlackMessenger(client, sender=paced), SlackDirectory(client))
    report = await digest_sweep(context)
    assert report is not None, "the digest job raised"
    return report


@pytest.mark.parametrize("error", [*ERRORS, "ratelimited", "timeout"])
async def test_a_digest_that_cannot_be_posted_is_logged_and_posted_once_by_a_later_sweep(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
    error: str,
) -> None:
    slack.add_channel(SECOND, "client-globex", members=[VENDOR_OWNER, VENDOR_DEV, CLIENT_DEV])
    for channel in (SHARED_CHANNEL, SECOND):  # two channels with a question in W47
        result = await sender.command("/ask", "Any news?", user_id=CLIENT_DEV, channel_id=channel)
        assert result.status == 200
    slack.clear_calls()
    clock.set(DUE)
    time = FakeTime()
    # The first digest post meets the fault (channels are swept in id order: C0CLIENT1 first).
    if error == "ratelimited":
        slack.rate_limit_next("chat.postMessage", retry_after=5, times=2 * MAX_ATTEMPTS)
    elif error == "timeout":
        slack.delay_next("chat.postMessage", STALL)
    else:
        slack.fail_next("chat.postMessage", error)

    first = await sweep(services, time)

    failed = [f.channel for f in first.failed]
    assert SHARED_CHANNEL in failed
    assert sorted(failed + [p.channel for p in first.posted]) == [SHARED_CHANNEL, SECOND]
    if error != "ratelimited":  # (429s while one channel waits out Retry-After hit the other)
        assert [p.channel for p in first.posted] == [SECOND]  # the sweep went on
    if error != "ratelimited":
        assert logged(caplog, "chat.postMessage", SHARED_CHANNEL, error)
    assert logged(caplog, "the digest of", SHARED_CHANNEL, error, "the next sweep retries")
    if error == "timeout":
        # Slack finishes the post it was slow to confirm long before the next sweep (15 min).
        await asyncio.sleep(STALL - TIMEOUT + 0.3)

    clock.set(DUE + timedelta(minutes=15))
    second = await sweep(services, time)

    assert sorted(p.channel for p in second.posted) == sorted(failed)
    found = {p.channel: p.found for p in second.posted}
    assert found[SHARED_CHANNEL] == (error == "timeout")  # made after all: found, not re-sent
    assert len(posted(slack, SHARED_CHANNEL)) == len(posted(slack, SECOND)) == 1
    clock.set(DUE + timedelta(minutes=30))
    assert (await sweep(services, time)).posted == []
    assert no_errors(caplog)
