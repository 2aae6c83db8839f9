"""What Slack sends an app, built realistically: slash commands (form fields), Events API envelopes,
interactivity payloads, and the signed HTTP bodies that carry them. The events that go inside an
envelope are built in `events.py` and importable from here too.

Times are Slack timestamps ("1763460000.000100"); `slack_ts(datetime)` makes one from the clock.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from handlers.slack.simulator.events import (
    VENDOR_TEAM,
    app_home_opened,
    member_joined,
    message_changed,
    message_deleted,
    message_event,
    reaction_added,
    slack_ts,
)

__all__ = [
    "FORM",
    "JSON",
    "SignedRequest",
    "app_home_opened",
    "block_action",
    "event_callback",
    "form_body",
    "interaction_body",
    "json_body",
    "member_joined",
    "message_changed",
    "message_deleted",
    "message_event",
    "reaction_added",
    "sign",
    "signed_request",
    "slack_ts",
    "slash_command",
    "view_submission",
]

APP_ID = "A0OWNERBOT"
BOT_USER = "UBOT"
VERIFICATION_TOKEN = "legacy-verification-token"

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _trigger_id() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:32]}"


def _response_url(kind: str) -> str:
    return f"https://hooks.slack.com/{kind}/{VENDOR_TEAM}/{uuid.uuid4().int % 10**12}/x"


# -- slash commands ----------------------------------------------------------------------------


def slash_command(
    command: str,
    text: str = "",
    *,
    user_id: str,
    channel_id: str,
    team_id: str = VENDOR_TEAM,
    user_name: str | None = None,
    channel_name: str | None = None,
    team_domain: str = "vendor",
    enterprise_id: str | None = None,
    api_app_id: str = APP_ID,
    trigger_id: str | None = None,
    response_url: str | None = None,
) -> dict[str, str]:
    """The form fields of a slash command, as Slack posts them."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name or channel_id.lower(),
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or _response_url("commands"),
        "trigger_id": trigger_id or _trigger_id(),
    }
    if enterprise_id:
        fields["enterprise_id"] = enterprise_id
    return fields


# -- the Events API ----------------------------------------------------------------------------


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str = VENDOR_TEAM,
    event_id: str | None = None,
    event_time: int | None = None,
    api_app_id: str = APP_ID,
    authorizations: list[dict[str, Any]] | None = None,
    is_ext_shared_channel: bool = False,
) -> dict[str, Any]:
    """The JSON envelope the Events API delivers an event in. `event_time` defaults to the
    event's own timestamp (never the wall clock), `event_id` to a fresh unique id."""
    if event_time is None:
        stamp = event.get("event_ts") or event.get("ts")
        event_time = int(float(stamp)) if stamp else int(time.time())
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": event_time,
        "authorizations": authorizations
        if authorizations is not None
        else [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": is_ext_shared_channel,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


# -- interactivity -----------------------------------------------------------------------------


def _user(user_id: str, team_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def block_action(
    action_id: str,
    *,
    user_id: str,
    team_id: str = VENDOR_TEAM,
    value: str | None = None,
    block_id: str = "actions",
    channel_id: str | None = None,
    message_ts: str | None = None,
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    trigger_id: str | None = None,
    action_type: str = "button",
    action_ts: str | None = None,
    api_app_id: str = APP_ID,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A `block_actions` payload: a button pressed on a message (channel_id + message_ts) or in a
    view (view, e.g. the App Home)."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": action_ts or slack_ts(time.time()),
    }
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": action_id, "emoji": True}
    if value is not None:
        action["value"] = value
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": team_id, "domain": "vendor"},
        "enterprise": None,
        "is_enterprise_install": False,
        "state": {"values": {}},
        "actions": [action],
    }
    if channel_id is not None:
        ts = message_ts or (message or {}).get("ts")
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": channel_id.lower()}
        payload["message"] = message or {"type": "message", "ts": ts, "text": "", "blocks": []}
        payload["response_url"] = response_url or _response_url("actions")
    elif view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = view
    return payload


def view_submission(
    callback_id: str,
    *,
    user_id: str,
    team_id: str = VENDOR_TEAM,
    values: dict[str, dict[str, dict[str, Any]]] | None = None,
    private_metadata: str = "",
    view_id: str = "V0MODAL",
    trigger_id: str | None = None,
    api_app_id: str = APP_ID,
) -> dict[str, Any]:
    """A `view_submission` payload; `values` is the view state: {block_id: {action_id: {...}}}."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "vendor"},
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values or {}},
            "hash": f"{view_id}.hash",
            "title": {"type": "plain_text", "text": "ownerbot"},
            "blocks": [],
            "app_id": api_app_id,
            "bot_id": "BBOT",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


# -- signed HTTP bodies ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedRequest:
    body: str
    headers: dict[str, str]


def sign(body: str, secret: str, timestamp: int | str) -> dict[str, str]:
    """The signature headers Slack sends with a body."""
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": str(signature)}


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def interaction_body(payload: dict[str, Any]) -> str:
    """Interactivity arrives as a form with one field: payload=<json>."""
    return urlencode({"payload": json.dumps(payload)})


def json_body(payload: dict[str, Any]) -> str:
    return json.dumps(payload)


def signed_request(
    body: str,
    *,
    content_type: str,
    secret: str,
    timestamp: int | str | None = None,
    signature: str | None = None,
    unsigned: bool = False,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> SignedRequest:
    """Headers for a body as Slack sends it. `timestamp` defaults to now on the wall clock (Bolt
    checks staleness against it); `signature` replaces the computed one (a replay); `unsigned`
    leaves both signature headers out; `retry_num`/`retry_reason` mark an Events API redelivery."""
    headers = {"Content-Type": content_type}
    if not unsigned:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        headers.update(sign(body, secret, stamp))
        if signature is not None:
            headers["X-Slack-Signature"] = signature
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return SignedRequest(body=body, headers=headers)
