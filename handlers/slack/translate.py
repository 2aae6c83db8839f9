"""The only place that reads Slack's payloads: Slack JSON in, bot.events out."""

from __future__ import annotations

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
    return Tenant(team_id=team, enterprise_id=enterprise)


def slack_time(ts: Any) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise MalformedPayload(f"bad timestamp {ts!r}") from exc


def _str(mapping: dict[str, Any], key: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"missing {key}")
    return value


def is_person_message(event: dict[str, Any]) -> bool:
    return (
        event.get("subtype") in PERSON_SUBTYPES
        and not event.get("bot_id")
        and not event.get("app_id")
        and not event.get("bot_profile")
        and isinstance(event.get("user"), str)
        and event.get("channel_type", "channel") in CHANNEL_TYPES
    )


def author_team(event: dict[str, Any]) -> str | None:
    team = event.get("user_team") or event.get("team")
    return team if isinstance(team, str) else None


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
        reaction=_str(event, "reaction"),
        item_ts=_str(item, "ts"),
        item_author=item_user if isinstance(item_user, str) else None,
        at=slack_time(_str(event, "event_ts")),
        event_id=event_id,
    )


_INTERACTIONS = {"block_actions", "view_submission", "view_closed", "shortcut", "message_action"}


def shape_problem(body: object) -> str | None:
    """Why a parsed request body is not shaped like anything Slack sends, or None if it is.

    Checked before Bolt dispatches, because Bolt's own middleware assumes these shapes and a
    wrong one would become a 500 (and a redelivery) instead of a 400."""
    if not isinstance(body, dict):
        return "body is not an object"
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event object"
    elif kind in _INTERACTIONS:
        if "user" in body and not isinstance(body["user"], dict):
            return "interaction with a malformed user"
        if kind == "block_actions" and not isinstance(body.get("actions"), list):
            return "block_actions without actions"
        if kind.startswith("view_") and not isinstance(body.get("view"), dict):
            return "view payload without a view"
    elif "command" in body and not isinstance(body.get("command"), str):
        return "slash command without a command"
    for key in ("team", "enterprise", "channel"):
        if key in body and body[key] is not None and not isinstance(body[key], dict | str):
            return f"malformed {key}"
    return None
