"""The Web API stand-in answers the way Slack does, from the directory a test fills."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import FixedClock
from handlers.slack.simulator.requests import slack_ts
from handlers.slack.simulator.web_api import Call, SlackStandIn
from tests.slack_fixtures import (
    BOT_USER,
    CLIENT_LEAD,
    CLIENT_TEAM,
    GUEST,
    INTERNAL_CHANNEL,
    OTHER_BOT,
    SHARED_CHANNEL,
    VENDOR_OWNER,
    VENDOR_TEAM,
)


@pytest.fixture
async def client(slack: SlackStandIn) -> AsyncIterator[AsyncWebClient]:
    yield AsyncWebClient(token=slack.bot_token, base_url=slack.api_url, timeout=5)


async def error_of(call: object) -> str:
    with pytest.raises(SlackApiError) as caught:
        await call  # type: ignore[misc]
    return str(caught.value.response["error"])


async def test_auth_test_names_the_bot_and_team(client: AsyncWebClient) -> None:
    answer = await client.auth_test()
    assert answer["user_id"] == BOT_USER
    assert answer["team_id"] == VENDOR_TEAM
    assert answer["bot_id"] == "BBOT"


async def test_users_info_answers_from_the_directory(client: AsyncWebClient) -> None:
    lead = (await client.users_info(user=CLIENT_LEAD))["user"]
    assert lead["team_id"] == CLIENT_TEAM
    assert lead["real_name"] == "Carla Lead"
    assert lead["profile"]["real_name"] == "Carla Lead"
    assert lead["is_restricted"] is False
    assert (await client.users_info(user=GUEST))["user"]["is_restricted"] is True
    assert (await client.users_info(user=OTHER_BOT))["user"]["is_bot"] is True
    assert (await client.users_info(user=VENDOR_OWNER))["user"]["team_id"] == VENDOR_TEAM
    assert await error_of(client.users_info(user="UNOBODY")) == "user_not_found"


async def test_add_user_returns_what_users_info_returns(
    slack: SlackStandIn, client: AsyncWebClient
) -> None:
    added = slack.add_user("UNEW", "New Person", is_ultra_restricted=True, tz="Asia/Tokyo")
    assert (await client.users_info(user="UNEW"))["user"] == added
    assert added["is_ultra_restricted"] is True and added["tz"] == "Asia/Tokyo"


async def test_conversations_info_describes_the_channel(client: AsyncWebClient) -> None:
    shared = (await client.conversations_info(channel=SHARED_CHANNEL))["channel"]
    assert shared["is_ext_shared"] is True
    assert shared["is_member"] is True
    internal = (await client.conversations_info(channel=INTERNAL_CHANNEL))["channel"]
    assert internal["is_ext_shared"] is False
    assert await error_of(client.conversations_info(channel="CNOPE")) == "channel_not_found"


async def test_conversations_members_paginates_with_a_cursor(client: AsyncWebClient) -> None:
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        page = await client.conversations_members(channel=SHARED_CHANNEL, limit=3, cursor=cursor)
        assert len(page["members"]) <= 3
        seen += page["members"]
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 3  # 8 people and the bot
    assert len(seen) == len(set(seen)) == 9
    assert {CLIENT_LEAD, VENDOR_OWNER, GUEST, BOT_USER} <= set(seen)
    bad = client.conversations_members(channel=SHARED_CHANNEL, cursor="not-a-cursor")
    assert await error_of(bad) == "invalid_cursor"


async def test_posted_messages_are_kept_with_thread_and_blocks(
    slack: SlackStandIn, client: AsyncWebClient, clock: FixedClock
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]
    root = await client.chat_postMessage(channel=SHARED_CHANNEL, text="hello", blocks=blocks)
    reply = await client.chat_postMessage(
        channel=SHARED_CHANNEL, text="in thread", thread_ts=root["ts"]
    )
    assert root["channel"] == SHARED_CHANNEL
    assert root["message"]["text"] == "hello"
    messages = slack.messages(SHARED_CHANNEL)
    assert [m["text"] for m in messages] == ["hello", "in thread"]
    assert messages[0]["blocks"] == blocks
    assert messages[0]["thread_ts"] is None
    assert messages[1]["thread_ts"] == root["ts"]
    assert messages[1]["ts"] == reply["ts"]
    assert slack.replies(SHARED_CHANNEL, root["ts"]) == [messages[1]]
    assert slack.messages(INTERNAL_CHANNEL) == []


async def test_message_ts_follows_the_clock_and_always_increases(
    client: AsyncWebClient, clock: FixedClock
) -> None:
    first = (await client.chat_postMessage(channel=SHARED_CHANNEL, text="a"))["ts"]
    second = (await client.chat_postMessage(channel=SHARED_CHANNEL, text="b"))["ts"]
    assert first == slack_ts(clock.now())
    assert float(second) > float(first)  # the clock stood still
    clock.set(datetime(2026, 11, 19, 9, 0, tzinfo=UTC))
    third = (await client.chat_postMessage(channel=SHARED_CHANNEL, text="c"))["ts"]
    assert third == slack_ts(clock.now())


async def test_post_message_errors(slack: SlackStandIn, client: AsyncWebClient) -> None:
    slack.add_channel("C0NOBOT", "no-bot", members=[VENDOR_OWNER], bot_is_member=False)
    slack.add_channel(
        "G0SECRET", "secret", members=[VENDOR_OWNER], is_private=True, bot_is_member=False
    )
    post = client.chat_postMessage
    assert await error_of(post(channel="CNOPE", text="x")) == "channel_not_found"
    assert await error_of(post(channel="C0NOBOT", text="x")) == "not_in_channel"
    assert await error_of(post(channel="G0SECRET", text="x")) == "channel_not_found"
    assert await error_of(post(channel=SHARED_CHANNEL, text="x" * 40_001)) == "msg_too_long"
    too_many = [{"type": "divider"}] * 51
    assert await error_of(post(channel=SHARED_CHANNEL, text="x", blocks=too_many)) == (
        "invalid_blocks"
    )
    with pytest.warns(UserWarning, match="text"):  # slack_sdk warns before sending it
        assert await error_of(post(channel=SHARED_CHANNEL)) == "no_text"
    await post(channel=SHARED_CHANNEL, text="x" * 40_000, blocks=[{"type": "divider"}] * 50)
    assert len(slack.messages(SHARED_CHANNEL)) == 1


async def test_direct_messages_have_a_stable_channel(
    slack: SlackStandIn, client: AsyncWebClient
) -> None:
    opened = (await client.conversations_open(users=VENDOR_OWNER))["channel"]["id"]
    again = (await client.conversations_open(users=VENDOR_OWNER))["channel"]["id"]
    other = (await client.conversations_open(users=CLIENT_LEAD))["channel"]["id"]
    assert opened == again == slack.dm_channel(VENDOR_OWNER)
    assert opened.startswith("D") and other != opened
    await client.chat_postMessage(channel=opened, text="a new question")
    await client.chat_postMessage(channel=VENDOR_OWNER, text="posted to the user id")
    assert [m["text"] for m in slack.messages(VENDOR_OWNER)] == [
        "a new question",
        "posted to the user id",
    ]
    assert await error_of(client.conversations_open(users="UNOBODY")) == "user_not_found"


async def test_ephemeral_messages(slack: SlackStandIn, client: AsyncWebClient) -> None:
    sent = await client.chat_postEphemeral(channel=SHARED_CHANNEL, user=CLIENT_LEAD, text="psst")
    assert sent["message_ts"]
    [kept] = slack.ephemeral_messages(SHARED_CHANNEL, user=CLIENT_LEAD)
    assert kept["text"] == "psst" and kept["ts"] == sent["message_ts"]
    assert slack.messages(SHARED_CHANNEL) == []
    outsider = client.chat_postEphemeral(channel=INTERNAL_CHANNEL, user=CLIENT_LEAD, text="x")
    assert await error_of(outsider) == "user_not_in_channel"


async def test_chat_update_changes_the_kept_message(
    slack: SlackStandIn, client: AsyncWebClient
) -> None:
    posted = await client.chat_postMessage(channel=SHARED_CHANNEL, text="before")
    updated = await client.chat_update(channel=SHARED_CHANNEL, ts=posted["ts"], text="after")
    assert updated["ts"] == posted["ts"]
    [message] = slack.messages(SHARED_CHANNEL)
    assert message["text"] == "after" and message["edited"]["user"] == BOT_USER
    missing = client.chat_update(channel=SHARED_CHANNEL, ts="1.000001", text="x")
    assert await error_of(missing) == "message_not_found"


async def test_views(slack: SlackStandIn, client: AsyncWebClient) -> None:
    title = {"type": "plain_text", "text": "Ask"}
    modal = {"type": "modal", "callback_id": "ask", "title": title, "blocks": []}
    opened = (await client.views_open(trigger_id="123.456.abc", view=modal))["view"]
    assert opened["id"].startswith("V") and opened["callback_id"] == "ask"
    assert await error_of(client.views_open(trigger_id="", view=modal)) == "invalid_arguments"
    home = {"type": "home", "blocks": [{"type": "divider"}]}
    published = (await client.views_publish(user_id=VENDOR_OWNER, view=home))["view"]
    assert slack.home_view(VENDOR_OWNER) == published
    assert slack.home_view(CLIENT_LEAD) is None
    assert [v["type"] for v in slack.views] == ["modal", "home"]
    missing = client.views_publish(user_id="UNOBODY", view=home)
    assert await error_of(missing) == "user_not_found"


async def test_tokens_are_checked(slack: SlackStandIn) -> None:
    anonymous = AsyncWebClient(base_url=slack.api_url)
    assert await error_of(anonymous.auth_test()) == "not_authed"
    stranger = AsyncWebClient(token="xoxb-someone-else", base_url=slack.api_url)
    assert await error_of(stranger.auth_test()) == "invalid_auth"
    bot = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
    wrong_type = bot.apps_connections_open(app_token=slack.bot_token)
    assert await error_of(wrong_type) == "not_allowed_token_type"
    url = (await bot.apps_connections_open(app_token=slack.app_token))["url"]
    assert url.startswith(slack.api_url.replace("http://", "ws://").removesuffix("api/"))


async def test_unknown_method(client: AsyncWebClient) -> None:
    assert await error_of(client.api_call("chat.teleport")) == "unknown_method"


async def test_form_bodies_and_token_param_work_like_slack(slack: SlackStandIn) -> None:
    form = {
        "token": slack.bot_token,
        "channel": SHARED_CHANNEL,
        "text": "from a form",
        "blocks": '[{"type": "divider"}]',
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(slack.api_url + "chat.postMessage", data=form) as response,
    ):
        assert response.status == 200
        answer = await response.json()
    assert answer["ok"] is True
    [call] = slack.calls_to("chat.postMessage")
    assert call == Call(
        "chat.postMessage",
        {"channel": SHARED_CHANNEL, "text": "from a form", "blocks": [{"type": "divider"}]},
        slack.bot_token,
    )
    assert slack.messages(SHARED_CHANNEL)[0]["blocks"] == [{"type": "divider"}]


async def test_the_call_log_records_method_params_and_token(
    slack: SlackStandIn, client: AsyncWebClient
) -> None:
    await client.users_info(user=CLIENT_LEAD)
    await client.chat_postMessage(channel=SHARED_CHANNEL, text="hi", thread_ts="1.000002")
    assert [c.method for c in slack.calls] == ["users.info", "chat.postMessage"]
    [post] = slack.calls_to("chat.postMessage")
    assert post.params == {"channel": SHARED_CHANNEL, "text": "hi", "thread_ts": "1.000002"}
    assert post.token == slack.bot_token
    slack.clear_calls()
    assert slack.calls == []
