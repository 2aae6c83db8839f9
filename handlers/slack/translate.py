"""The only place that reads Slack's payloads: Slack JSON in, bot.events out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.events import Author, MessageDeleted, MessageEdited, MessagePosted, ReactionAdded, Tenant

# Message subtypes written by a person. Everything else (bot_message, joins, topic changes,
# workflow and app posts) is not a person speaking.
PERSON_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}
CHANNEL_TYPES = {"channel", "group"}


class MalformedPayload(ValueError):
    """A signed request whose payload lacks what Slack always sends: answered with a 400."""


def tenant(context: AsyncBoltContext) -> Tenant:
    """The installation, from authorization (auth.test), never from the author's team."""
    result = context.authorize_result
    team = (result.team_id if result else None) or context.team_id
    enterprise = (result.enterprise_id if result else None) or context.enterprise_id or ""
    if not team:
        raise MalformedPayload("no team in request")
    if not isinstance(team, str) or not isinstance(enterprise, str):
        raise MalformedPayload("team or enterprise id is not a string")
    return Tenant(team_id=team, enterprise_id=enterprise)


def slack_time(ts: Any) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise MalformedPayload(f"bad timestamp {ts!r}") from exc


# The width of the id and ts columns (storage/models.py); Slack's own ids are far shorter, so a
# longer one is not from Slack (and PostgreSQL would refuse it: a 500 and redeliveries).
ID_WIDTH = 32
EVENT_ID_WIDTH = 64


def slack_id(value: object, what: str, width: int = ID_WIDTH) -> str:
    """An id (or ts) from a payload: a non-empty string that fits its column."""
    if not isinstance(value, str) or not value or len(value) > width:
        raise MalformedPayload(f"missing or malformed {what}")
    return value


def maybe_id(value: object) -> str | None:
    """An optional id the payload may carry (the author's team): None unless it is one."""
    return value if isinstance(value, str) and 0 < len(value) <= ID_WIDTH else None


def event_id(body: dict[str, Any]) -> str | None:
    """The Events API envelope's event id (what makes a redelivery harmless)."""
    value = body.get("event_id")
    return None if value is None else slack_id(value, "event_id", EVENT_ID_WIDTH)


def obj(value: object) -> dict[str, Any]:
    """A JSON object found in a payload, or {} when it is missing or something else."""
    return value if isinstance(value, dict) else {}


def row_number(value: object, what: str) -> int:
    """A row id the bot put in a button's value: digits that fit an integer column."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"[0-9]{1,10}", text) or int(text) > 2**31 - 1:
        raise MalformedPayload(f"{what} is not a row id")
    return int(text)


def _str(mapping: dict[str, Any], key: str, width: int = ID_WIDTH) -> str:
    return slack_id(mapping.get(key), key, width)


def in_a_channel(event: dict[str, Any]) -> bool:
    """A message in a channel or private channel (not a DM, not a group DM)."""
    kind = event.get("channel_type", "channel")
    return isinstance(kind, str) and kind in CHANNEL_TYPES


def subtype(event: dict[str, Any]) -> str | None:
    """The message's subtype; a malformed one is MalformedPayload."""
    value = event.get("subtype")
    if value is not None and not isinstance(value, str):
        raise MalformedPayload("subtype is not a string")
    return value


def is_person_message(event: dict[str, Any]) -> bool:
    return (
        subtype(event) in PERSON_SUBTYPES
        and not event.get("bot_id")
        and not event.get("app_id")
        and not event.get("bot_profile")
        and isinstance(event.get("user"), str)
        and in_a_channel(event)
    )


def author_team(event: dict[str, Any]) -> str | None:
    return maybe_id(event.get("user_team") or event.get("team"))


def message_posted(
    context: AsyncBoltContext, event: dict[str, Any], event_id: str | None
) -> MessagePosted:
    ts = _str(event, "ts")
    text = event.get("text")
    thread_ts = event.get("thread_ts")
    return MessagePosted(
        tenant=tenant(context),
        channel_id=_str(event, "channel"),
        author=Author(user_id=_str(event, "user"), team_id=author_team(event)),
        ts=ts,
        at=slack_time(ts),
        text=text if isinstance(text, str) else "",
        thread_ts=thread_ts if isinstance(thread_ts, str) else None,
        event_id=event_id,
    )


def message_edited(
    context: AsyncBoltContext, event: dict[str, Any], event_id: str | None
) -> MessageEdited:
    message = event.get("message")
    if not isinstance(message, dict):
        raise MalformedPayload("message_changed without message")
    text = message.get("text")
    return MessageEdited(
        tenant=tenant(context),
        channel_id=_str(event, "channel"),
        ts=_str(message, "ts"),
        text=text if isinstance(text, str) else "",
        event_id=event_id,
    )


