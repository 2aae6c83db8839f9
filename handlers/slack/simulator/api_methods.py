"""The Web API methods the stand-in answers, each a function of the workspace and the call's
parameters that returns the `ok: true` answer or raises `ApiError` with Slack's error code."""

from __future__ import annotations

import base64
import binascii
import copy
from collections.abc import Callable
from typing import Any

from handlers.slack.simulator.workspace import Workspace

MAX_TEXT = 40_000
MAX_BLOCKS = 50


class ApiError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


Method = Callable[[Workspace, dict[str, Any]], dict[str, Any]]


def _required(params: dict[str, Any], key: str, error: str) -> str:
    value = params.get(key)
    if not value:
        raise ApiError(error)
    return str(value)


def _channel(ws: Workspace, params: dict[str, Any]) -> str:
    """The channel a call addresses; a user id means the bot's DM with that user (as in Slack)."""
    channel_id = _required(params, "channel", "channel_not_found")
    if channel_id[0] in "UW" and channel_id in ws.users:
        return ws.dm_channel(channel_id)
    if channel_id not in ws.channels:
        raise ApiError("channel_not_found")
    return channel_id


def _writable_channel(ws: Workspace, params: dict[str, Any]) -> str:
    channel_id = _channel(ws, params)
    if not ws.is_member(channel_id, ws.bot_user_id):
        # Slack hides private channels the bot is not in.
        private = ws.channels[channel_id].get("is_private", False)
        raise ApiError("channel_not_found" if private else "not_in_channel")
    return channel_id


def _content(params: dict[str, Any]) -> dict[str, Any]:
    text = params.get("text")
    blocks = params.get("blocks")
    attachments = params.get("attachments")
    if not text and not blocks and not attachments:
        raise ApiError("no_text")
    if text is not None and len(str(text)) > MAX_TEXT:
        raise ApiError("msg_too_long")
    if blocks is not None and (not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS):
        raise ApiError("invalid_blocks")
    content: dict[str, Any] = {"text": str(text or ""), "blocks": blocks or []}
    if attachments:
        content["attachments"] = attachments
    if params.get("metadata"):
        content["metadata"] = params["metadata"]
    return content


