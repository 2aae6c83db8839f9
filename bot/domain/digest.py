"""The weekly digest's figures, computed from plain facts (DESIGN.md "Definitions").

`compute_digest` returns exactly the object `ownerbot digest --json` prints (DESIGN.md,
"Contracts"), plus a few added keys: `as_of`, `participation.active_client_share`,
`participation.people`, `open_questions` and an eight-week `trend`.

How the definitions are read here:

- The week is Monday 00:00 to the next Monday 00:00 in the channel's timezone. A question belongs
  to the week it was asked in and is shown in its state at `as_of`: anything stamped after `as_of`
  (a reply, a resolution, a withdrawal, a question asked later) has not happened yet.
- A client question is *answered* when it has a first response (a reply by the vendor side) or a
  peer answer (a reply by another client member); *open* when neither answered nor resolved.
- First-response and SLA figures are about the vendor's first response to client questions, in
  business minutes from the clock start (the next opening after the question) and in wall minutes
  from the question. SLA: *met* = first response within the target (<=), *breached* = first
  response after it, or still open and more than the target's business minutes old at `as_of`.
  Questions answered only by a peer, or resolved with no response, are neither.
- Self-sufficiency: client questions whose first answer was a peer answer (earlier than any vendor
  response) or that were resolved before any vendor response, divided by client questions
  answered or resolved.
- Ownership counts compare the first responder with the roles held at `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.domain.business_time import BusinessCalendar
from bot.domain.health import assess
from bot.domain.localtime import as_utc
from bot.domain.stats import median, p90, ratio
from bot.domain.weeks import previous_weeks, week_bounds, week_of

TREND_WEEKS = 8
_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Reply:
    """A reply in a question's thread: `response` (the other side) or `peer` (the asker's side)."""

    user_id: str
    kind: str  # response | peer
    posted_at: datetime
    deleted_at: datetime | None = None


def answers_at(replies: Iterable[Reply], as_of: datetime) -> tuple[Reply | None, Reply | None]:
    """The first response and the first peer answer that existed at `as_of`.

    A reply counts once posted (at or before `as_of`) until it is deleted (at or before `as_of`).
    """
    as_of = as_utc(as_of, "as_of")
    first: dict[str, Reply] = {}
    for reply in replies:
        posted = as_utc(reply.posted_at, "posted_at")
        if posted > as_of:
            continue
        if reply.deleted_at is not None and as_utc(reply.deleted_at, "deleted_at") <= as_of:
            continue
        best = first.get(reply.kind)
        if best is None or posted < as_utc(best.posted_at, "posted_at"):
            first[reply.kind] = reply
    return first.get("response"), first.get("peer")


@dataclass(frozen=True)
class QuestionFacts:
    """One question as stored: its times are shown as they stood at the digest's `as_of`."""

    direction: str  # client | vendor
    asker: str
    asked_at: datetime
    first_response_at: datetime | None = None
    first_response_by: str | None = None
    peer_answered_at: datetime | None = None
    resolved_at: datetime | None = None
    withdrawn_at: datetime | None = None
    root_ts: str | None = None  # the thread, when the question has been posted


@dataclass(frozen=True)
class MessageCount:
    """A person's live messages (top-level and replies) in one week."""

    user_id: str
    side: str  # vendor | client
    messages: int


@dataclass(frozen=True)
class ChannelFacts:
    """Everything one channel's digest is computed from.

    `questions` must hold at least the questions of the trend's weeks and the older ones that may
    still be open; others are ignored. `messages` maps a week label to that week's counts; weeks
    missing from it had no messages.
    """

    channel: str
    calendar: BusinessCalendar
    sla_minutes: int
    owner: str | None = None
    backup: str | None = None
    client_lead: str | None = None
    client_members: int = 0
    questions: tuple[QuestionFacts, ...] = ()
    handovers: tuple[datetime, ...] = ()
    messages: Mapping[str, Sequence[MessageCount]] = field(default_factory=dict)

    @property
    def timezone(self) -> str:
        return self.calendar.timezone


