"""Rows for digest tests, inserted directly: workspaces, channels, questions with their replies,
message metadata, roles and members. A question's stored first response and peer answer are
derived from its live replies, as the recording service keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import (
    Channel,
    ChannelMember,
    MessageActivity,
    OwnershipAssignment,
    Question,
    Response,
    Workspace,
)


def _table(model: Any) -> Any:
    return model.__table__


@dataclass
class R:
    """A reply in a question's thread."""

    user: str
    side: str
    kind: str  # response | peer
    at: datetime
    deleted_at: datetime | None = None


@dataclass
class Seed:
    """Collects rows, then writes them in a handful of bulk inserts."""

    installed_at: datetime
    workspaces: list[dict[str, Any]] = field(default_factory=list)
    channels: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    _workspace_of: dict[int, int] = field(default_factory=dict)
    _ts: int = 0

    def workspace(self, team_id: str, enterprise_id: str = "") -> int:
        ws = len(self.workspaces) + 1
        self.workspaces.append(
            {"id": ws, "team_id": team_id, "enterprise_id": enterprise_id,
             "installed_at": self.installed_at}
        )  # fmt: skip
        return ws

    def channel(
        self, ws: int, slack_id: str, timezone: str, sla_minutes: int = 240,
        business_hours: str = "Mon-Fri 09:00-17:00", holidays: tuple[str, ...] = (),
    ) -> int:  # fmt: skip
        channel = len(self.channels) + 1
        self.channels.append(
            {"id": channel, "workspace_id": ws, "slack_channel_id": slack_id,
             "timezone": timezone, "sla_minutes": sla_minutes, "business_hours": business_hours,
             "holidays": list(holidays), "created_at": self.installed_at}
        )  # fmt: skip
        self._workspace_of[channel] = ws
        return channel

    def _next_ts(self) -> str:
        self._ts += 1
        return f"1763000000.{self._ts:06d}"

    def message(
        self, channel: int, user: str, side: str, at: datetime, *,
        deleted_at: datetime | None = None, thread_ts: str | None = None, ts: str | None = None,
    ) -> str:  # fmt: skip
        ts = ts or self._next_ts()
        self.messages.append(
            {"workspace_id": self._workspace_of[channel], "channel_id": channel, "user_id": user,
             "side": side, "ts": ts, "thread_ts": thread_ts, "posted_at": at,
             "deleted_at": deleted_at}
        )  # fmt: skip
        return ts

    def question(
        self, channel: int, asker: str, direction: str, asked_at: datetime, *,
        replies: tuple[R, ...] = (), resolved_at: datetime | None = None,
        resolved_by: str | None = None, withdrawn_at: datetime | None = None,
        root_ts: str | None = None, message: bool = True,
    ) -> str:  # fmt: skip
        """A question; with `message`, its root is also the asker's message in the channel
        (deleted when the question was withdrawn), and each reply a message in its thread."""
        ws = self._workspace_of[channel]
        root = root_ts or self._next_ts()
        if message:
            self.message(channel, asker, direction, asked_at, ts=root, deleted_at=withdrawn_at)
        qid = len(self.questions) + 1
        first: dict[str, R] = {}
        for reply in replies:
            reply_ts = self._next_ts()
            self.responses.append(
                {"workspace_id": ws, "question_id": qid, "message_ts": reply_ts,
                 "user_id": reply.user, "side": reply.side, "kind": reply.kind,
                 "posted_at": reply.at, "deleted_at": reply.deleted_at}
            )  # fmt: skip
            if message:
                self.message(
                    channel, reply.user, reply.side, reply.at, deleted_at=reply.deleted_at,
                    thread_ts=root, ts=reply_ts,
                )  # fmt: skip
            if reply.deleted_at is None and (
                reply.kind not in first or reply.at < first[reply.kind].at
            ):
                first[reply.kind] = reply
        response, peer = first.get("response"), first.get("peer")
        self.questions.append(
            {"id": qid, "workspace_id": ws, "channel_id": channel, "root_ts": root,
             "message_ts": root, "direction": direction, "source": "auto",
             "asker_user_id": asker, "text": f"question {qid}?", "asked_at": asked_at,
             "first_response_at": response.at if response else None,
             "first_response_by": response.user if response else None,
             "peer_answered_at": peer.at if peer else None,
             "peer_answered_by": peer.user if peer else None,
             "resolved_at": resolved_at, "resolved_by": resolved_by,
             "withdrawn_at": withdrawn_at}
        )  # fmt: skip
        return root

    def role(
        self, channel: int, role: str, user: str | None, at: datetime, *, kind: str = "set",
        previous: str | None = None,
    ) -> None:  # fmt: skip
        self.roles.append(
            {"workspace_id": self._workspace_of[channel], "channel_id": channel, "role": role,
             "user_id": user, "previous_user_id": previous, "kind": kind,
             "assigned_by": "UADMIN", "assigned_at": at}
        )  # fmt: skip

    def member(
        self, channel: int, user: str, side: str, joined_at: datetime,
        left_at: datetime | None = None,
    ) -> None:  # fmt: skip
        self.members.append(
            {"workspace_id": self._workspace_of[channel], "channel_id": channel, "user_id": user,
             "side": side, "joined_at": joined_at, "left_at": left_at}
        )  # fmt: skip

    async def write(self, conn: AsyncConnection) -> None:
        for model, rows in (
            (Workspace, self.workspaces),
            (Channel, self.channels),
            (Question, self.questions),
            (Response, self.responses),
            (MessageActivity, self.messages),
            (OwnershipAssignment, self.roles),
            (ChannelMember, self.members),
        ):
            if rows:
                await conn.execute(insert(_table(model)), rows)
        if conn.dialect.name == "postgresql":
            # Explicit ids were given: move the sequences past them.
            for model in (Workspace, Channel, Question):
                name = _table(model).name
                await conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                )
