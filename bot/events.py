"""Platform-neutral inputs to the services: what a handler hands over after translating a payload.

Times here come from the platform's own timestamps (a message's ts, a reaction's event_ts);
only commands, which carry none, are timed on arrival by the handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Tenant:
    """The installation a request belongs to: every query is scoped by it."""

    team_id: str
    enterprise_id: str = ""


@dataclass(frozen=True)
class Author:
    user_id: str
    team_id: str | None = None  # the author's home team when the payload says (Slack Connect)


@dataclass(frozen=True)
class MessagePosted:
    tenant: Tenant
    channel_id: str
    author: Author
    ts: str
    at: datetime
    text: str
    thread_ts: str | None = None  # set on thread replies (and broadcasts)
    event_id: str | None = None

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass(frozen=True)
class MessageEdited:
    tenant: Tenant
    channel_id: str
    ts: str
    text: str
    event_id: str | None = None


@dataclass(frozen=True)
class MessageDeleted:
    tenant: Tenant
    channel_id: str
    ts: str
    at: datetime
    event_id: str | None = None


@dataclass(frozen=True)
class ReactionAdded:
    tenant: Tenant
    channel_id: str
    reactor: Author
    reaction: str
    item_ts: str
    item_author: str | None
    at: datetime
    event_id: str | None = None


@dataclass(frozen=True)
class AskCommand:
    """`/ask text` (or the modal's submission): a question the bot posts for the asker."""

    tenant: Tenant
    channel_id: str
    asker: Author
    text: str
    at: datetime
    source: str  # ask | modal
    request_key: str  # unique per invocation (trigger id): the root until the post exists
    addressee_user_id: str | None = None
