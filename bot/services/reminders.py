"""The reminder sweep: run every minute by the scheduler, stateless, safe to run anywhere twice.

Each tick reads the open questions set-wise, works out in Python (bot.domain.reminders) which
stage each has reached in its channel's business time, and for each stage due claims it with a
compare-and-set UPDATE *before* sending. Two schedulers on one database, or a tick repeated
after a restart, therefore never send a stage twice; a crash between the claim and the send
loses that stage's messages rather than repeating them.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.app import Services
from bot.domain import reminders as rules
from bot.domain.business_time import BusinessCalendar
from bot.events import Tenant
from bot.ports import (
    BackupAlert,
    Breach,
    ClientNudge,
    Directory,
    LeadsAlert,
    Messenger,
    Note,
    OverlapCopy,
    QuestionFacts,
    Reminder,
)
from bot.services.asking import PENDING
from bot.services.context import workspace_id
from storage.queries import reminders as store
from storage.queries.reminders import Handover, OpenQuestion

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    """What one sweep did, for logs and tests."""

    considered: int = 0
    sent_stages: list[tuple[int, int]] = field(default_factory=list)  # (question id, stage)
    waiting: int = 0  # due, but outside the recipient's business hours
    contested: int = 0  # due when read, but claimed by another sweep (or answered) since
    messages: int = 0
    failures: int = 0  # messages the platform refused (logged)
    errors: int = 0  # questions the sweep could not handle (logged; the others went on)


@dataclass(frozen=True)
class _Due:
    row: OpenQuestion
    stage: int
    parties: rules.Parties
    calendar: BusinessCalendar
    elapsed: float


async def sweep_reminders(
    services: Services,
    messenger: Messenger,
    directory: Directory | None = None,
    *,
    tenant: Tenant | None = None,
) -> SweepReport:
    """Send every reminder stage that is due now (`services.clock`), each once.

    `directory` gives recipients' timezones, so "within business hours" means the recipient's
    own (the channel's hours, in their timezone); without it, the channel's. `tenant`: only that
    workspace's questions, the ones this messenger's token may speak about (None: every
    workspace's, for a database that holds one)."""
    now = services.clock.now()
    report = SweepReport()
    ws = None
    if tenant is not None:
        async with services.sessions() as session, session.begin():
            ws = await workspace_id(session, tenant, now)
    async with services.sessions() as session:
        rows = await store.open_questions(
            session=session, now=now, below_stage=rules.ESCALATE, workspace_id=ws
        )
        channels = {row.channel_id for row in rows}
        roles = await store.roles_by_channel(session=session, channel_ids=channels)
        handovers = await store.latest_owner_handovers(session=session, channel_ids=channels)
    report.considered = len(rows)

    calendars: dict[int, BusinessCalendar] = {}
    due: list[_Due] = []
    for row in rows:
        try:
            found = _due(
                row, roles.get(row.channel_id, {}), handovers.get(row.channel_id), now, calendars
            )
        except Exception:
            report.errors += 1
            log.exception(
                "reminder sweep: could not evaluate question %s (channel %s)",
                row.question_id,
                row.slack_channel_id,
            )
            continue
        if found is not None:
            due.append(found)
    if not due:
        return report

    async with services.sessions() as session:
        texts = await store.texts(session=session, question_ids=[d.row.question_id for d in due])
    zones: dict[str, str | None] = {}
    for item in due:
        try:
            await _send_stage(services, messenger, directory, item, texts, zones, now, report)
        except Exception:
            report.errors += 1
            log.exception(
                "reminder sweep: stage %s of question %s failed (channel %s)",
                item.stage,
                item.row.question_id,
                item.row.slack_channel_id,
            )
    return report


def _due(
    row: OpenQuestion,
    roles: dict[str, str | None],
    handover: Handover | None,
    now: datetime,
    calendars: dict[int, BusinessCalendar],
) -> _Due | None:
    calendar = calendars.get(row.channel_id)
    if calendar is None:
        calendar = BusinessCalendar.from_settings(row.business_hours, row.timezone, row.holidays)
        calendars[row.channel_id] = calendar
    previous = None
    if handover is not None and rules.in_overlap(calendar, handover.assigned_at, now):
        previous = handover.previous_user_id
    parties = rules.Parties(
        direction=row.direction,
        owner=roles.get("owner"),
        backup=roles.get("backup"),
        client_lead=roles.get("client_lead"),
        assignee=row.assignee_user_id,
        addressee=row.addressee_user_id,
        previous_owner=previous,
        leads_channel=row.leads_channel_id,
        thread_ready=not row.root_ts.startswith(PENDING),
    )
    elapsed = calendar.business_minutes(row.asked_at, now)
    reached = rules.due_stage(elapsed, row.sla_minutes, highest=rules.highest_stage(parties))
    stage = rules.stage_to_send(row.reminder_stage, reached)
    if stage is None or not rules.deliveries(stage, parties):
        return None  # nothing due, or nobody to tell yet (e.g. no owner): the stage waits
    return _Due(row, stage, parties, calendar, elapsed)


async def _send_stage(
    services: Services,
    messenger: Messenger,
    directory: Directory | None,
    item: _Due,
    texts: dict[int, str | None],
    zones: dict[str, str | None],
    now: datetime,
    report: SweepReport,
) -> None:
    row, stage, parties = item.row, item.stage, item.parties
    waits_for = rules.gated_by(stage, parties)
    if waits_for is not None:
        calendar = await _recipient_calendar(item.calendar, waits_for, directory, zones)
        if not calendar.is_open(now):
            report.waiting += 1
            return
    async with services.sessions() as session, session.begin():
        claimed = await store.advance_stage(
            session=session,
            question_id=row.question_id,
            from_stage=row.reminder_stage,
            to_stage=stage,
            now=now,
        )
    if not claimed:
        report.contested += 1  # another sweep got there first, or the question was answered
        return
    report.sent_stages.append((row.question_id, stage))
    facts = _facts(row, item.calendar, item.elapsed, texts.get(row.question_id))
    for delivery in rules.deliveries(stage, parties):
        note = _note(delivery, facts, parties, stage)
        if delivery.where == "dm":
            sent = await messenger.direct(delivery.to, note)
            if sent is None and isinstance(note, ClientNudge) and facts.thread_ts:
                # The client may be out of reach by DM (another organisation): say it in the
                # question's thread instead, which they can read.
                note = dataclasses.replace(note, in_thread=True)
                sent = await messenger.post(facts.channel_id, note, thread_ts=facts.thread_ts)
        elif delivery.where == "thread":
            sent = await messenger.post(facts.channel_id, note, thread_ts=facts.thread_ts)
        else:
            sent = await messenger.post(delivery.to, note)
        if sent is None:
            report.failures += 1
            log.warning(
                "reminder sweep: %s for question %s (stage %s) to %s was not delivered",
                delivery.kind,
                row.question_id,
                stage,
                delivery.to or facts.channel_id,
            )
        else:
            report.messages += 1


async def _recipient_calendar(
    calendar: BusinessCalendar,
    user_id: str,
    directory: Directory | None,
    zones: dict[str, str | None],
) -> BusinessCalendar:
    """The channel's hours in the recipient's own timezone, when the directory knows it."""
    if directory is None:
        return calendar
    if user_id not in zones:
        profile = await directory.user(user_id)
        zones[user_id] = profile.timezone if profile is not None else None
    zone = zones[user_id]
    if not zone or zone == calendar.timezone:
        return calendar
    try:
        return dataclasses.replace(calendar, timezone=zone)
    except ValueError:
        return calendar  # a timezone this machine does not know: the channel's will do


def _facts(
    row: OpenQuestion, calendar: BusinessCalendar, elapsed: float, text: str | None
) -> QuestionFacts:
    return QuestionFacts(
        question_id=row.question_id,
        channel_id=row.slack_channel_id,
        thread_ts=None if row.root_ts.startswith(PENDING) else row.root_ts,
        asker_user_id=row.asker_user_id,
        text=text,
        direction=row.direction,
        asked_at=row.asked_at,
        respond_by=calendar.add_business_minutes(row.asked_at, row.sla_minutes),
        sla_minutes=row.sla_minutes,
        timezone=row.timezone,
        elapsed_minutes=elapsed,
    )


def _note(
    delivery: rules.Delivery, facts: QuestionFacts, parties: rules.Parties, stage: int
) -> Note:
    owner, assignee = parties.owner, parties.assignee
    if delivery.kind == "remind":
        return Reminder(facts, owner_user_id=owner, assignee_user_id=assignee)
    if delivery.kind == "breach":
        return Breach(facts, owner, assignee, backup_user_id=parties.backup)
    if delivery.kind == "backup":
        return BackupAlert(facts, owner_user_id=owner, assignee_user_id=assignee)
    if delivery.kind == "leads":
        return LeadsAlert(facts, owner_user_id=owner, backup_user_id=parties.backup)
    if delivery.kind == "copy":
        return OverlapCopy(facts, stage=stage, owner_user_id=owner, assignee_user_id=assignee)
    if delivery.kind == "nudge":
        return ClientNudge(facts, recipient_user_id=delivery.to, stage=stage)
    raise ValueError(f"unknown delivery {delivery.kind!r}")
