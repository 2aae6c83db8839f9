"""The outside world as the domain and services see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: tests, the demo and benchmarks drive time with it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs timezone-aware times")
        self._now = moment.astimezone(UTC)

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self._now += timedelta(**delta)
        return self._now


@dataclass(frozen=True)
class UserProfile:
    """What the chat platform says about a person, as the side rules need it."""

    user_id: str
    team_id: str | None
    name: str
    is_bot: bool = False
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    deleted: bool = False
    timezone: str | None = None


class Directory(Protocol):
    async def user(self, user_id: str) -> UserProfile | None:
        """The person's profile, or None when the platform does not know them."""
        ...


# -- Messenger: what the reminders and prompts tell people, on whatever platform -----------------
#
# Notes are platform-neutral facts; a Messenger renders and sends them (handlers/slack/messenger.py
# does it with Block Kit). Every method reports failure as None/False and never raises: a sweep
# that cannot reach one person goes on with the next.


@dataclass(frozen=True)
class QuestionFacts:
    """What a note says about one question."""

    question_id: int
    channel_id: str  # the platform's channel id
    thread_ts: str | None  # the question's thread (None while an /ask is not yet posted)
    asker_user_id: str
    text: str | None  # None when not stored (a message marked with :question:)
    direction: str  # client | vendor
    asked_at: datetime
    respond_by: datetime  # the first-response target, in the channel's business time
    sla_minutes: int
    timezone: str  # the channel's, for dates in fallback text
    elapsed_minutes: float = 0.0  # business minutes since asked, when the note was made


@dataclass(frozen=True)
class OwnerPrompt:
    """A new (or handed-over) client question, with Open thread · I'll take it · Resolve ·
    Snooze. `status` is set when the prompt is shown again after a button: taken | resolved |
    snoozed | closed (answered, resolved or withdrawn elsewhere)."""

    question: QuestionFacts
    owner_user_id: str | None
    assignee_user_id: str | None
    reason: str = "new"  # new | handover (re-sent to the new owner)
    status: str | None = None
    status_by: str | None = None
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class Reminder:
    """75 % of the target: a DM to the assignee (or the owner), with the prompt's buttons."""

    question: QuestionFacts
    owner_user_id: str | None
    assignee_user_id: str | None


@dataclass(frozen=True)
class Breach:
    """100 %: posted in the question's thread naming who is accountable (or DMed to them when
    the thread does not exist)."""

    question: QuestionFacts
    owner_user_id: str | None
    assignee_user_id: str | None
    backup_user_id: str | None


@dataclass(frozen=True)
class BackupAlert:
    """100 %: a DM to the backup, who may take the question over."""

    question: QuestionFacts
    owner_user_id: str | None
    assignee_user_id: str | None


@dataclass(frozen=True)
class LeadsAlert:
    """200 %: a post in the channel's leads channel."""

    question: QuestionFacts
    owner_user_id: str | None
    backup_user_id: str | None


@dataclass(frozen=True)
class OverlapCopy:
    """A copy of a stage's news for the previous owner during the hand-over overlap."""

    question: QuestionFacts
    stage: int  # 1 reminder · 2 breach · 3 leads
    owner_user_id: str | None
    assignee_user_id: str | None


@dataclass(frozen=True)
class ClientNudge:
    """A vendor question waiting for the client: a gentle word, no breach language.
    `in_thread`: shown in the question's thread (when a DM could not be delivered)."""

    question: QuestionFacts
    recipient_user_id: str
    stage: int  # 1 at 75 % · 2 at 100 %
    in_thread: bool = False


Note = OwnerPrompt | Reminder | Breach | BackupAlert | LeadsAlert | OverlapCopy | ClientNudge


class Messenger(Protocol):
    async def direct(self, user_id: str, note: Note) -> str | None:
        """DM `user_id`; the message's ts, or None when it could not be sent."""
        ...

    async def post(
        self, channel_id: str, note: Note, *, thread_ts: str | None = None
    ) -> str | None:
        """Post in a channel (in a thread with `thread_ts`); the ts, or None on failure."""
        ...

    async def update(self, channel_id: str, ts: str, note: Note) -> bool:
        """Replace a message the bot sent (a prompt after a button); False on failure."""
        ...
