"""The tables. Times are timezone-aware UTC; every row carries its workspace for tenancy.

Slack's own keys (team, channel id, message `ts`, event id) are unique within their workspace,
which is what makes every write idempotent when Slack redelivers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(**kw: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kw)


class Workspace(SQLModel, table=True):
    """An installation: a Slack team, or an Enterprise Grid org ('' when not on Grid)."""

    __tablename__ = "workspace"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id"),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: str = Field(default="", max_length=32)
    team_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    installed_at: datetime = _utc()


class Channel(SQLModel, table=True):
    """A client channel and its settings (copied from the defaults when first seen)."""

    __tablename__ = "channel"
    __table_args__ = (UniqueConstraint("workspace_id", "slack_channel_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    slack_channel_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=255)
    timezone: str = Field(default="UTC", max_length=64)
    business_hours: str = Field(default="Mon-Fri 09:00-17:00", max_length=255)
    holidays: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sla_minutes: int = Field(default=240)
    digest_time: str = Field(default="Mon 09:00", max_length=32)
    # None: on when the channel has client members (DESIGN.md); True/False: set by a vendor member.
    auto_capture: bool | None = Field(default=None)
    leads_channel_id: str | None = Field(default=None, max_length=32)
    phase: str = Field(default="project", max_length=16)
    bot_is_member: bool = Field(default=True)
    onboarded_at: datetime | None = _utc(default=None)
    created_at: datetime = _utc()


class Person(SQLModel, table=True):
    """Someone seen in a workspace, with their side and how it was decided."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("workspace_id", "slack_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    slack_user_id: str = Field(max_length=32)
    home_team_id: str | None = Field(default=None, max_length=32)
    display_name: str = Field(default="", max_length=255)
    side: str = Field(max_length=8)  # vendor | client
    side_source: str = Field(max_length=16)  # override | connect | guest | default
    is_guest: bool = Field(default=False)
    is_bot: bool = Field(default=False)
    override_side: str | None = Field(default=None, max_length=8)
    override_by: str | None = Field(default=None, max_length=32)
    checked_at: datetime = _utc()  # when users.info was last asked, for the cache's expiry