def auth_test(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    bot = ws.users[ws.bot_user_id]
    return {
        "url": "https://vendor.slack.com/",
        "team": ws.team_name,
        "user": bot["name"],
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
        **({"enterprise_id": ws.enterprise_id} if ws.enterprise_id else {}),
    }


def users_info(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    user_id = _required(params, "user", "user_not_found")
    if user_id not in ws.users:
        raise ApiError("user_not_found")
    return {"user": copy.deepcopy(ws.users[user_id])}


def conversations_info(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _channel(ws, params)
    return {"channel": ws.channel_info(channel_id)}


def _cursor_offset(cursor: str) -> int:
    try:
        kind, _, offset = base64.b64decode(cursor, validate=True).decode().partition(":")
        if kind != "offset":
            raise ValueError(cursor)
        return int(offset)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiError("invalid_cursor") from exc


def conversations_members(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _channel(ws, params)
    info = ws.channels[channel_id]
    if info.get("is_private") and not ws.is_member(channel_id, ws.bot_user_id):
        raise ApiError("channel_not_found")
    limit = _limit(params)
    start = _cursor_offset(str(params["cursor"])) if params.get("cursor") else 0
    members = ws.members[channel_id]
    page = members[start : start + limit]
    end = start + len(page)
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(members) else ""
    return {"members": page, "response_metadata": {"next_cursor": next_cursor}}


def conversations_open(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    users = [u.strip() for u in str(params.get("users") or "").split(",") if u.strip()]
    if not users:
        if params.get("channel"):
            return {"channel": {"id": _channel(ws, params)}}
        raise ApiError("users_list_not_supplied")
    if len(users) > 1:
        raise ApiError("not_supported")  # group DMs: not needed by ownerbot
    if users[0] not in ws.users:
        raise ApiError("user_not_found")
    channel_id = ws.dm_channel(users[0])
    return {"channel": {"id": channel_id}, "already_open": True, "no_op": True}


def chat_post_message(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _writable_channel(ws, params)
    fields = _content(params)
    if params.get("thread_ts"):
        fields["thread_ts"] = str(params["thread_ts"])
    message = ws.post(channel_id, fields)
    answer = {k: v for k, v in message.items() if v is not None}
    return {"channel": channel_id, "ts": message["ts"], "message": copy.deepcopy(answer)}


def chat_post_ephemeral(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _writable_channel(ws, params)
    user_id = _required(params, "user", "user_not_in_channel")
    if not ws.is_member(channel_id, user_id):
        raise ApiError("user_not_in_channel")
    fields = _content(params)
    message_ts = ws.ts.next()
    ws.ephemeral.append(
        {
            "channel": channel_id,
            "user": user_id,
            "ts": message_ts,
            "thread_ts": str(params["thread_ts"]) if params.get("thread_ts") else None,
            **fields,
        }
    )
    return {"message_ts": message_ts}


def chat_update(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    channel_id = _channel(ws, params)
    ts = _required(params, "ts", "message_not_found")
    message = ws.find_message(channel_id, ts)
    if message is None:
        raise ApiError("message_not_found")
    if message.get("user") != ws.bot_user_id:
        raise ApiError("cant_update_message")
    fields = _content(params)
    message.update(fields)
    message["edited"] = {"user": ws.bot_user_id, "ts": ws.ts.next()}
    return {
        "channel": channel_id,
        "ts": ts,
        "text": message["text"],
        "message": copy.deepcopy(message),
    }


def chat_get_permalink(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """A message's permalink. People's messages reach the stand-in only as events, so any ts in
    a known channel gets one (Slack would answer message_not_found for a ts it never saw)."""
    channel_id = _channel(ws, params)
    ts = _required(params, "message_ts", "message_not_found")
    return {
        "channel": channel_id,
        "permalink": f"https://vendor.slack.com/archives/{channel_id}/p{ts.replace('.', '')}",
    }


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true"}


def _ts_param(params: dict[str, Any], key: str, default: float) -> float:
    if params.get(key) in (None, ""):
        return default
    try:
        return float(str(params[key]))
    except ValueError as exc:
        raise ApiError("invalid_ts_" + key) from exc


def conversations_history(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    """Top-level messages, newest first, between `oldest` and `latest` (exclusive unless
    `inclusive`), paged with `limit` and `cursor`. Message metadata is included only with
    `include_all_metadata`, as Slack does. People's messages reach the stand-in only as events,
    so its history holds what the bot posted."""
    channel_id = _channel(ws, params)
    if not ws.is_member(channel_id, ws.bot_user_id):
        private = ws.channels[channel_id].get("is_private", False)
        raise ApiError("channel_not_found" if private else "not_in_channel")
    limit = _limit(params)
    limit = min(limit, 999)
    oldest = _ts_param(params, "oldest", 0.0)
    latest = _ts_param(params, "latest", float("inf"))
    inclusive = _flag(params.get("inclusive"))

    def within(ts: float) -> bool:
        if inclusive:
            return oldest <= ts <= latest
        return oldest < ts < latest

    found = [
        m
        for m in reversed(ws.posted.get(channel_id, []))
        if m.get("thread_ts") in (None, m["ts"]) and within(float(m["ts"]))
    ]
    start = _cursor_offset(str(params["cursor"])) if params.get("cursor") else 0
    page = found[start : start + limit]
    end = start + len(page)
    with_metadata = _flag(params.get("include_all_metadata"))
    messages = []
    for message in page:
        shown = {k: copy.deepcopy(v) for k, v in message.items() if v is not None}
        if not with_metadata:
            shown.pop("metadata", None)
        messages.append(shown)
    more = end < len(found)
    next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if more else ""
    return {
        "messages": messages,
        "has_more": more,
        "pin_count": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


def _view(params: dict[str, Any]) -> dict[str, Any]:
    view = params.get("view")
    if not isinstance(view, dict) or view.get("type") not in {"modal", "home"}:
        raise ApiError("invalid_arguments")
    return view


def views_open(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    _required(params, "trigger_id", "invalid_arguments")
    view = _view(params)
    return {"view": copy.deepcopy(ws.new_view(view))}


def views_publish(ws: Workspace, params: dict[str, Any]) -> dict[str, Any]:
    user_id = _required(params, "user_id", "invalid_arguments")
    if user_id not in ws.users:
        raise ApiError("user_not_found")
    view = _view(params)
    if view["type"] != "home":
        raise ApiError("invalid_arguments")
    stored = ws.new_view(view)
    ws.home_views[user_id] = stored
    return {"view": copy.deepcopy(stored)}


METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.getPermalink": chat_get_permalink,
    "views.open": views_open,
    "views.publish": views_publish,
}


def _limit(params: dict[str, Any]) -> int:
    """A paging `limit` as Slack reads it (default 100); invalid_limit below 1 or not a number."""
    try:
        limit = int(params.get("limit") or 100)
    except ValueError as exc:
        raise ApiError("invalid_limit") from exc
    if limit < 1:
        raise ApiError("invalid_limit")
    return limit
