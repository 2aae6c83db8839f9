"""Replies in a question's thread: first responses, peer answers, acknowledgements, bots."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import Services
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.transport import SignedSender
from tests.e2e.conversation import Conversation
from tests.e2e.rows import at, only_question, responses
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


async def test_first_response_is_the_first_reply_from_the_other_side(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Why is the export empty?")
    talk.later(minutes=3)
    await talk.say(CLIENT_DEV, "It was fine yesterday", thread=root)  # the asker: not an answer
    talk.later(minutes=10)
    peer = await talk.say(CLIENT_LEAD, "Did you pick the right date range?", thread=root)
    talk.later(minutes=20)
    first = await talk.say(VENDOR_DEV, "Looking at the job logs now", thread=root)
    talk.later(minutes=5)
    await talk.say(VENDOR_OWNER, "Found it, fix is deploying", thread=root)

    question = await only_question(services)
    assert (question.first_response_at, question.first_response_by) == (at(first), VENDOR_DEV)
    assert question.first_response_ts == first
    assert (question.peer_answered_at, question.peer_answered_by) == (at(peer), CLIENT_LEAD)
    kinds = [(r.user_id, r.kind) for r in await responses(services)]
    assert kinds == [(CLIENT_LEAD, "peer"), (VENDOR_DEV, "response"), (VENDOR_OWNER, "response")]


async def test_a_thread_broadcast_counts_as_a_reply(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Is the sandbox reset nightly?")
    talk.later(minutes=7)
    reply = await talk.say(
        VENDOR_BACKUP, "Yes, at 02:00 UTC", thread=root, subtype="thread_broadcast"
    )
    question = await only_question(services)
    assert question.first_response_at == at(reply)
    assert question.first_response_by == VENDOR_BACKUP


async def test_a_bot_reply_is_ignored(sender: SignedSender, services: Services) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Is the deploy done?")
    talk.later(minutes=1)
    bot_reply = message_event(
        "Deploy #42 finished",
        user=None,
        channel=SHARED_CHANNEL,
        ts=talk.now,
        thread_ts=root,
        subtype="bot_message",
        bot_id="BDEPLOY",
    )
    assert (await sender.event(bot_reply)).status == 200
    question = await only_question(services)
    assert question.first_response_at is None
    assert await responses(services) == []


async def test_a_bot_user_posting_like_a_person_is_ignored(
    sender: SignedSender, services: Services
) -> None:
    from tests.slack_fixtures import OTHER_BOT

    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Is the deploy done?")
    talk.later(minutes=1)
    await talk.say(OTHER_BOT, "Yes, deploy #42 finished", thread=root)  # users.info: is_bot
    assert (await only_question(services)).first_response_at is None


async def test_eyes_and_ill_take_it_acknowledge_but_never_respond(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Can you add SSO for the admin panel?")
    talk.later(minutes=2)
    await talk.react(CLIENT_LEAD, "eyes", root)  # the asker's own side: not an acknowledgement
    talk.later(minutes=2)
    await talk.react(VENDOR_DEV, "eyes", root)
    eyes_at = talk.now
    talk.later(minutes=3)
    await talk.say(VENDOR_OWNER, "I'll take it", thread=root)

    question = await only_question(services)
    assert (question.acknowledged_at, question.acknowledged_by) == (eyes_at, VENDOR_DEV)
    assert question.first_response_at is None
    assert await responses(services) == []

    talk.later(minutes=30)
    answer = await talk.say(VENDOR_OWNER, "SSO is on the roadmap for January", thread=root)
    assert (await only_question(services)).first_response_at == at(answer)