@dataclass(frozen=True)
class _State:
    """A question as it stood at `as_of`: each time set only when it had happened by then."""

    facts: QuestionFacts
    asked_at: datetime
    responded_at: datetime | None
    responded_by: str | None
    peer_at: datetime | None
    resolved_at: datetime | None
    withdrawn: bool

    @property
    def client(self) -> bool:
        return self.facts.direction == "client"

    @property
    def answered(self) -> bool:
        return self.responded_at is not None or self.peer_at is not None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def open(self) -> bool:
        return not self.answered and not self.resolved

    @property
    def self_sufficient(self) -> bool:
        """First answered by a peer, or resolved before any vendor response."""
        peer_first = self.peer_at is not None and (
            self.responded_at is None or self.peer_at < self.responded_at
        )
        resolved_alone = self.resolved_at is not None and (
            self.responded_at is None or self.responded_at > self.resolved_at
        )
        return peer_first or resolved_alone


def _state(question: QuestionFacts, as_of: datetime) -> _State:
    def by_then(moment: datetime | None, name: str) -> datetime | None:
        if moment is None:
            return None
        moment = as_utc(moment, name)
        return moment if moment <= as_of else None

    responded_at = by_then(question.first_response_at, "first_response_at")
    return _State(
        facts=question,
        asked_at=as_utc(question.asked_at, "asked_at"),
        responded_at=responded_at,
        responded_by=question.first_response_by if responded_at is not None else None,
        peer_at=by_then(question.peer_answered_at, "peer_answered_at"),
        resolved_at=by_then(question.resolved_at, "resolved_at"),
        withdrawn=by_then(question.withdrawn_at, "withdrawn_at") is not None,
    )


@dataclass(frozen=True)
class _Week:
    """The figures of one week, shared by the digest and its trend."""

    label: str
    start: datetime
    end: datetime
    live: list[_State]  # asked in the week, by as_of, not withdrawn
    withdrawn: int
    business: list[float]  # first-response business minutes of the client questions
    wall: list[float]
    met: int
    breached: int
    active_client_members: int

    @property
    def client(self) -> list[_State]:
        return [s for s in self.live if s.client]

    @property
    def compliance(self) -> float | None:
        return ratio(self.met, self.met + self.breached)


def _week(facts: ChannelFacts, states: list[_State], label: str, as_of: datetime) -> _Week:
    start, end = week_bounds(label, facts.timezone)
    calendar = facts.calendar
    asked = [s for s in states if start <= s.asked_at < end]
    live = [s for s in asked if not s.withdrawn]
    business: list[float] = []
    wall: list[float] = []
    met = breached = 0
    for s in live:
        if not s.client:
            continue
        if s.responded_at is not None:
            minutes = calendar.business_minutes(s.asked_at, s.responded_at)
            business.append(minutes)
            wall.append(max(0.0, (s.responded_at - s.asked_at) / _MINUTE))
            if minutes <= facts.sla_minutes:
                met += 1
            else:
                breached += 1
        elif s.open and calendar.business_minutes(s.asked_at, as_of) > facts.sla_minutes:
            breached += 1
    active = sum(1 for m in facts.messages.get(label, ()) if m.side == "client" and m.messages > 0)
    return _Week(
        label=label,
        start=start,
        end=end,
        live=live,
        withdrawn=len(asked) - len(live),
        business=business,
        wall=wall,
        met=met,
        breached=breached,
        active_client_members=active,
    )


