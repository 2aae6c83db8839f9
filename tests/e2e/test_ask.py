"""/ask: stored before the ack, posted as the thread answers go to; the modal; wrong places."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.models.blocks import Block

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.blocks import ASK_BLOCK, ASK_INPUT, ASK_MODAL
from handlers.slack.simulator.events import member_joined, slack_ts
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.owners import seed_channel_role
from tests.e2e.rows import only_question, questions
from tests.slack_fixtures import BOT_USER, CLIENT_DEV, SHARED_CHANNEL, VENDOR_DEV, VENDOR_OWNER


async def test_ask_with_text_stores_then_posts_the_thread(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # Wed 18 Nov 2026 10:00 UTC; the channel defaults: Mon-Fri 09-17 UTC, 240 minutes.
    result = await sender.command(
        "/ask", "When will the CSV import be ready?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )

    assert result.status == 200
    assert result.body == ""  # an empty ack: the channel post is the confirmation
    posts = slack.calls_to("chat.postMessage")
    # The question's post, then (no owner or client lead yet) the channel's one onboarding message.
    assert len(posts) == 2
    params = posts[0].params
    assert params["channel"] == SHARED_CHANNEL
    assert "<@UCDEV>" in params["text"]
    blocks = [Block.parse(b) for b in params["blocks"]]
    assert all(b is not None for b in blocks)
    rendered = str(params["blocks"])
    assert "When will the CSV import be ready?" in rendered
    assert "4 business hours" in rendered
    # 10:00 + 240 business minutes = 14:00 the same day.
    due = int(datetime(2026, 11, 18, 14, 0, tzinfo=UTC).timestamp())
    assert f"<!date^{due}^" in rendered

    question = await only_question(services)
    posted_ts = slack.messages(SHARED_CHANNEL)[0]["ts"]
    assert question.root_ts == posted_ts  # answers are counted in the post's thread
    assert question.direction == "client"
    assert question.source == "ask"
    assert question.asker_user_id == CLIENT_DEV
    assert question.text == "When will the CSV import be ready?"
    assert question.asked_at == clock.now()  # a command carries no ts: timed on arrival


async def test_ask_names_the_owner_when_there_is_one(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await seed_channel_role(services, SHARED_CHANNEL, "owner", VENDOR_OWNER)
    await sender.command("/ask", "Is staging down?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    rendered = str(slack.calls_to("chat.postMessage")[0].params["blocks"])
    assert f"Accountable: <@{VENDOR_OWNER}>" in rendered


async def test_ask_without_text_opens_the_modal_and_its_submission_asks(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    result = await sender.command("/ask", "", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    assert result.status == 200
    opened = slack.calls_to("views.open")
    assert len(opened) == 1
    view = opened[0].params["view"]
    assert view["callback_id"] == ASK_MODAL
    assert view["private_metadata"] == SHARED_CHANNEL
    assert await questions(services) == []

    submitted = await sender.view_submission(
        ASK_MODAL,
        user_id=CLIENT_DEV,
        private_metadata=SHARED_CHANNEL,
        values={
            ASK_BLOCK: {ASK_INPUT: {"type": "plain_text_input", "value": "Where are the logs?"}}
        },
    )
    assert submitted.status == 200
    question = await only_question(services)
    assert question.source == "modal"
    assert question.text == "Where are the logs?"
    assert question.root_ts == slack.messages(SHARED_CHANNEL)[0]["ts"]


async def test_an_empty_modal_submission_is_refused_in_the_modal(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    result = await sender.view_submission(
        ASK_MODAL,
        user_id=CLIENT_DEV,
        private_metadata=SHARED_CHANNEL,
        values={ASK_BLOCK: {ASK_INPUT: {"type": "plain_text_input", "value": "   "}}},
    )
    assert result.status == 200
    assert result.json == {
        "response_action": "errors",
        "errors": {ASK_BLOCK: "Type your question first."},
    }
    assert await questions(services) == []


async def test_ask_in_a_dm_explains_where_to_ask(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    result = await sender.command(
        "/ask", "hello?", user_id=CLIENT_DEV, channel_id="D0123", channel_name="directmessage"
    )
    assert result.status == 200
    assert result.json is not None
    assert result.json["response_type"] == "ephemeral"
    assert "client channel" in result.json["text"]
    assert await questions(services) == []
    assert slack.calls_to("chat.postMessage") == []


async def test_ask_where_the_bot_is_not_keeps_the_question_and_posts_it_on_invite(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    slack.add_channel(
        "C0NOBOT", "client-new", members=[CLIENT_DEV, VENDOR_DEV], bot_is_member=False
    )

    result = await sender.command(
        "/ask", "Can we get access?", user_id=CLIENT_DEV, channel_id="C0NOBOT"
    )

    assert result.status == 200
    question = await only_question(services)  # stored, never lost
    assert question.root_ts.startswith("pending:")
    told = slack.responses
    assert len(told) == 1
    assert told[0]["response_type"] == "ephemeral"
    assert "/invite @ownerbot" in told[0]["text"]

    slack.add_member("C0NOBOT", BOT_USER)
    joined = await sender.event(
        member_joined(user=BOT_USER, channel="C0NOBOT", event_ts=clock.now())
    )
    assert joined.status == 200
    question = await only_question(services)
    assert question.root_ts == slack.messages("C0NOBOT")[0]["ts"]
    assert question.asked_at < datetime.fromtimestamp(float(slack_ts(clock.now())) + 1, UTC)
