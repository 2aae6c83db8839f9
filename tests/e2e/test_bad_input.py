"""Bad input is stored faithfully, never re-posted as a live ping, and never a 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from slack_sdk.models.blocks import Block

from bot.app import Services
from handlers.slack.blocks import RESOLVE_ACTION
from handlers.slack.safe_text import has_live_ping
from handlers.slack.simulator.events import message_event
from handlers.slack.simulator.requests import JSON, event_callback
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.rows import activity, only_question, questions
from tests.slack_fixtures import CLIENT_DEV, CLIENT_TEAM, SHARED_CHANNEL, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)

PINGS = "<!channel> <!here> <!everyone> <!subteam^S0DEVS|@devs> <@UVDEV> is prod down?"


def user_text_blocks(blocks: list[dict[str, object]]) -> list[str]:
    """The sections quoting the asker's text (the bot's own header may mention people)."""
    return [
        str(b["text"]["text"])  # type: ignore[index]
        for b in blocks
        if b["type"] == "section" and str(b["text"]["text"]).startswith(">")  # type: ignore[index]
    ]


async def test_mentions_are_stored_faithfully_and_never_reposted_live(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await sender.command("/ask", PINGS, user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)

    assert (await only_question(services)).text == PINGS
    post = slack.calls_to("chat.postMessage")[0].params
    quoted = user_text_blocks(post["blocks"])
    assert quoted and not any(has_live_ping(text) for text in quoted)
    assert "<!" not in post["text"].replace("<!date^", "")
    assert "@\u2060channel" in quoted[0] and "@\u2060devs" in quoted[0]
    assert "@\u2060Dana Dev" in quoted[0]  # a person's mention becomes their name, no ping


@pytest.mark.parametrize(
    "text",
    [
        "Könnt ihr die Übersicht für 2027 schicken? 🙏 — ça marche?",
        "Why does &lt;script&gt; show up as &amp;lt; in the title?",
        "שאלה: האם ה-API תומך ב-UTF-8?",
        "line one\n\nline three?\n```code ? block```",
    ],
)
async def test_unicode_and_escaped_text_is_stored_faithfully(
    sender: SignedSender, services: Services, text: str
) -> None:
    await Conversation(sender, START).say(CLIENT_DEV, text)
    assert (await only_question(services)).text == text


async def test_a_40000_character_question_is_stored_whole_and_posted_within_limits(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    words = ("Could you explain why the reconciliation differs " * 1000)[:39_999] + "?"
    assert len(words) == 40_000
    await sender.command("/ask", words, user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)

    assert (await only_question(services)).text == words
    post = slack.calls_to("chat.postMessage")[0].params
    assert len(post["blocks"]) <= 50
    for raw in post["blocks"]:
        block = Block.parse(raw)
        assert block is not None
        block.validate_json()  # slack_sdk checks Slack's per-block limits
    quoted = user_text_blocks(post["blocks"])
    assert all(len(text) <= 3000 for text in quoted)
    assert all(not text.endswith("reconcil") for text in quoted)  # never cut mid-word
    assert len(post["text"]) < 4000


async def test_empty_and_file_only_messages_count_but_ask_nothing(
    sender: SignedSender, services: Services
) -> None:
    event = message_event(
        "",
        user=CLIENT_DEV,
        channel=SHARED_CHANNEL,
        ts=START,
        team=CLIENT_TEAM,
        subtype="file_share",
        files=[{"id": "F1", "name": "logs.txt"}],
    )
    assert (await sender.event(event)).status == 200
    assert await questions(services) == []
    assert len(await activity(services)) == 1


async def test_malformed_payloads_get_a_4xx_not_a_500(
    sender: SignedSender, services: Services
) -> None:
    no_ts = message_event("Is it down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START)
    del no_ts["ts"]
    assert (await sender.event(no_ts)).status == 400

    bad_ts = message_event("Is it down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START)
    bad_ts["ts"] = "yesterday"
    assert (await sender.event(bad_ts)).status == 400

    not_json = await sender.post("{not json", content_type=JSON)
    assert 400 <= not_json.status < 500

    envelope = event_callback(no_ts)
    envelope["event"] = "a string, not an object"
    odd = await sender.post(json.dumps(envelope), content_type=JSON)
    assert odd.status == 400

    # Found by the 10,000-example fuzz: no `type`, and an `event` that is a list. Bolt's own
    # middleware reads the event's bot_id whatever the type, so this was a 500.
    untyped = event_callback(
        message_event("Is it down?", user=CLIENT_DEV, channel=SHARED_CHANNEL, ts=START)
    )
    del untyped["type"]
    untyped["event"] = [untyped["event"]]
    assert (await sender.post(json.dumps(untyped), content_type=JSON)).status == 400

    button = await sender.action(
        RESOLVE_ACTION,
        user_id=VENDOR_DEV,
        value="not-a-number",
        channel_id=SHARED_CHANNEL,
        message_ts="1.0",
    )
    assert button.status == 400

    assert await questions(services) == []
