"""Redelivery: every event sent 1–4 times (with X-Slack-Retry-Num), interleaved across threads,
must leave exactly the state of one delivery each, in order."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app import Services
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel, MessageActivity, Question, Response
from tests.reliability.scripts import conversation, redelivered, with_channel
from tests.slack_fixtures import SHARED_CHANNEL

START = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
REFERENCE = "C0REFERENCE"


async def snapshot(services: Services, channel: str) -> dict[str, Any]:
    """Everything the metrics read, by Slack's keys, for one channel."""
    async with services.sessions() as session:
        channel_id = (
            await session.execute(
                select(Channel.id).where(col(Channel.slack_channel_id) == channel)
            )
        ).scalar_one()
        questions = (
            (await session.execute(select(Question).where(col(Question.channel_id) == channel_id)))
            .scalars()
            .all()
        )
        by_id = {q.id: q.root_ts for q in questions}
        replies = (
            (
                await session.execute(
                    select(Response).where(col(Response.question_id).in_(list(by_id)))
                )
            )
            .scalars()
            .all()
        )
        activity = (
            (
                await session.execute(
                    select(MessageActivity).where(col(MessageActivity.channel_id) == channel_id)
                )
            )
            .scalars()
            .all()
        )
    return {
        "questions": sorted(
            (
                q.root_ts,
                q.asker_user_id,
                q.direction,
                q.source,
                q.text,
                q.asked_at,
                q.acknowledged_at,
                q.acknowledged_by,
                q.first_response_ts,
                q.first_response_by,
                q.peer_answered_by,
                q.resolved_at,
                q.resolved_by,
                q.withdrawn_at,
            )
            for q in questions
        ),
        "responses": sorted(
            (by_id[r.question_id], r.message_ts, r.user_id, r.kind, r.deleted_at) for r in replies
        ),
        "activity": sorted((a.ts, a.user_id, a.side, a.thread_ts, a.deleted_at) for a in activity),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_every_event_redelivered_counts_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, seed: int
) -> None:
    rng = random.Random(seed)
    slack.add_channel(REFERENCE, "reference", members=[])
    threads = conversation(rng, SHARED_CHANNEL, START, threads=25)

    for thread in with_channel(threads, REFERENCE):  # once each, in order
        for envelope in thread:
            assert (await sender.event(envelope)).status == 200

    deliveries = redelivered(rng, threads)
    retries = sum(1 for _, attempt in deliveries if attempt)
    assert retries > 0
    for envelope, attempt in deliveries:
        extra = {"retry_num": attempt, "retry_reason": "http_timeout"} if attempt else {}
        assert (await sender.event(envelope, **extra)).status == 200

    expected = await snapshot(services, REFERENCE)
    actual = await snapshot(services, SHARED_CHANNEL)
    assert expected["questions"], "the script should ask something"
    assert actual == expected
