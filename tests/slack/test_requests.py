"""The payload builders produce what Slack sends, and the signatures Bolt expects."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

from handlers.slack.simulator import requests as r
from tests.slack_fixtures import (
    CLIENT_LEAD,
    CLIENT_TEAM,
    OTHER_BOT,
    SHARED_CHANNEL,
    VENDOR_OWNER,
)

MOMENT = datetime(2026, 11, 18, 10, 0, 0, 250_000, tzinfo=UTC)


def test_slack_ts_of_a_moment() -> None:
    assert r.slack_ts(MOMENT) == "1794996000.250000"
    assert r.slack_ts(1794996000.25) == "1794996000.250000"
    assert r.slack_ts("1.000001") == "1.000001"


def test_signatures_verify_only_with_the_same_secret_and_body() -> None:
    body = r.form_body({"text": "hello world & more"})
    headers = r.sign(body, "s3cret", 1795514400)
    assert headers["X-Slack-Request-Timestamp"] == "1795514400"
    verifier = SignatureVerifier("s3cret", clock=_Clock(1795514400))
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other", clock=_Clock(1795514400)).is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + "x", headers)


class _Clock:
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_signed_request_options() -> None:
    plain = r.signed_request("{}", content_type=r.JSON, secret="s", timestamp=5)
    assert plain.headers["Content-Type"] == r.JSON
    assert plain.headers["X-Slack-Signature"].startswith("v0=")
    assert "X-Slack-Retry-Num" not in plain.headers
    retried = r.signed_request("{}", content_type=r.JSON, secret="s", retry_num=2)
    assert retried.headers["X-Slack-Retry-Num"] == "2"
    assert retried.headers["X-Slack-Retry-Reason"] == "http_timeout"
    replay = r.signed_request("{}", content_type=r.JSON, secret="s", signature="v0=old")
    assert replay.headers["X-Slack-Signature"] == "v0=old"
    bare = r.signed_request("{}", content_type=r.JSON, secret="s", unsigned=True)
    assert set(bare.headers) == {"Content-Type"}


def test_slash_command_fields() -> None:
    fields = r.slash_command("/ask", "why?", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL)
    expected = """token team_id team_domain channel_id channel_name user_id user_name command text
        api_app_id is_enterprise_install response_url trigger_id"""
    assert set(fields) == set(expected.split())
    assert fields["command"] == "/ask" and fields["text"] == "why?"
    enterprise = r.slash_command("/ask", user_id="U1", channel_id="C1", enterprise_id="E1")
    assert enterprise["enterprise_id"] == "E1"
    assert parse_qs(r.form_body(fields))["text"] == ["why?"]


def test_event_callback_envelope() -> None:
    event = r.message_event("hi?", user=CLIENT_LEAD, channel=SHARED_CHANNEL, ts=MOMENT)
    envelope = r.event_callback(event)
    assert envelope["type"] == "event_callback"
    assert envelope["event"] is event
    assert envelope["event_time"] == int(MOMENT.timestamp())
    assert envelope["authorizations"][0]["user_id"] == "UBOT"
    assert envelope["event_id"] != r.event_callback(event)["event_id"]
    assert r.event_callback(event, event_id="Ev1", event_time=7)["event_id"] == "Ev1"


def test_message_events() -> None:
    client = r.message_event(
        "how?", user=CLIENT_LEAD, channel=SHARED_CHANNEL, ts=MOMENT, team=CLIENT_TEAM
    )
    assert (client["team"], client["user_team"], client["source_team"]) == (CLIENT_TEAM,) * 3
    assert client["ts"] == client["event_ts"] == r.slack_ts(MOMENT)
    assert "thread_ts" not in client and "subtype" not in client and "client_msg_id" in client
    reply = r.message_event(
        "like this",
        user=VENDOR_OWNER,
        channel=SHARED_CHANNEL,
        ts=1.5,
        thread_ts=client["ts"],
        parent_user_id=CLIENT_LEAD,
    )
    assert reply["thread_ts"] == client["ts"] and reply["parent_user_id"] == CLIENT_LEAD
    bot = r.message_event(
        "deployed", user=None, channel=SHARED_CHANNEL, ts=2, subtype="bot_message", bot_id="B9"
    )
    assert "user" not in bot and bot["bot_id"] == "B9" and "client_msg_id" not in bot


def test_edits_and_deletions_refer_to_the_original() -> None:
    original = r.message_event("typo?", user=CLIENT_LEAD, channel=SHARED_CHANNEL, ts=10)
    changed = r.message_changed(original, "fixed?", event_ts=20)
    assert changed["subtype"] == "message_changed"
    assert changed["message"]["ts"] == original["ts"]
    assert changed["message"]["text"] == "fixed?"
    assert changed["message"]["edited"] == {"user": CLIENT_LEAD, "ts": r.slack_ts(20)}
    assert changed["previous_message"]["text"] == "typo?"
    deleted = r.message_deleted(original, event_ts=30)
    assert deleted["deleted_ts"] == original["ts"] and deleted["channel"] == SHARED_CHANNEL


def test_reactions_members_and_home() -> None:
    reaction = r.reaction_added(
        "question", user=CLIENT_LEAD, channel=SHARED_CHANNEL, item_ts=10, event_ts=11
    )
    assert reaction["item"] == {"type": "message", "channel": SHARED_CHANNEL, "ts": r.slack_ts(10)}
    removed = r.reaction_added(
        "eyes", user=OTHER_BOT, channel="C", item_ts=1, event_ts=2, removed=True
    )
    assert removed["type"] == "reaction_removed"
    joined = r.member_joined(CLIENT_LEAD, SHARED_CHANNEL, event_ts=5, team=CLIENT_TEAM)
    assert joined["type"] == "member_joined_channel" and joined["team"] == CLIENT_TEAM
    assert r.member_joined("U1", "C1", event_ts=5, left=True)["type"] == "member_left_channel"
    home = r.app_home_opened(VENDOR_OWNER, event_ts=MOMENT)
    assert home["tab"] == "home" and home["channel"] == "DVOWNER"


def test_interactivity_payloads_travel_as_a_form_field() -> None:
    action = r.block_action(
        "take", user_id=VENDOR_OWNER, value="q1", channel_id=SHARED_CHANNEL, message_ts="1.2"
    )
    assert action["type"] == "block_actions"
    assert action["container"]["channel_id"] == SHARED_CHANNEL
    assert action["actions"][0]["value"] == "q1"
    body = r.interaction_body(action)
    assert json.loads(parse_qs(body)["payload"][0]) == action
    home_action = r.block_action("open", user_id=VENDOR_OWNER, view={"id": "V1", "type": "home"})
    assert home_action["container"] == {"type": "view", "view_id": "V1"}
    submitted = r.view_submission(
        "ask", user_id=CLIENT_LEAD, values={"q": {"text": {"value": "why?"}}}
    )
    assert submitted["view"]["callback_id"] == "ask"
    assert submitted["view"]["state"]["values"]["q"]["text"]["value"] == "why?"
