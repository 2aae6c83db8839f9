"""The paced sender: about one post a second per channel, channels side by side, 429s waited out
for their Retry-After (on the injected clock: no test sleeps on wall time), failures reported."""

from __future__ import annotations

import asyncio
import time as wall
from datetime import UTC, datetime
from typing import Any

from bot.app import Services
from handlers.slack import build_client
from handlers.slack.sender import Outgoing, PacedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.digest_posting.support import FakeTime

MARK = {"event_type": "ownerbot_digest", "event_payload": {"channel": "C1", "week": "2026-W47"}}


def sender(services: Services, time: FakeTime, **kw: Any) -> PacedSender:
    return PacedSender(build_client(services), sleep=time.sleep, monotonic=time.monotonic, **kw)


def item(channel: str, text: str = "hello", **kw: Any) -> Outgoing:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    return Outgoing(channel, text, blocks, **kw)


def channels(slack: SlackStandIn, *ids: str) -> None:
    for channel in ids:
        slack.add_channel(channel)


async def test_posts_to_one_channel_are_a_second_apart(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1")
    time = FakeTime()
    done = await sender(services, time).send([item("C1", f"post {n}") for n in range(3)])
    assert [d.ok for d in done] == [True, True, True]
    assert time.sleeps == [1.0, 1.0]
    assert [m["text"] for m in slack.messages("C1")] == ["post 0", "post 1", "post 2"]


async def test_posts_to_different_channels_are_not_serialised(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1", "C2", "C3")
    time = FakeTime()
    paced = sender(services, time)
    done = await paced.send([item("C1"), item("C2"), item("C3")])
    assert all(d.ok for d in done) and time.sleeps == []
    # Side by side: two posts Slack holds for a second each take about a second together.
    slack.delay_next("chat.postMessage", 1.0, times=2)
    started = wall.monotonic()
    await paced.send([item("C1"), item("C2")])  # (their pacing slots have passed on the fake clock)
    assert wall.monotonic() - started < 1.8


async def test_a_429_waits_retry_after_then_posts(services: Services, slack: SlackStandIn) -> None:
    channels(slack, "C1")
    slack.rate_limit_next("chat.postMessage", retry_after=7)
    time = FakeTime()
    started = wall.monotonic()
    [done] = await sender(services, time).send([item("C1")])
    assert done.ok and done.attempts == 2
    assert time.sleeps == [7.0]  # Retry-After, on the injected clock
    assert wall.monotonic() - started < 5  # the client's own retry handler (real sleep) is out
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(slack.messages("C1")) == 1


async def test_a_429_after_the_last_attempt_is_a_failure(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1", "C2")
    slack.rate_limit_next("chat.postMessage", retry_after=2, times=3)
    time = FakeTime()
    first, second = await sender(services, time, max_attempts=3).send([item("C1"), item("C1")])
    assert (first.ok, first.error, first.attempts) == (False, "ratelimited", 3)
    assert time.sleeps[:2] == [2.0, 2.0] and all(s >= 2.0 for s in time.sleeps)
    assert second.ok  # the channel's next post goes out once Slack allows it


async def test_errors_are_reported_not_retried(services: Services, slack: SlackStandIn) -> None:
    channels(slack, "C1")
    slack.fail_next("chat.postMessage", "not_in_channel")
    [done] = await sender(services, FakeTime()).send([item("C1")])
    assert (done.ok, done.error, done.attempts) == (False, "not_in_channel", 1)
    assert len(slack.calls_to("chat.postMessage")) == 1


async def test_a_marked_post_already_in_the_history_is_not_posted_again(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1")
    paced = sender(services, FakeTime())
    since = datetime(2026, 11, 1, tzinfo=UTC)
    [first] = await paced.send([item("C1", metadata=MARK)])
    [again] = await paced.send([item("C1", metadata=MARK, look_since=since)])
    assert again.found and again.ts == first.ts
    assert len(slack.messages("C1")) == 1
    # A different marker (another week) is not mistaken for it.
    other = {**MARK, "event_payload": {"channel": "C1", "week": "2026-W48"}}
    [third] = await paced.send([item("C1", metadata=other, look_since=since)])
    assert third.ok and not third.found and len(slack.messages("C1")) == 2


async def test_the_history_search_pages_and_starts_at_look_since(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1")
    paced = sender(services, FakeTime(), interval=0)
    await paced.send([item("C1", metadata=MARK)])
    await paced.send([item("C1", f"chatter {n}") for n in range(450)])
    since = datetime(2026, 11, 1, tzinfo=UTC)
    [found] = await paced.send([item("C1", metadata=MARK, look_since=since)])
    assert found.found
    pages = slack.calls_to("conversations.history")
    assert len(pages) == 3 and pages[0].params["oldest"] == f"{since.timestamp():.6f}"
    # A search starting after the post does not see it: it is posted again.
    later = datetime.fromtimestamp(float(found.ts or 0) + 1, UTC)
    [posted] = await paced.send([item("C1", metadata=MARK, look_since=later)])
    assert posted.ok and not posted.found


async def test_an_item_not_started_in_time_is_left_for_the_next_sweep(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1")
    time = FakeTime()
    first, second = await sender(services, time).send([item("C1"), item("C1")], within=0.5)
    assert first.ok
    assert not second.ok and second.error is not None and "next sweep" in second.error
    assert len(slack.messages("C1")) == 1


async def test_concurrent_sends_to_one_channel_stay_in_order_and_paced(
    services: Services, slack: SlackStandIn
) -> None:
    channels(slack, "C1")
    time = FakeTime()
    paced = sender(services, time)
    await asyncio.gather(paced.send([item("C1", "a")]), paced.send([item("C1", "b")]))
    assert sorted(m["text"] for m in slack.messages("C1")) == ["a", "b"]
    assert time.sleeps == [1.0]
