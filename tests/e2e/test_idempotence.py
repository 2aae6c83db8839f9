"""Slack redelivers: a retried event, or the same message seen twice, changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import Services
from handlers.slack.simulator.events import message_event, reaction_added, slack_ts
from handlers.slack.simulator.requests import event_callback
from handlers.slack.simulator.transport import SignedSender
from storage.models import ProcessedEvent
from tests.e2e.rows import activity, all_rows, at, only_question, responses
from tests.slack_fixtures import CLIENT_DEV, CLIENT_TEAM, SHARED_CHANNEL, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


async def test_a_retried_event_counts_once(sender: SignedSender, services: Services) -> None:
    event = message_event(
        "Is billing down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
    )
    envelope = event_callback(event, event_id="Ev0RETRY1")
    first = await sender.event(envelope)
    for attempt in (1, 2, 3):
        again = await sender.event(envelope, retry_num=attempt, retry_reason="http_timeout")
        assert again.status == 200
    assert first.status == 200
    assert len(await activity(services)) == 1
    assert (await only_question(services)).asked_at == START


async def test_the_same_message_under_a_new_event_id_counts_once(
    sender: SignedSender, services: Services
) -> None:
    root = message_event(
        "Is billing down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
    )
    await sender.event(event_callback(root, event_id="Ev0A"))
    reply = message_event(
        "Looking",
        user=VENDOR_DEV,
        channel=SHARED_CHANNEL,
        ts=START.replace(minute=5),
        thread_ts=root["ts"],
    )
    await sender.event(event_callback(reply, event_id="Ev0B"))
    await sender.event(event_callback(reply, event_id="Ev0C"))
    await sender.event(event_callback(root, event_id="Ev0D"))
    assert len(await activity(services)) == 2
    assert len(await responses(services)) == 1
    assert (await only_question(services)).first_response_at == at(reply["ts"])


async def test_a_late_earlier_reply_becomes_the_first_response(
    sender: SignedSender, services: Services
) -> None:
    """Delivered out of order: times come from Slack's ts, so the earlier reply wins."""
    root = message_event(
        "Is billing down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
    )
    await sender.event(root)
    later = message_event(
        "Fixed",
        user=VENDOR_DEV,
        channel=SHARED_CHANNEL,
        ts=START.replace(minute=30),
        thread_ts=root["ts"],
    )
    earlier = message_event(
        "Checking the billing logs",
        user=VENDOR_DEV,
        channel=SHARED_CHANNEL,
        ts=START.replace(minute=9),
        thread_ts=root["ts"],
    )
    await sender.event(later)
    await sender.event(earlier)
    assert (await only_question(services)).first_response_ts == earlier["ts"]


async def test_a_retried_reaction_acknowledges_once(
    sender: SignedSender, services: Services
) -> None:
    root = message_event(
        "Is billing down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
    )
    await sender.event(root)
    eyes = event_callback(
        reaction_added(
            "eyes",
            user=VENDOR_DEV,
            channel=SHARED_CHANNEL,
            item_ts=root["ts"],
            event_ts=slack_ts(START.replace(minute=2)),
        ),
        event_id="Ev0EYES",
    )
    await sender.event(eyes)
    await sender.event(eyes, retry_num=1, retry_reason="http_error")
    question = await only_question(services)
    assert question.acknowledged_at == START.replace(minute=2)


async def test_only_a_reaction_that_acts_claims_its_event(
    sender: SignedSender, services: Services
) -> None:
    """Most reactions are on messages that are no question: answered from a read, no write."""
    chatter = message_event(
        "Deployed, thanks", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START, team=CLIENT_TEAM
    )
    question = message_event(
        "Is billing down?",
        user=CLIENT_DEV,
        channel=SHARED_CHANNEL,
        ts=START.replace(minute=1),
        team=CLIENT_TEAM,
    )
    await sender.event(chatter)
    await sender.event(question)
    for name, item, event_id in (
        ("eyes", chatter, "Ev0NOQUESTION"),
        ("eyes", question, "Ev0ACTS"),
    ):
        reaction = reaction_added(
            name,
            user=VENDOR_DEV,
            channel=SHARED_CHANNEL,
            item_ts=item["ts"],
            event_ts=slack_ts(START.replace(minute=2)),
        )
        await sender.event(event_callback(reaction, event_id=event_id))
    claimed = {row.event_id for row in await all_rows(services, ProcessedEvent)}
    assert claimed == {"Ev0ACTS"}
    assert (await only_question(services)).acknowledged_by == VENDOR_DEV
