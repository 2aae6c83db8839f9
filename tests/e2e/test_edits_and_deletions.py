"""Edits update a question; deleting the root withdraws it; deleting the first response moves it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import Services
from handlers.slack.simulator.events import message_changed, message_deleted, message_event
from handlers.slack.simulator.transport import SignedSender
from tests.e2e.conversation import Conversation, team_of
from tests.e2e.rows import activity, at, only_question
from tests.slack_fixtures import CLIENT_DEV, SHARED_CHANNEL, VENDOR_BACKUP, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def original(user: str, text: str, ts: str, thread: str | None = None) -> dict[str, object]:
    return message_event(
        text, user=user, channel=SHARED_CHANNEL, ts=ts, thread_ts=thread, team=team_of(user)
    )


async def test_an_edit_updates_the_question_text(sender: SignedSender, services: Services) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Can we get acess to prod?")
    talk.later(minutes=1)
    edit = message_changed(
        original(CLIENT_DEV, "Can we get acess to prod?", root),
        "Can we get access to prod logs?",
        event_ts=talk.now,
    )
    assert (await sender.event(edit)).status == 200
    question = await only_question(services)
    assert question.text == "Can we get access to prod logs?"
    assert question.asked_at == at(root)  # an edit does not restart the clock


async def test_deleting_the_root_withdraws_the_question(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Is the report broken?")
    talk.later(minutes=2)
    deletion = message_deleted(
        original(CLIENT_DEV, "Is the report broken?", root), event_ts=talk.now
    )
    assert (await sender.event(deletion)).status == 200
    question = await only_question(services)
    assert question.withdrawn_at == talk.now  # kept, excluded from metrics
    assert [a.deleted_at for a in await activity(services)] == [talk.now]


async def test_deleting_the_first_response_moves_it_to_the_next_reply(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "What's the rate limit on the API?")
    talk.later(minutes=4)
    wrong = await talk.say(VENDOR_DEV, "Oops, wrong thread", thread=root)
    talk.later(minutes=6)
    right = await talk.say(VENDOR_BACKUP, "100 requests per minute per key", thread=root)
    assert (await only_question(services)).first_response_ts == wrong

    talk.later(minutes=1)
    deletion = message_deleted(
        original(VENDOR_DEV, "Oops, wrong thread", wrong, root), event_ts=talk.now
    )
    assert (await sender.event(deletion)).status == 200

    question = await only_question(services)
    assert (question.first_response_ts, question.first_response_by) == (right, VENDOR_BACKUP)
    assert question.first_response_at == at(right)
    assert question.withdrawn_at is None


async def test_deleting_the_only_response_leaves_the_question_unanswered(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Can you resend the invite?")
    talk.later(minutes=4)
    reply = await talk.say(VENDOR_DEV, "Done", thread=root)
    talk.later(minutes=1)
    await sender.event(
        message_deleted(original(VENDOR_DEV, "Done", reply, root), event_ts=talk.now)
    )
    question = await only_question(services)
    assert question.first_response_at is None
    assert question.first_response_by is None
