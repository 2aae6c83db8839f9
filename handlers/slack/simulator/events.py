"""Events as the Events API delivers them inside an `event_callback` envelope.

Every helper takes its time as a Slack timestamp, an aware datetime or epoch seconds (`ts=...`,
`event_ts=...`): the app times things from these, so tests pass the clock's time explicitly.
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime
from typing import Any

VENDOR_TEAM = "T0VENDOR"

Moment = datetime | float | str


def slack_ts(moment: Moment) -> str:
    """A Slack timestamp ("1763460000.000100") for an aware datetime or epoch seconds."""
    if isinstance(moment, str):
        return moment
    seconds = moment.timestamp() if isinstance(moment, datetime) else float(moment)
    micros = round(seconds * 1_000_000)
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def message_event(
    text: str = "",
    *,
    user: str | None,
    channel: str,
    ts: Moment,
    thread_ts: Moment | None = None,
    parent_user_id: str | None = None,
    team: str = VENDOR_TEAM,
    user_team: str | None = None,
    source_team: str | None = None,
    subtype: str | None = None,
    bot_id: str | None = None,
    edited: dict[str, str] | None = None,
    files: list[dict[str, Any]] | None = None,
    blocks: list[dict[str, Any]] | None = None,
    channel_type: str = "channel",
) -> dict[str, Any]:
    """A `message` event. A person in a Slack Connect channel carries their own team in `team`,
    `user_team` and `source_team`; a bot message has `bot_id` (and subtype "bot_message" when no
    app user posted it); a thread reply has `thread_ts` (and `parent_user_id`)."""
    stamp = slack_ts(ts)
    event: dict[str, Any] = {"type": "message", "channel": channel, "text": text, "ts": stamp}
    if subtype is not None:
        event["subtype"] = subtype
    if user is not None:
        event["user"] = user
        event["team"] = team
        event["user_team"] = user_team or team
        event["source_team"] = source_team or user_team or team
    if bot_id is not None:
        event["bot_id"] = bot_id
    if subtype is None and bot_id is None:
        event["client_msg_id"] = str(uuid.uuid4())
    if thread_ts is not None:
        event["thread_ts"] = slack_ts(thread_ts)
        if parent_user_id is not None:
            event["parent_user_id"] = parent_user_id
    if edited is not None:
        event["edited"] = edited
    if files is not None:
        event["files"] = files
    if blocks is not None:
        event["blocks"] = blocks
    event["event_ts"] = stamp
    event["channel_type"] = channel_type
    return event


def _inner(message: dict[str, Any]) -> dict[str, Any]:
    """A message as it appears nested in message_changed/deleted: no channel or event fields."""
    drop = {"channel", "event_ts", "channel_type"}
    return {k: copy.deepcopy(v) for k, v in message.items() if k not in drop}


def message_changed(
    original: dict[str, Any], text: str, *, event_ts: Moment, editor: str | None = None
) -> dict[str, Any]:
    """The `message_changed` event Slack sends when the message `original` (a message_event) is
    edited to `text` at `event_ts`."""
    stamp = slack_ts(event_ts)
    message = _inner(original)
    message["text"] = text
    message["edited"] = {"user": editor or original.get("user", ""), "ts": stamp}
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": original["channel"],
        "message": message,
        "previous_message": _inner(original),
        "ts": stamp,
        "event_ts": stamp,
        "channel_type": original.get("channel_type", "channel"),
    }


def message_deleted(original: dict[str, Any], *, event_ts: Moment) -> dict[str, Any]:
    """The `message_deleted` event for the message `original` (a message_event)."""
    stamp = slack_ts(event_ts)
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "channel": original["channel"],
        "deleted_ts": original["ts"],
        "previous_message": _inner(original),
        "ts": stamp,
        "event_ts": stamp,
        "channel_type": original.get("channel_type", "channel"),
    }


def reaction_added(
    reaction: str,
    *,
    user: str,
    channel: str,
    item_ts: Moment,
    event_ts: Moment,
    item_user: str | None = None,
    removed: bool = False,
) -> dict[str, Any]:
    """A `reaction_added` event (`reaction_removed` with removed=True); reaction without colons."""
    event: dict[str, Any] = {
        "type": "reaction_removed" if removed else "reaction_added",
        "user": user,
        "reaction": reaction,
        "item": {"type": "message", "channel": channel, "ts": slack_ts(item_ts)},
        "event_ts": slack_ts(event_ts),
    }
    if item_user is not None:
        event["item_user"] = item_user
    return event


def member_joined(
    user: str,
    channel: str,
    *,
    event_ts: Moment,
    team: str = VENDOR_TEAM,
    inviter: str | None = None,
    channel_type: str = "C",
    left: bool = False,
) -> dict[str, Any]:
    """A `member_joined_channel` event (`member_left_channel` with left=True)."""
    event: dict[str, Any] = {
        "type": "member_left_channel" if left else "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": channel_type,
        "team": team,
        "event_ts": slack_ts(event_ts),
    }
    if inviter is not None and not left:
        event["inviter"] = inviter
    return event


def app_home_opened(
    user: str,
    *,
    event_ts: Moment,
    tab: str = "home",
    channel: str | None = None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An `app_home_opened` event; `channel` defaults to the stand-in's DM id for the user."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel or "D" + user[1:],
        "tab": tab,
        "event_ts": slack_ts(event_ts),
    }
    if view is not None:
        event["view"] = view
    return event
