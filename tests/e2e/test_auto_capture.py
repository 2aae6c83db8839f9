"""Auto-capture: which top-level client messages become questions (DESIGN.md, "Question")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import Services
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.rows import activity, at, questions
from tests.slack_fixtures import CLIENT_DEV, CLIENT_LEAD, GUEST, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)

# Real-looking client messages and whether each is a question.
VERDICTS = [
    ("When will the CSV import be ready?", True),
    ("Can you check why the nightly export failed", True),  # no "?", interrogative opening
    ("<@UVOWNER> could you have a look at the staging login", True),  # mention, then a request
    ("Is there a way to bulk-edit the price lists? We have ~400 of them", True),
    ("how do I reset a user's 2FA", True),
    ("Any update on the invoice PDF issue?", True),
    ("We noticed the dashboard is slow since Monday. Is that known?", True),
    ("Does the API support pagination on /orders ?", True),
    ("Hi all!", False),
    ("Thanks so much, that worked :tada:", False),
    ("Good morning team", False),
    ("Deployed the new logo, see <https://acme.example/preview?v=2|preview>", False),  # ? in a link
    ("Running `SELECT * FROM orders WHERE id = ?` returns nothing", False),  # ? in code
    ("FYI the office is closed on Friday", False),
    ("Can't wait for the launch!", False),
    ("Great, thank you!", False),
    ("ok", False),
]


@pytest.mark.parametrize(("text", "is_question"), VERDICTS)
async def test_a_client_message_is_captured_when_it_asks(
    sender: SignedSender, slack: SlackStandIn, services: Services, text: str, is_question: bool
) -> None:
    talk = Conversation(sender, START)
    ts = await talk.say(CLIENT_DEV, text)

    found = await questions(services)
    assert [(q.root_ts, q.direction, q.source) for q in found] == (
        [(ts, "client", "auto")] if is_question else []
    )
    if is_question:
        assert found[0].text == text
        assert found[0].asked_at == at(ts)  # from Slack's ts, not from arrival
    # Every message is counted for participation, question or not, without its text.
    rows = await activity(services)
    assert [(r.user_id, r.side, r.ts) for r in rows] == [(CLIENT_DEV, "client", ts)]


async def test_a_vendor_question_in_the_channel_is_not_captured(
    sender: SignedSender, services: Services
) -> None:
    await Conversation(sender, START).say(VENDOR_DEV, "Can someone restart the worker?")
    assert await questions(services) == []


async def test_a_guest_asking_is_a_client_question(
    sender: SignedSender, services: Services
) -> None:
    # The guest is in the vendor's own team: only users.info's is_restricted makes them a client.
    await Conversation(sender, START).say(GUEST, "Where do I find the release notes?")
    found = await questions(services)
    assert [(q.asker_user_id, q.direction) for q in found] == [(GUEST, "client")]


async def test_messages_within_five_minutes_join_one_question(
    sender: SignedSender, services: Services
) -> None:
    talk = Conversation(sender, START)
    first = await talk.say(CLIENT_LEAD, "Quick one: can we move the demo?")
    talk.later(minutes=2)
    await talk.say(CLIENT_LEAD, "Thursday would suit us better")
    talk.later(minutes=4)  # 4 minutes after the last one: still joins
    await talk.say(CLIENT_LEAD, "Also, who should attend?")
    talk.later(minutes=6)  # 6 minutes later: a new question
    fourth = await talk.say(CLIENT_LEAD, "And what about the budget review?")

    found = await questions(services)
    assert [q.root_ts for q in found] == [first, fourth]
    assert found[0].text == (
        "Quick one: can we move the demo?\nThursday would suit us better\nAlso, who should attend?"
    )


async def test_auto_capture_switched_off_captures_nothing(
    sender: SignedSender, services: Services
) -> None:
    from sqlalchemy import update

    from storage.models import Channel

    talk = Conversation(sender, START)
    await talk.say(CLIENT_DEV, "hello")  # creates the channel row with defaults
    async with services.sessions() as session, session.begin():
        await session.execute(update(Channel).values(auto_capture=False))
    talk.later(minutes=10)
    await talk.say(CLIENT_DEV, "Is the API down?")
    assert await questions(services) == []