class Question(SQLModel, table=True):
    """A client question (or a vendor question to the client), keyed by channel and root ts."""

    __tablename__ = "question"
    __table_args__ = (
        UniqueConstraint("channel_id", "root_ts"),
        Index("ix_question_channel_asked", "channel_id", "asked_at"),
        Index("ix_question_workspace_open", "workspace_id", "resolved_at", "first_response_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    root_ts: str = Field(max_length=32)  # the thread answers go to
    message_ts: str | None = Field(default=None, max_length=32)  # the marked or captured message
    direction: str = Field(max_length=8)  # client | vendor
    source: str = Field(max_length=16)  # ask | modal | auto | reaction
    asker_user_id: str = Field(max_length=32)
    addressee_user_id: str | None = Field(default=None, max_length=32)
    text: str | None = Field(default=None, sa_type=Text)  # purged after the retention period
    asked_at: datetime = _utc()
    last_joined_at: datetime | None = _utc(default=None)
    acknowledged_at: datetime | None = _utc(default=None)
    acknowledged_by: str | None = Field(default=None, max_length=32)
    first_response_at: datetime | None = _utc(default=None)
    first_response_by: str | None = Field(default=None, max_length=32)
    first_response_ts: str | None = Field(default=None, max_length=32)
    peer_answered_at: datetime | None = _utc(default=None)
    peer_answered_by: str | None = Field(default=None, max_length=32)
    resolved_at: datetime | None = _utc(default=None)
    resolved_by: str | None = Field(default=None, max_length=32)
    withdrawn_at: datetime | None = _utc(default=None)
    assignee_user_id: str | None = Field(default=None, max_length=32)
    reminder_stage: int = Field(default=0)
    snoozed_until: datetime | None = _utc(default=None)
    text_purged_at: datetime | None = _utc(default=None)


class Response(SQLModel, table=True):
    """A reply in a question's thread by a person: a response (other side) or a peer answer."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("question_id", "message_ts"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    question_id: int = Field(foreign_key="question.id", index=True)
    message_ts: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    side: str = Field(max_length=8)
    kind: str = Field(max_length=8)  # response | peer
    posted_at: datetime = _utc()
    deleted_at: datetime | None = _utc(default=None)


class OwnershipAssignment(SQLModel, table=True):
    """One change of an accountable role. Append-only: the latest row per role is current."""

    __tablename__ = "ownership_assignment"
    __table_args__ = (Index("ix_ownership_channel_role", "channel_id", "role", "assigned_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    role: str = Field(max_length=16)  # owner | backup | client_lead
    user_id: str | None = Field(default=None, max_length=32)
    previous_user_id: str | None = Field(default=None, max_length=32)
    kind: str = Field(default="set", max_length=16)  # set | handover
    phase: str | None = Field(default=None, max_length=16)
    responsibilities: str | None = Field(default=None, sa_type=Text)
    assigned_by: str = Field(max_length=32)
    assigned_at: datetime = _utc()


class MessageActivity(SQLModel, table=True):
    """A person's channel message as metadata only: who, side, when, thread. Never the text."""

    __tablename__ = "message_activity"
    __table_args__ = (
        UniqueConstraint("channel_id", "ts"),
        Index("ix_activity_channel_posted", "channel_id", "posted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    user_id: str = Field(max_length=32)
    side: str = Field(max_length=8)
    ts: str = Field(max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    posted_at: datetime = _utc()
    deleted_at: datetime | None = _utc(default=None)


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled, so a redelivery changes nothing."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("workspace_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    event_id: str = Field(max_length=64)
    received_at: datetime = _utc(index=True)


class DigestRun(SQLModel, table=True):
    """A claim on one channel-week's digest, inserted before posting and marked once posted."""

    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("channel_id", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    week: str = Field(max_length=8)  # ISO week, e.g. 2026-W47
    status: str = Field(default="claimed", max_length=16)  # claimed | posted | failed
    claimed_at: datetime = _utc()
    claimed_by: str = Field(default="", max_length=64)
    attempts: int = Field(default=0)
    posted_at: datetime | None = _utc(default=None)
    posted_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_type=Text)
    figures: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class ChannelMember(SQLModel, table=True):
    """A person's membership of a channel, with the side the caller decided (DESIGN "Side").

    One row per (channel, person): a rejoin reopens the row, a leave closes it. "Client members of
    the channel" at an instant are the client rows joined at or before it and not yet left.
    """

    __tablename__ = "channel_member"
    __table_args__ = (UniqueConstraint("channel_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id", index=True)
    user_id: str = Field(max_length=32)
    side: str = Field(max_length=8)  # vendor | client
    joined_at: datetime = _utc()
    left_at: datetime | None = _utc(default=None)


# The digest lists questions still open at a moment: per channel, those with no first response
# (or one after that moment) are found through this index instead of the channel's whole history.
Index(
    "ix_question_channel_first_response",
    Question.__table__.c.channel_id,  # type: ignore[attr-defined]
    Question.__table__.c.first_response_at,  # type: ignore[attr-defined]
)


class SettingChange(SQLModel, table=True):
    """One change of a channel setting (SLA, hours, timezone, …): who, when, old → new, as text.

    Append-only, like OwnershipAssignment: `/owner history` lists both, newest first."""

    __tablename__ = "setting_change"
    __table_args__ = (Index("ix_setting_change_channel", "channel_id", "changed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    channel_id: int = Field(foreign_key="channel.id")
    field: str = Field(max_length=32)  # sla_minutes | business_hours | timezone | holidays | …
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    changed_by: str = Field(max_length=32)
    changed_at: datetime = _utc()


class PortfolioRun(SQLModel, table=True):
    """A claim on one leads channel's portfolio digest for one week, like DigestRun: inserted
    before posting (unique on workspace, leads channel and week) and marked once posted."""

    __tablename__ = "portfolio_run"
    __table_args__ = (UniqueConstraint("workspace_id", "leads_channel_id", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    leads_channel_id: str = Field(max_length=32)  # the Slack channel the portfolio is posted in
    week: str = Field(max_length=8)  # ISO week, e.g. 2026-W47
    status: str = Field(default="claimed", max_length=16)  # claimed | posted | failed
    claimed_at: datetime = _utc()
    claimed_by: str = Field(default="", max_length=64)
    attempts: int = Field(default=0)
    posted_at: datetime | None = _utc(default=None)
    posted_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_type=Text)
    figures: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
