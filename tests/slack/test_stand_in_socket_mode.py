"""The stand-in's Socket Mode endpoint, seen by a bare websocket client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.simulator.requests import slash_command
from handlers.slack.simulator.web_api import SlackStandIn
from tests.slack_fixtures import CLIENT_LEAD, SHARED_CHANNEL


async def link_url(slack: SlackStandIn) -> str:
    client = AsyncWebClient(base_url=slack.api_url)
    return str((await client.apps_connections_open(app_token=slack.app_token))["url"])


@pytest.fixture
async def ws(slack: SlackStandIn) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    url = await link_url(slack)
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, autoping=False) as socket,
    ):
        yield socket


async def test_a_new_connection_is_greeted_with_hello(
    ws: aiohttp.ClientWebSocketResponse, slack: SlackStandIn
) -> None:
    hello = await ws.receive_json(timeout=5)
    assert hello["type"] == "hello"
    assert hello["num_connections"] == 1
    assert slack.socket_mode_connected


async def test_pings_are_answered(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.receive_json(timeout=5)  # hello
    await ws.ping(b"sdk-ping-pong:123")
    pong = await ws.receive(timeout=5)
    assert pong.type == aiohttp.WSMsgType.PONG
    assert pong.data == b"sdk-ping-pong:123"


async def test_an_envelope_goes_out_and_its_ack_comes_back(
    ws: aiohttp.ClientWebSocketResponse, slack: SlackStandIn
) -> None:
    await ws.receive_json(timeout=5)  # hello
    payload = slash_command("/ping", "hi", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL)
    sending = asyncio.ensure_future(slack.socket_mode_send("slash_commands", payload))
    envelope = await ws.receive_json(timeout=5)
    assert envelope["type"] == "slash_commands"
    assert envelope["payload"] == payload
    assert envelope["accepts_response_payload"] is True
    await ws.send_str(json.dumps({"envelope_id": "someone-else", "payload": {"text": "no"}}))
    await ws.send_str(
        json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}})
    )
    ack = await asyncio.wait_for(sending, 5)
    assert ack == {"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}}


async def test_events_carry_retry_fields(
    ws: aiohttp.ClientWebSocketResponse, slack: SlackStandIn
) -> None:
    await ws.receive_json(timeout=5)  # hello
    sending = asyncio.ensure_future(
        slack.socket_mode_send(
            "events_api", {"type": "event_callback"}, retry_attempt=2, retry_reason="timeout"
        )
    )
    envelope = await ws.receive_json(timeout=5)
    assert (envelope["retry_attempt"], envelope["retry_reason"]) == (2, "timeout")
    assert envelope["accepts_response_payload"] is False
    await ws.send_str(json.dumps({"envelope_id": envelope["envelope_id"]}))
    assert (await asyncio.wait_for(sending, 5))["envelope_id"] == envelope["envelope_id"]


async def test_an_unanswered_envelope_times_out(
    ws: aiohttp.ClientWebSocketResponse, slack: SlackStandIn
) -> None:
    await ws.receive_json(timeout=5)  # hello
    with pytest.raises(TimeoutError):
        await slack.socket_mode_send("interactive", {"type": "block_actions"}, within=0.1)


async def test_sending_without_a_connection_times_out(slack: SlackStandIn) -> None:
    assert not slack.socket_mode_connected
    with pytest.raises(TimeoutError):
        await slack.socket_mode_send("events_api", {}, within=0.05)


async def test_a_link_works_once(slack: SlackStandIn) -> None:
    url = await link_url(slack)
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as first:
            assert (await first.receive_json(timeout=5))["type"] == "hello"
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url)
        assert refused.value.status == 401
