"""Faults on demand: ok:false answers, 429 with Retry-After (retried by the app's client), and
slow answers (timeouts)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from handlers.slack import build_client
from handlers.slack.simulator.web_api import SlackStandIn
from tests.slack_fixtures import CLIENT_LEAD, SHARED_CHANNEL


@pytest.fixture
def retry_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits slack_sdk's retry handlers ask for, recorded instead of slept through."""
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await real_sleep(0)

    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=sleep))
    return waits


def plain_client(slack: SlackStandIn, **options: object) -> AsyncWebClient:
    return AsyncWebClient(token=slack.bot_token, base_url=slack.api_url, **options)  # type: ignore[arg-type]


async def test_fail_next_answers_ok_false_then_recovers(slack: SlackStandIn) -> None:
    client = plain_client(slack)
    slack.fail_next("chat.postMessage", error="is_archived", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as caught:
            await client.chat_postMessage(channel=SHARED_CHANNEL, text="hello")
        assert caught.value.response["error"] == "is_archived"
        assert caught.value.response.status_code == 200
    await client.chat_postMessage(channel=SHARED_CHANNEL, text="hello")
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert [m["text"] for m in slack.messages(SHARED_CHANNEL)] == ["hello"]


async def test_faults_touch_only_their_method(slack: SlackStandIn) -> None:
    client = plain_client(slack)
    slack.fail_next("users.info", error="user_not_found")
    await client.chat_postMessage(channel=SHARED_CHANNEL, text="unaffected")
    with pytest.raises(SlackApiError):
        await client.users_info(user=CLIENT_LEAD)
    assert (await client.users_info(user=CLIENT_LEAD))["user"]["id"] == CLIENT_LEAD


async def test_the_apps_client_retries_a_429_after_retry_after(
    slack: SlackStandIn, services: Services, retry_sleeps: list[float]
) -> None:
    client = build_client(services)
    assert client.base_url == slack.api_url
    slack.rate_limit_next("chat.postMessage", retry_after=2)
    answer = await client.chat_postMessage(channel=SHARED_CHANNEL, text="eventually")
    assert answer["ok"] is True
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(retry_sleeps) == 1 and 2 <= retry_sleeps[0] < 3
    assert [m["text"] for m in slack.messages(SHARED_CHANNEL)] == ["eventually"]


async def test_a_429_without_retries_is_a_ratelimited_error(slack: SlackStandIn) -> None:
    slack.rate_limit_next("users.info", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        await plain_client(slack).users_info(user=CLIENT_LEAD)
    assert caught.value.response.status_code == 429
    assert caught.value.response["error"] == "ratelimited"
    assert caught.value.response.headers["Retry-After"] == "7"


async def test_retries_give_up_when_the_limit_persists(
    slack: SlackStandIn, services: Services, retry_sleeps: list[float]
) -> None:
    slack.rate_limit_next("chat.postMessage", retry_after=0, times=10)
    with pytest.raises(SlackApiError) as caught:
        await build_client(services).chat_postMessage(channel=SHARED_CHANNEL, text="never")
    assert caught.value.response["error"] == "ratelimited"
    assert len(slack.calls_to("chat.postMessage")) == 4  # the first try and three retries
    assert slack.messages(SHARED_CHANNEL) == []


async def test_delay_next_makes_a_call_time_out(slack: SlackStandIn) -> None:
    slack.delay_next("conversations.info", seconds=30)
    with pytest.raises(asyncio.TimeoutError):
        await plain_client(slack, timeout=0.2).conversations_info(channel=SHARED_CHANNEL)
    answer = await plain_client(slack, timeout=5).conversations_info(channel=SHARED_CHANNEL)
    assert answer["channel"]["id"] == SHARED_CHANNEL


async def test_a_delayed_call_still_answers_after_the_delay(slack: SlackStandIn) -> None:
    slack.delay_next("auth.test", seconds=0.05)
    assert (await plain_client(slack, timeout=5).auth_test())["ok"] is True
