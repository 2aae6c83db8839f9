"""SlackMessenger against the stand-in: every note renders as valid Block Kit and is sent as the
bot; Slack's refusals come back as None/False, logged, never raised."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import (
    BackupAlert,
    Breach,
    ClientNudge,
    LeadsAlert,
    Note,
    OverlapCopy,
    OwnerPrompt,
    QuestionFacts,
    Reminder,
)
from handlers.slack.messenger import SlackMessenger
from handlers.slack.simulator.web_api import SlackStandIn
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_OWNER,
)

ASKED = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
FACTS = QuestionFacts(
    question_id=7,
    channel_id=SHARED_CHANNEL,
    thread_ts="1763460000.000100",
    asker_user_id=CLIENT_DEV,
    text="Where do I find the <!here> API keys? " + "Long text. " * 400,
    direction="client",
    asked_at=ASKED,
    respond_by=datetime(2026, 11, 18, 14, 0, tzinfo=UTC),
    sla_minutes=240,
    timezone="Europe/Amsterdam",
    elapsed_minutes=300,
)
NOTES: list[Note] = [
    OwnerPrompt(FACTS, VENDOR_OWNER, None),
    OwnerPrompt(FACTS, VENDOR_OWNER, VENDOR_BACKUP, reason="handover", status="taken"),
    OwnerPrompt(FACTS, VENDOR_OWNER, None, status="snoozed", snoozed_until=ASKED),
    OwnerPrompt(FACTS, VENDOR_OWNER, None, status="resolved", status_by=VENDOR_OWNER),
    Reminder(FACTS, VENDOR_OWNER, None),
    Breach(FACTS, VENDOR_OWNER, None, VENDOR_BACKUP),
    Breach(FACTS, None, None, None),
    BackupAlert(FACTS, VENDOR_OWNER, None),
    LeadsAlert(FACTS, VENDOR_OWNER, VENDOR_BACKUP),
    OverlapCopy(FACTS, 2, VENDOR_BACKUP, None),
    ClientNudge(FACTS, CLIENT_LEAD, 1),
    ClientNudge(FACTS, CLIENT_LEAD, 2, in_thread=True),
    OwnerPrompt(
        QuestionFacts(**{**FACTS.__dict__, "text": None, "thread_ts": None}), VENDOR_OWNER, None
    ),
]


def _client(slack: SlackStandIn) -> AsyncWebClient:
    # No retry handlers: a 429 is final at once (the app's client retries three times first).
    return AsyncWebClient(token=slack.bot_token, base_url=slack.api_url, retry_handlers=[])


@pytest.mark.parametrize("note", NOTES, ids=lambda n: type(n).__name__)
async def test_every_note_is_sent_as_valid_block_kit(slack: SlackStandIn, note: Note) -> None:
    messenger = SlackMessenger(_client(slack))
    ts = await messenger.direct(VENDOR_OWNER, note)
    assert ts is not None
    [message] = slack.messages(VENDOR_OWNER)
    assert message["ts"] == ts and message["text"]
    assert all(Block.parse(block) is not None for block in message["blocks"])
    rendered = str(message["blocks"]) + message["text"]
    assert "<!here>" not in rendered  # quoted text pings nobody
    assert len(message["blocks"]) <= 50


async def test_a_post_in_a_thread(slack: SlackStandIn) -> None:
    messenger = SlackMessenger(_client(slack))
    ts = await messenger.post(SHARED_CHANNEL, NOTES[5], thread_ts=FACTS.thread_ts)
    assert ts is not None
    assert [m["ts"] for m in slack.replies(SHARED_CHANNEL, FACTS.thread_ts or "")] == [ts]


async def test_dm_channels_and_permalinks_are_asked_for_once(slack: SlackStandIn) -> None:
    messenger = SlackMessenger(_client(slack))
    for _ in range(3):
        assert await messenger.direct(VENDOR_OWNER, NOTES[0]) is not None
    assert len(slack.calls_to("conversations.open")) == 1
    assert len(slack.calls_to("chat.getPermalink")) == 1


async def test_without_a_permalink_open_thread_leads_to_the_channel(slack: SlackStandIn) -> None:
    slack.fail_next("chat.getPermalink", "message_not_found")
    await SlackMessenger(_client(slack)).direct(VENDOR_OWNER, NOTES[0])
    [message] = slack.messages(VENDOR_OWNER)
    urls = [
        e.get("url") for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert f"https://slack.com/app_redirect?channel={SHARED_CHANNEL}" in urls


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("conversations.open", "user_not_found"),
        ("chat.postMessage", "account_inactive"),
        ("chat.postMessage", "channel_not_found"),
    ],
)
async def test_refusals_are_logged_and_reported_as_none(
    slack: SlackStandIn, caplog: pytest.LogCaptureFixture, method: str, error: str
) -> None:
    slack.fail_next(method, error)
    with caplog.at_level(logging.WARNING):
        assert await SlackMessenger(_client(slack)).direct(VENDOR_OWNER, NOTES[4]) is None
    assert error in caplog.text and "question=7" in caplog.text and VENDOR_OWNER in caplog.text


async def test_a_rate_limit_that_outlasts_the_retries_is_reported(
    slack: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    slack.rate_limit_next("chat.postMessage", retry_after=0)
    with caplog.at_level(logging.WARNING):
        assert await SlackMessenger(_client(slack)).post(SHARED_CHANNEL, NOTES[8]) is None
    assert "ratelimited" in caplog.text


async def test_an_unreachable_slack_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    client = AsyncWebClient(
        token="xoxb-x", base_url="http://127.0.0.1:9/api/", timeout=2, retry_handlers=[]
    )
    with caplog.at_level(logging.WARNING):
        assert await SlackMessenger(client).post(SHARED_CHANNEL, NOTES[8]) is None
        assert await SlackMessenger(client).update(SHARED_CHANNEL, "1.2", NOTES[0]) is False


async def test_update_replaces_the_message(slack: SlackStandIn) -> None:
    messenger = SlackMessenger(_client(slack))
    ts = await messenger.direct(VENDOR_OWNER, NOTES[0])
    assert ts is not None
    assert await messenger.update(slack.dm_channel(VENDOR_OWNER), ts, NOTES[3])
    assert "Resolved by" in str(slack.messages(VENDOR_OWNER)[0]["blocks"])
    assert not await messenger.update(slack.dm_channel(VENDOR_OWNER), "1.000001", NOTES[3])
