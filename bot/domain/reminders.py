"""Reminder rules: which stage a question has reached, who hears of it, and when (pure).

A question's stage is how far its first-response target (the channel's SLA, in business minutes)
has run: 75 % reminds the accountable person, 100 % is a breach (named in the question's thread,
the backup told), 200 % goes to the delivery leads. A vendor question to the client runs the same
clock, but the client hears a gentle nudge and nothing is escalated.

Nothing here sends anything: the reminder service turns these plans into messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.domain.business_time import BusinessCalendar
from bot.domain.localtime import as_utc, load_zone, local_to_utc

NONE, REMIND, BREACH, ESCALATE = 0, 1, 2, 3
# (stage, share of the target), highest first.
THRESHOLDS: tuple[tuple[int, float], ...] = ((ESCALATE, 2.0), (BREACH, 1.0), (REMIND, 0.75))
OVERLAP_BUSINESS_DAYS = 10

CLIENT = "client"  # a client question: the vendor owes the answer
VENDOR = "vendor"  # a vendor question to the client: the client owes it


def threshold_minutes(stage: int, sla_minutes: float) -> float:
    """Business minutes after which `stage` is due."""
    for number, share in THRESHOLDS:
        if number == stage:
            return share * sla_minutes
    raise ValueError(f"no reminder stage {stage!r}")


def due_stage(elapsed_minutes: float, sla_minutes: float, *, highest: int = ESCALATE) -> int:
    """The highest stage (at most `highest`) whose threshold `elapsed_minutes` has reached."""
    if sla_minutes <= 0:
        raise ValueError(f"the SLA target must be positive, got {sla_minutes!r}")
    for stage, share in THRESHOLDS:
        if stage <= highest and elapsed_minutes >= share * sla_minutes:
            return stage
    return NONE


def stage_to_send(current: int, due: int) -> int | None:
    """The stage to claim and send now, or None.

    When several stages fell due at once (the bot was down, or the question was snoozed), only
    the highest is sent: a 75 % reminder an hour after the breach helps nobody. The stages passed
    over are never sent later either, because the stored stage only moves forward."""
    return due if due > current else None


def percent_of_target(elapsed_minutes: float, sla_minutes: float) -> int:
    """How much of the target has run, in whole percent (rounded down: 74.9 % is 74 %)."""
    return int(100 * elapsed_minutes // sla_minutes) if sla_minutes > 0 else 0


def overdue_minutes(elapsed_minutes: float, sla_minutes: float) -> float:
    return max(0.0, elapsed_minutes - sla_minutes)


@dataclass(frozen=True)
class Parties:
    """Who is involved in one question, as stored: roles are the channel's current holders."""

    direction: str  # client | vendor
    owner: str | None = None
    backup: str | None = None
    client_lead: str | None = None
    assignee: str | None = None
    addressee: str | None = None
    previous_owner: str | None = None  # only while the hand-over overlap lasts
    leads_channel: str | None = None
    thread_ready: bool = True  # the question's thread exists (an unposted /ask has none yet)

    @property
    def accountable(self) -> str | None:
        """Who answers: for a client question the assignee, else the vendor owner; for a vendor
        question the person it was addressed to, else the client lead."""
        if self.direction == CLIENT:
            return self.assignee or self.owner
        return self.addressee or self.client_lead


@dataclass(frozen=True)
class Delivery:
    """One message of a stage. `kind`: remind | breach | backup | leads | copy | nudge;
    `where`: dm (to a user id) | thread (the question's thread) | channel (a channel id)."""

    kind: str
    where: str
    to: str


def highest_stage(parties: Parties) -> int:
    """Client questions escalate to the leads channel when there is one; the client is never
    escalated about."""
    if parties.direction != CLIENT:
        return BREACH
    return ESCALATE if parties.leads_channel else BREACH


def deliveries(stage: int, parties: Parties) -> tuple[Delivery, ...]:
    """The messages of `stage`; empty when there is nobody to tell (the stage then waits)."""
    if parties.direction != CLIENT:
        return _nudges(stage, parties)
    who = parties.accountable
    plan: list[Delivery] = []
    if stage == REMIND and who:
        plan.append(Delivery("remind", "dm", who))
    elif stage == BREACH:
        if parties.thread_ready:
            plan.append(Delivery("breach", "thread", ""))
        elif who:
            plan.append(Delivery("breach", "dm", who))
        if parties.backup and parties.backup != who:
            plan.append(Delivery("backup", "dm", parties.backup))
    elif stage == ESCALATE and parties.leads_channel:
        plan.append(Delivery("leads", "channel", parties.leads_channel))
    if plan:
        told = {d.to for d in plan if d.where == "dm"} | {who}
        previous = parties.previous_owner
        if previous and previous not in told and previous != parties.owner:
            plan.append(Delivery("copy", "dm", previous))
    return tuple(plan)


def _nudges(stage: int, parties: Parties) -> tuple[Delivery, ...]:
    who = parties.accountable
    if who is None or stage not in (REMIND, BREACH):
        return ()
    plan = [Delivery("nudge", "dm", who)]
    if stage == BREACH and parties.client_lead and parties.client_lead != who:
        plan.append(Delivery("nudge", "dm", parties.client_lead))
    return tuple(plan)


def gated_by(stage: int, parties: Parties) -> str | None:
    """Whose business hours a stage waits for, or None when it goes out at once.

    The vendor is reminded within their hours until the question is breached; after that it
    goes out whenever it falls due. The client is only ever nudged within their own hours."""
    if parties.direction == CLIENT and stage >= BREACH:
        return None
    return parties.accountable


def overlap_end(calendar: BusinessCalendar, handed_over_at: datetime) -> datetime:
    """When the previous owner stops being copied: ten business days of the channel's hours
    after the hand-over (a business day is one opening interval, holidays skipped)."""
    hours = calendar.hours
    day = timedelta(hours=hours.closes.hour - hours.opens.hour) + timedelta(
        minutes=hours.closes.minute - hours.opens.minute
    )
    return calendar.add_business_minutes(
        handed_over_at, OVERLAP_BUSINESS_DAYS * day / timedelta(minutes=1)
    )


def in_overlap(calendar: BusinessCalendar, handed_over_at: datetime, now: datetime) -> bool:
    return as_utc(handed_over_at) <= as_utc(now) < overlap_end(calendar, handed_over_at)


def tomorrows_opening(calendar: BusinessCalendar, now: datetime) -> datetime:
    """The first opening on a later local day than `now`'s: Friday evening gives Monday's."""
    zone = load_zone(calendar.timezone)
    tomorrow = as_utc(now).astimezone(zone).date() + timedelta(days=1)
    return calendar.next_opening(local_to_utc(tomorrow, time(0, 0), zone))


__all__ = [
    "BREACH",
    "ESCALATE",
    "NONE",
    "REMIND",
    "THRESHOLDS",
    "Delivery",
    "Parties",
    "deliveries",
    "due_stage",
    "gated_by",
    "highest_stage",
    "in_overlap",
    "overdue_minutes",
    "overlap_end",
    "percent_of_target",
    "stage_to_send",
    "threshold_minutes",
    "tomorrows_opening",
]
