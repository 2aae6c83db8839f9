"""Requests reach the app over real HTTP only when Slack signed them: right secret, fresh
timestamp, signature of this very body."""

from __future__ import annotations

import time
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator import requests as slack_requests
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.slack_fixtures import CLIENT_LEAD, CLIENT_TEAM, SHARED_CHANNEL, VENDOR_OWNER


@pytest.fixture
def pings(slack_app: AsyncApp) -> list[dict[str, Any]]:
    """A test-only /ping command on the real app; the list holds the commands it received."""
    received: list[dict[str, Any]] = []

    @slack_app.command("/ping")
    async def ping(ack: AsyncAck, command: dict[str, Any], services: Services) -> None:
        assert isinstance(services, Services)  # injected by the app's middleware
        received.append(command)
        await ack("pong")

    return received


async def ping(sender: SignedSender, **signing: Any) -> Any:
    return await sender.command(
        "/ping", "hello", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL, **signing
    )


async def test_a_signed_command_reaches_the_app(
    sender: SignedSender, pings: list[dict[str, Any]]
) -> None:
    result = await ping(sender)
    assert result.status == 200
    assert result.body == "pong"
    [command] = pings
    assert command["command"] == "/ping"
    assert command["text"] == "hello"
    assert command["user_id"] == CLIENT_LEAD
    assert command["channel_id"] == SHARED_CHANNEL


async def test_a_wrong_secret_is_refused(sender: SignedSender, pings: list[dict[str, Any]]) -> None:
    result = await ping(sender, secret="not-the-signing-secret")
    assert result.status == 401
    assert pings == []


async def test_missing_signature_headers_are_refused(
    sender: SignedSender, pings: list[dict[str, Any]]
) -> None:
    result = await ping(sender, unsigned=True)
    assert "X-Slack-Signature" not in result.request.headers
    assert result.status == 401
    assert pings == []


async def test_a_stale_timestamp_is_refused(
    sender: SignedSender, pings: list[dict[str, Any]]
) -> None:
    # Bolt compares with the wall clock, not the test clock: more than five minutes old.
    result = await ping(sender, timestamp=int(time.time()) - 5 * 60 - 30)
    assert result.status == 401
    assert pings == []
    fresh = await ping(sender, timestamp=int(time.time()) - 60)
    assert fresh.status == 200


async def test_a_replayed_signature_with_a_new_timestamp_is_refused(
    sender: SignedSender, pings: list[dict[str, Any]]
) -> None:
    original = await ping(sender)
    assert original.status == 200
    old_stamp = int(original.request.headers["X-Slack-Request-Timestamp"])
    old_signature = original.request.headers["X-Slack-Signature"]
    replay = await sender.post(
        original.request.body,
        content_type=slack_requests.FORM,
        timestamp=old_stamp - 1,
        signature=old_signature,
    )
    assert replay.status == 401
    assert len(pings) == 1


def emoji_added(clock: FixedClock) -> dict[str, Any]:
    """An event ownerbot does not subscribe to, so only the test's listener handles it."""
    return {
        "type": "emoji_changed",
        "subtype": "add",
        "name": "shipit",
        "value": "https://emoji.example/shipit.png",
        "event_ts": slack_requests.slack_ts(clock.now()),
    }


async def test_a_signed_event_reaches_an_event_listener(
    slack_app: AsyncApp, sender: SignedSender, clock: FixedClock
) -> None:
    seen: list[tuple[dict[str, Any], list[str] | None]] = []

    @slack_app.event("emoji_changed")
    async def on_emoji(event: dict[str, Any], request: AsyncBoltRequest) -> None:
        seen.append((event, request.headers.get("x-slack-retry-num")))

    event = emoji_added(clock)
    result = await sender.event(event, retry_num=1, retry_reason="http_timeout")
    assert result.status == 200
    [(received, retry_num)] = seen
    assert received == event
    assert retry_num == ["1"]  # a redelivery is visible to the app
    refused = await sender.event(event, secret="wrong")
    assert refused.status == 401 and len(seen) == 1


async def test_a_signed_button_press_reaches_an_action_listener(
    slack_app: AsyncApp, sender: SignedSender
) -> None:
    pressed: list[dict[str, Any]] = []

    @slack_app.action("test_take")
    async def on_take(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        pressed.append(body)

    result = await sender.action(
        "test_take",
        user_id=VENDOR_OWNER,
        value="q-1",
        channel_id=SHARED_CHANNEL,
        message_ts="1.000100",
    )
    assert result.status == 200
    [body] = pressed
    assert body["actions"][0]["value"] == "q-1"
    assert body["container"]["channel_id"] == SHARED_CHANNEL


async def test_a_signed_modal_submission_reaches_a_view_listener(
    slack_app: AsyncApp, sender: SignedSender
) -> None:
    submitted: list[dict[str, Any]] = []

    @slack_app.view("test_modal")
    async def on_submit(ack: AsyncAck, view: dict[str, Any]) -> None:
        submitted.append(view["state"]["values"])
        await ack(response_action="errors", errors={"question": "Too short"})

    values = {"question": {"text": {"type": "plain_text_input", "value": "?"}}}
    result = await sender.view_submission(
        "test_modal", user_id=CLIENT_LEAD, team_id=CLIENT_TEAM, values=values
    )
    assert result.status == 200
    assert result.json == {"response_action": "errors", "errors": {"question": "Too short"}}
    assert submitted == [values]


async def test_work_after_the_ack_reaches_the_stand_in_before_the_sender_returns(
    slack_app: AsyncApp, sender: SignedSender, slack: SlackStandIn
) -> None:
    @slack_app.command("/ping")
    async def ping_later(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        await ack()
        services.background.spawn(
            client.chat_postMessage(channel=command["channel_id"], text="pong, later")
        )

    result = await ping(sender)
    assert result.status == 200
    assert [m["text"] for m in slack.messages(SHARED_CHANNEL)] == ["pong, later"]
    [post] = slack.calls_to("chat.postMessage")
    assert post.token == slack.bot_token
