"""The outside world as the domain and services see it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable


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


# -- Publisher: the weekly digest and the leads' portfolio, posted where people read them --------
#
# A sweep claims each digest in the database, then hands the notes to a Publisher (on Slack:
# handlers/slack/messenger.py, through the paced sender of handlers/slack/sender.py). Each post
# carries a marker (its kind, channel and week) so that a sweep taking over an unfinished claim
# can first look whether the post was made after all. Like the Messenger, it never raises.

DIGEST_EVENT = "ownerbot_digest"
PORTFOLIO_EVENT = "ownerbot_portfolio"


@dataclass(frozen=True)
class DigestNote:
    """One channel's weekly digest: the figures `ownerbot digest --json` prints (with the added
    keys of bot/domain/digest.py). `look_since`: an earlier attempt may have posted it; look for
    a post with the same marker since then before posting again."""

    figures: Mapping[str, Any]
    look_since: datetime | None = None

    @property
    def channel_id(self) -> str:
        return str(self.figures["channel"])

    @property
    def week(self) -> str:
        return str(self.figures["week"])

    @property
    def event_type(self) -> str:
        return DIGEST_EVENT


@dataclass(frozen=True)
class PortfolioNote:
    """The portfolio of one leads channel for one week: every client channel that reports to
    it, riskiest first (red, then amber, then green; within a status, by SLA compliance
    ascending). Each entry is that channel's digest figures."""

    leads_channel_id: str
    week: str
    channels: tuple[Mapping[str, Any], ...]
    as_of: datetime
    look_since: datetime | None = None

    @property
    def channel_id(self) -> str:
        return self.leads_channel_id

    @property
    def event_type(self) -> str:
        return PORTFOLIO_EVENT


Publishable = DigestNote | PortfolioNote


@dataclass(frozen=True)
class Publication:
    """What became of one note: posted (`ts`), found already posted (`ts`, `found`), or not
    posted (`error`, a short reason such as Slack's error code)."""

    ts: str | None = None
    error: str | None = None
    found: bool = False

    @property
    def ok(self) -> bool:
        return self.ts is not None


@runtime_checkable
class Publisher(Protocol):
    async def publish(
        self, notes: Sequence[Publishable], *, within: float | None = None
    ) -> list[Publication]:
        """Post every note in its channel; one Publication per note, in order. Channels are
        served concurrently, each one's posts in order and paced. `within`: seconds; a note
        not started by then is not posted (its claim's lease is running out) but reported as
        an error, for the next sweep."""
        ...
