"""The same requests over Socket Mode: through the stand-in's websocket into the app's real
AsyncSocketModeHandler (started by `serve_socket_mode`), acks coming back over the websocket."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.transport import SocketModeSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.handlers.test_signatures import emoji_added
from tests.slack_fixtures import CLIENT_LEAD, SHARED_CHANNEL, VENDOR_OWNER


async def test_the_app_connects_with_its_app_token(
    socket_app: AsyncApp, slack: SlackStandIn
) -> None:
    assert slack.socket_mode_connected
    [opened] = slack.calls_to("apps.connections.open")
    assert opened.token == slack.app_token


async def test_a_slash_command_reaches_the_listener_and_the_ack_comes_back(
    socket_app: AsyncApp, socket_sender: SocketModeSender
) -> None:
    received: list[dict[str, Any]] = []

    @socket_app.command("/ping")
    async def ping(ack: AsyncAck, command: dict[str, Any], services: Services) -> None:
        received.append(command)
        await ack("pong")

    ack = await socket_sender.command(
        "/ping", "hello", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL
    )
    assert ack.envelope_id
    assert ack.payload == {"text": "pong"}
    [command] = received
    assert command["text"] == "hello" and command["user_id"] == CLIENT_LEAD


async def test_an_event_is_acked_without_a_payload(
    socket_app: AsyncApp, socket_sender: SocketModeSender, clock: FixedClock
) -> None:
    seen: list[dict[str, Any]] = []

    @socket_app.event("emoji_changed")
    async def emoji(event: dict[str, Any]) -> None:
        seen.append(event)

    event = emoji_added(clock)
    ack = await socket_sender.event(event)
    assert ack.payload is None
    assert seen == [event]


async def test_a_button_press_over_socket_mode(
    socket_app: AsyncApp, socket_sender: SocketModeSender
) -> None:
    pressed: list[str] = []

    @socket_app.action("test_take")
    async def take(ack: AsyncAck, action: dict[str, Any]) -> None:
        await ack()
        pressed.append(action["value"])

    await socket_sender.action(
        "test_take", user_id=VENDOR_OWNER, value="q-7", channel_id=SHARED_CHANNEL, message_ts="1.1"
    )
    assert pressed == ["q-7"]


async def test_work_after_the_ack_is_drained_before_the_sender_returns(
    socket_app: AsyncApp, socket_sender: SocketModeSender, slack: SlackStandIn
) -> None:
    @socket_app.command("/ping")
    async def ping(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        await ack()
        services.background.spawn(
            client.chat_postMessage(channel=command["channel_id"], text="pong over socket")
        )

    ack = await socket_sender.command("/ping", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL)
    assert ack.payload is None
    assert [m["text"] for m in slack.messages(SHARED_CHANNEL)] == ["pong over socket"]