def compute_digest(facts: ChannelFacts, week: str, as_of: datetime) -> dict[str, Any]:
    """The digest of `week` (e.g. '2026-W47') for one channel, as it stood at `as_of`."""
    as_of = as_utc(as_of, "as_of")
    calendar = facts.calendar
    states = [s for s in (_state(q, as_of) for q in facts.questions) if s.asked_at <= as_of]
    weeks = [_week(facts, states, label, as_of) for label in trend_weeks(week)]
    this = weeks[-1]
    client = this.client
    vendor = [s for s in this.live if not s.client]

    compliance = this.compliance
    health = assess(
        owner=facts.owner,
        client_lead=facts.client_lead,
        compliance=compliance,
        active_client_members=[w.active_client_members for w in weeks],
    )

    messages = facts.messages.get(week, ())
    client_messages = sum(m.messages for m in messages if m.side == "client")
    human_messages = sum(m.messages for m in messages)
    client_response = [
        calendar.business_minutes(s.asked_at, s.responded_at)
        for s in vendor
        if s.responded_at is not None
    ]

    by_owner = by_backup = by_other = 0
    for s in client:
        if s.responded_by is None:
            continue
        if facts.owner is not None and s.responded_by == facts.owner:
            by_owner += 1
        elif facts.backup is not None and s.responded_by == facts.backup:
            by_backup += 1
        else:
            by_other += 1
    handovers = sum(
        1
        for moment in map(as_utc, facts.handovers)
        if this.start <= moment < this.end and moment <= as_of
    )
    answered_or_resolved = [s for s in client if s.answered or s.resolved]

    return {
        "channel": facts.channel,
        "week": week,
        "timezone": facts.timezone,
        "as_of": _iso(as_of),
        "questions": {
            "asked": len(this.live),
            "by_client": len(client),
            "by_vendor": len(vendor),
            "answered": sum(1 for s in client if s.answered),
            "resolved": sum(1 for s in client if s.resolved),
            "open": sum(1 for s in client if s.open),
            "withdrawn": this.withdrawn,
            "peer_answered": sum(1 for s in client if s.peer_at is not None),
        },
        "first_response": {
            "median_business_minutes": median(this.business),
            "p90_business_minutes": p90(this.business),
            "median_wall_minutes": median(this.wall),
        },
        "sla": {
            "target_business_minutes": facts.sla_minutes,
            "met": this.met,
            "breached": this.breached,
            "compliance": compliance,
        },
        "participation": {
            "client_members": facts.client_members,
            "active_client_members": this.active_client_members,
            "active_client_share": ratio(this.active_client_members, facts.client_members),
            "client_messages": client_messages,
            "client_share": ratio(client_messages, human_messages),
            "client_median_response_business_minutes": median(client_response),
            "people": _people(messages, this.live),
        },
        "ownership": {
            "owner": facts.owner,
            "backup": facts.backup,
            "client_lead": facts.client_lead,
            "first_answered_by_owner": by_owner,
            "first_answered_by_backup": by_backup,
            "first_answered_by_other_vendor": by_other,
            "handovers": handovers,
        },
        "self_sufficiency": ratio(
            sum(1 for s in answered_or_resolved if s.self_sufficient), len(answered_or_resolved)
        ),
        "health": health.as_dict(),
        "open_questions": _open_questions(facts, states, this.end, as_of),
        "trend": [
            {
                "week": w.label,
                "asked": len(w.live),
                "answered": sum(1 for s in w.client if s.answered),
                "median_business_minutes": median(w.business),
                "compliance": w.compliance,
                "active_client_members": w.active_client_members,
            }
            for w in weeks
        ],
    }


def trend_weeks(week: str) -> list[str]:
    """The eight weeks of a digest's trend, oldest first, ending with `week`."""
    return [*previous_weeks(week, TREND_WEEKS - 1), week]


def _people(messages: Sequence[MessageCount], live: list[_State]) -> list[dict[str, Any]]:
    """Per person: messages and questions in the week, most messages first."""
    people: dict[str, dict[str, Any]] = {}
    for m in messages:
        entry = people.setdefault(
            m.user_id, {"user": m.user_id, "side": m.side, "messages": 0, "questions": 0}
        )
        entry["messages"] += m.messages
    for s in live:
        entry = people.setdefault(
            s.facts.asker,
            {"user": s.facts.asker, "side": s.facts.direction, "messages": 0, "questions": 0},
        )
        entry["questions"] += 1
    return sorted(people.values(), key=lambda p: (-p["messages"], -p["questions"], p["user"]))


def _open_questions(
    facts: ChannelFacts, states: list[_State], before: datetime, as_of: datetime
) -> list[dict[str, Any]]:
    """Questions asked before the week's end, neither answered nor resolved at `as_of`."""
    found = []
    for s in sorted(states, key=lambda s: s.asked_at):
        if s.asked_at >= before or s.withdrawn or not s.open:
            continue
        waiting = facts.calendar.business_minutes(s.asked_at, as_of)
        found.append(
            {
                "direction": s.facts.direction,
                "asker": s.facts.asker,
                "asked_at": _iso(s.asked_at),
                "week": week_of(s.asked_at, facts.timezone),
                "root_ts": s.facts.root_ts,
                "waiting_business_minutes": waiting,
                "past_target": waiting > facts.sla_minutes,
            }
        )
    return found


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat()


__all__ = [
    "TREND_WEEKS",
    "ChannelFacts",
    "MessageCount",
    "QuestionFacts",
    "Reply",
    "answers_at",
    "compute_digest",
    "trend_weeks",
]
