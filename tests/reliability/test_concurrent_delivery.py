"""Concurrent delivery: Slack sends events in parallel, and concurrent messages are stored in
shared batches (bot/services/messages.py). Threads delivered at once, some events raced by their
own redelivery, must leave exactly the state of one delivery each, one at a time."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlmodel import col, select

from bot.app import Services
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.requests import JSON, event_callback, json_body, signed_request
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import MessageActivity, Question, Response
from tests.conftest import SIGNING_SECRET
from tests.e2e.conversation import team_of
from tests.reliability.scripts import conversation, with_channel
from tests.reliability.test_redelivery import snapshot
from tests.slack_fixtures import CLIENT_DEV, SHARED_CHANNEL, VENDOR_DEV

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
REFERENCE = "C0REFERENCE"


async def deliver_thread(
    sender: SignedSender, thread: list[dict[str, Any]], rng: random.Random
) -> None:
    """One thread's events in order; some raced by a redelivery of themselves."""
    for envelope in thread:
        copies = 2 if rng.random() < 0.3 else 1
        sent = [
            sender.event(
                envelope, **({"retry_num": n, "retry_reason": "http_timeout"} if n else {})
            )
            for n in range(copies)
        ]
        results = await asyncio.gather(*sent)
        assert [result.status for result in results] == [200] * copies


async def dispatch_to(slack_app: AsyncApp, event: dict[str, Any]) -> int:
    """One signed event, in process (so requests sent together reach the app together)."""
    body = json_body(event_callback(event))
    signed = signed_request(body, content_type=JSON, secret=SIGNING_SECRET)
    response = await slack_app.async_dispatch(
        AsyncBoltRequest(body=signed.body, headers=signed.headers)
    )
    return response.status


@pytest.mark.parametrize("seed", [4, 5])
async def test_threads_delivered_at_once_count_as_one_serial_delivery(
    sender: SignedSender, slack: SlackStandIn, services: Services, seed: int
) -> None:
    rng = random.Random(seed)
    slack.add_channel(REFERENCE, "reference", members=[])
    threads = conversation(rng, SHARED_CHANNEL, START, threads=30)

    for thread in with_channel(threads, REFERENCE):  # one at a time, in order
        for envelope in thread:
            assert (await sender.event(envelope)).status == 200
    serial_batches = services.batches["messages"].largest_batch

    await asyncio.gather(*(deliver_thread(sender, thread, rng) for thread in threads))

    expected = await snapshot(services, REFERENCE)
    actual = await snapshot(services, SHARED_CHANNEL)
    assert expected["questions"] and expected["responses"], "the script should ask and answer"
    assert actual == expected
    # The parallel run really was written in shared batches (one at a time, never).
    assert serial_batches == 1
    assert services.batches["messages"].largest_batch > 1


async def test_a_question_and_its_answer_in_one_batch(
    slack_app: AsyncApp, services: Services
) -> None:
    """The batch's lookups run before its messages are applied: a question created by one
    message of a batch must still be seen by the reply and the follow-up behind it."""

    async def dispatch(event: dict[str, Any]) -> int:
        return await dispatch_to(slack_app, event)

    at = START.timestamp()
    # Both people seen once, so nothing delays either message on its way to the batch.
    for user, offset in ((CLIENT_DEV, 0), (VENDOR_DEV, 1)):
        said = message_event("hello", user=user, channel=SHARED_CHANNEL, ts=at + offset)
        said["user_team"] = said["team"] = said["source_team"] = team_of(user)
        assert await dispatch(said) == 200

    root = message_event(
        "Can you check the export?",
        user=CLIENT_DEV,
        channel=SHARED_CHANNEL,
        ts=at + 100,
        team=team_of(CLIENT_DEV),
    )
    follow_up = message_event(
        "It fails since Monday.",
        user=CLIENT_DEV,
        channel=SHARED_CHANNEL,
        ts=at + 110,
        team=team_of(CLIENT_DEV),
    )
    answer = message_event(
        "Looking into it now, the job crashed",
        user=VENDOR_DEV,
        channel=SHARED_CHANNEL,
        ts=at + 400,
        thread_ts=at + 100,
        team=team_of(VENDOR_DEV),
    )
    before = services.batches["messages"].batches_written
    assert await asyncio.gather(dispatch(root), dispatch(follow_up), dispatch(answer)) == [200] * 3

    assert services.batches["messages"].batches_written == before + 1, "one shared batch"
    async with services.sessions() as session:
        question = (
            await session.execute(select(Question).where(col(Question.root_ts) == root["ts"]))
        ).scalar_one()
        responses = (await session.execute(select(Response))).scalars().all()
    assert question.text == "Can you check the export?\nIt fails since Monday."
    assert question.first_response_ts == answer["ts"]
    assert question.first_response_by == VENDOR_DEV
    assert [(r.message_ts, r.kind) for r in responses] == [(answer["ts"], "response")]


async def test_a_burst_from_someone_new_asks_slack_about_them_once(
    slack_app: AsyncApp, slack: SlackStandIn, services: Services
) -> None:
    """Concurrent first messages from one person share one users.info call: under load, a
    lookup per request would slow every request and make the burst last longer."""
    at = START.timestamp()
    burst = [
        message_event(f"note {n}", user=VENDOR_DEV, channel=SHARED_CHANNEL, ts=at + n)
        for n in range(12)
    ]
    assert await asyncio.gather(*(dispatch_to(slack_app, e) for e in burst)) == [200] * 12
    asked = [call for call in slack.calls_to("users.info") if call.params.get("user") == VENDOR_DEV]
    assert len(asked) == 1
    async with services.sessions() as session:
        stored = (await session.execute(select(MessageActivity.ts))).scalars().all()
    assert sorted(stored) == sorted(e["ts"] for e in burst)
