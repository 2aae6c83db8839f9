""":question: marks a question; resolution three ways; who may resolve."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import Services
from handlers.slack.blocks import RESOLVE_ACTION
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.rows import at, only_question, questions
from tests.slack_fixtures import CLIENT_DEV, CLIENT_LEAD, CLIENT_PM, SHARED_CHANNEL, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


async def test_a_question_reaction_marks_a_statement_timed_from_the_message(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    statement = await talk.say(CLIENT_PM, "The totals on the March invoice look off.")
    assert await questions(services) == []
    talk.later(hours=2)
    await talk.react(VENDOR_DEV, "question", statement, item_user=CLIENT_PM)

    question = await only_question(services)
    assert (question.root_ts, question.source, question.direction) == (
        statement,
        "reaction",
        "client",
    )
    assert question.asker_user_id == CLIENT_PM
    assert question.asked_at == at(statement)  # not two hours later, when it was marked


async def test_resolved_by_the_asker_with_a_check_mark(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    root = await talk.say(CLIENT_DEV, "Where is the API key page?")
    talk.later(minutes=5)
    await talk.react(CLIENT_LEAD, "white_check_mark", root)  # not the asker, not vendor: ignored
    assert (await only_question(services)).resolved_at is None
    talk.later(minutes=1)
    await talk.react(CLIENT_DEV, "white_check_mark", root)
    question = await only_question(services)
    assert (question.resolved_at, question.resolved_by) == (talk.now, CLIENT_DEV)


async def test_resolved_with_the_button_by_a_vendor_member(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await sender.command(
        "/ask", "Can we get a test account?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    question = await only_question(services)

    refused = await sender.action(
        RESOLVE_ACTION,
        user_id=CLIENT_LEAD,
        value=str(question.id),
        channel_id=SHARED_CHANNEL,
        message_ts=question.root_ts,
    )
    assert refused.status == 200
    assert (await only_question(services)).resolved_at is None
    assert "Only the person who asked" in slack.responses[-1]["text"]

    done = await sender.action(
        RESOLVE_ACTION,
        user_id=VENDOR_DEV,
        value=str(question.id),
        channel_id=SHARED_CHANNEL,
        message_ts=question.root_ts,
    )
    assert done.status == 200
    resolved = await only_question(services)
    assert resolved.resolved_by == VENDOR_DEV
    assert resolved.resolved_at == services.clock.now()
    assert slack.responses[-1]["response_type"] == "ephemeral"
    assert "Resolved" in slack.responses[-1]["text"]


async def test_resolved_with_ask_resolve_by_the_asker(
    sender: SignedSender, services: Services
) -> None:
    await sender.command(
        "/ask", "Is the VPN required?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    result = await sender.command("/ask", "resolve", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    assert result.json is not None and "Resolved" in result.json["text"]
    assert (await only_question(services)).resolved_by == CLIENT_DEV


async def test_ask_resolve_with_nothing_open_says_so(
    sender: SignedSender, services: Services
) -> None:
    result = await sender.command("/ask", "resolve", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    assert result.json is not None
    assert result.json["response_type"] == "ephemeral"
    assert "no open question" in result.json["text"]


async def test_ask_resolve_by_a_vendor_member_offers_the_open_questions(
    sender: SignedSender, services: Services
) -> None:
    await sender.command("/ask", "First?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    await sender.command("/ask", "Second?", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL)
    result = await sender.command("/ask", "resolve", user_id=VENDOR_DEV, channel_id=SHARED_CHANNEL)
    assert result.json is not None
    buttons = [b["accessory"]["value"] for b in result.json["blocks"] if b.get("accessory")]
    assert buttons == [str(q.id) for q in await questions(services)]
    assert all(q.resolved_at is None for q in await questions(services))