def message_deleted(
    context: AsyncBoltContext, event: dict[str, Any], event_id: str | None
) -> MessageDeleted:
    return MessageDeleted(
        tenant=tenant(context),
        channel_id=_str(event, "channel"),
        ts=_str(event, "deleted_ts"),
        at=slack_time(_str(event, "ts")),
        event_id=event_id,
    )


def reaction_added(
    context: AsyncBoltContext, event: dict[str, Any], event_id: str | None
) -> ReactionAdded | None:
    item = event.get("item")
    if not isinstance(item, dict):
        raise MalformedPayload("reaction without item")
    if item.get("type") != "message":
        return None  # reactions to files and file comments are not about questions
    item_user = event.get("item_user")
    return ReactionAdded(
        tenant=tenant(context),
        channel_id=_str(item, "channel"),
        reactor=Author(user_id=_str(event, "user"), team_id=author_team(event)),
        reaction=_str(event, "reaction", 255),
        item_ts=_str(item, "ts"),
        item_author=item_user if isinstance(item_user, str) else None,
        at=slack_time(_str(event, "event_ts")),
        event_id=event_id,
    )


_INTERACTIONS = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}
# Interactions Bolt matches by their callback_id (ownerbot has no listener for most of them, but
# Bolt reads the id before it can tell).
_BY_CALLBACK = {
    "shortcut", "message_action", "interactive_message", "dialog_submission",
    "dialog_cancellation", "dialog_suggestion", "workflow_step_edit",
}  # fmt: skip


def shape_problem(body: object) -> str | None:
    """Why a parsed request body is not shaped like anything Slack sends, or None if it is.

    Checked before Bolt dispatches, because Bolt's own middleware and listener matching assume
    these shapes and a wrong one would become a 500 (and a redelivery) instead of a 400."""
    if not isinstance(body, dict):
        return "body is not an object"
    kind = body.get("type")
    if kind is not None and not isinstance(kind, str):
        return "type is not a string"
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event object"
    elif kind in _INTERACTIONS | _BY_CALLBACK:
        if "user" in body and not isinstance(body["user"], dict):
            return "interaction with a malformed user"
        if kind == "block_actions" and not _first_action_ok(body.get("actions")):
            return "block_actions without an action"
        if kind.startswith("view_"):
            view = body.get("view")
            if not isinstance(view, dict) or not all(
                isinstance(view.get(key), str) for key in ("callback_id", "type")
            ):
                return "view payload without a view"
            if view["type"] == "workflow_step" and "workflow_step" not in body:
                return "workflow step view without its step"
        if kind in _BY_CALLBACK and not isinstance(body.get("callback_id"), str):
            return f"{kind} without a callback_id"
        if kind == "interactive_message" and not _first_action_ok(body.get("actions"), "name"):
            return "interactive_message without an action"
        if kind == "workflow_step_edit" and "workflow_step" not in body:
            return "workflow_step_edit without its step"
    elif kind == "block_suggestion" and not isinstance(body.get("action_id"), str):
        return "block_suggestion without an action_id"
    elif "command" in body and not isinstance(body.get("command"), str):
        return "slash command without a command"
    for key in ("team", "enterprise", "channel"):
        if key in body and body[key] is not None and not isinstance(body[key], dict | str):
            return f"malformed {key}"
    if "view" in body and not isinstance(body["view"], dict):
        return "malformed view"  # Bolt reads its type and callback_id whatever the payload
    if "event" in body and not isinstance(body["event"], dict):
        return "malformed event"  # Bolt reads its bot_id whatever the payload's type
    return None


# Ids Bolt reads out of a payload into the request's context, and hands to the Web API client
# (team_id) or to listeners: strings wherever Slack puts them.
_CONTEXT_IDS = (
    "team_id", "enterprise_id", "user_id", "channel_id", "actor_team_id",
    "actor_enterprise_id", "actor_user_id", "thread_ts", "function_execution_id",
)  # fmt: skip


def context_problem(context: Mapping[str, Any]) -> str | None:
    """Why the ids Bolt found in a payload cannot be Slack's, or None: whichever way a payload
    is malformed, it shows here, before any listener or call to Slack uses them."""
    for key in _CONTEXT_IDS:
        value = context.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= 255):
            return f"{key} is not an id"
    return None


def _first_action_ok(actions: object, key: str = "action_id") -> bool:
    """Bolt matches a button by the first action's action_id (and block_id)."""
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return False
    first = actions[0]
    return isinstance(first.get(key), str) and isinstance(first.get("block_id", ""), str)
