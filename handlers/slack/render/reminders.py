"""Reminders (75 %), breaches (100 %), escalations (200 %), overlap copies and client nudges.

Texts to the vendor say plainly where the promise stands; texts to the client never speak of
breaches or targets: they ask, kindly, for a reply."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.domain.reminders import overdue_minutes
from bot.ports import BackupAlert, Breach, ClientNudge, LeadsAlert, OverlapCopy, Reminder
from handlers.slack.format import business_duration, slack_date
from handlers.slack.render.common import (
    action_buttons,
    context,
    open_button,
    preview,
    progress,
    promise,
    quote,
    section,
    where,
)

NO_OWNER = (
    "No vendor owner is named for this channel: a vendor member can name one with "
    "`/owner set @name`."
)


def reminder(note: Reminder, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    due = slack_date(facts.respond_by, facts.timezone)
    head = (
        f":hourglass_flowing_sand: *Reminder:* {where(facts)} is still waiting for a first "
        f"response, due {due}."
    )
    blocks: list[Block] = [
        section(head),
        quote(facts),
        context(promise(facts), progress(facts)),
        action_buttons(facts, link, take=note.assignee_user_id is None),
    ]
    return (
        f"Reminder: a question in <#{facts.channel_id}> needs a response: {preview(facts)}",
        blocks,
    )


def _accountable(owner: str | None, assignee: str | None) -> str:
    if assignee and owner and assignee != owner:
        return f"<@{assignee}> took it; <@{owner}> owns this channel."
    if assignee or owner:
        return f"<@{assignee or owner}> is accountable."
    return NO_OWNER


def breach(note: Breach, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    overdue = overdue_minutes(facts.elapsed_minutes, facts.sla_minutes)
    head = (
        f":rotating_light: This question has passed its first-response target of "
        f"{business_duration(facts.sla_minutes)} (due "
        f"{slack_date(facts.respond_by, facts.timezone)})"
    )
    head += f", {_minutes(overdue)} over." if overdue >= 1 else "."
    parts = [head, _accountable(note.owner_user_id, note.assignee_user_id)]
    if note.backup_user_id and note.backup_user_id not in {
        note.owner_user_id,
        note.assignee_user_id,
    }:
        parts.append(f"<@{note.backup_user_id}> (backup) has been asked to help.")
    text = " ".join(parts)
    blocks: list[Block] = [section(text)]
    if not facts.thread_ts:  # sent by DM: the thread does not exist, show the question
        blocks += [quote(facts), ActionsBlock(elements=[open_button(link)])]
    return text, blocks


def backup_alert(note: BackupAlert, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    head = (
        f":rotating_light: *You are the backup:* {where(facts)} has passed its first-response "
        f"target (due {slack_date(facts.respond_by, facts.timezone)}) with no response. "
        + _accountable(note.owner_user_id, note.assignee_user_id)
        + " You can take it over."
    )
    blocks: list[Block] = [
        section(head),
        quote(facts),
        context(promise(facts), progress(facts)),
        action_buttons(facts, link),
    ]
    return f"Backup needed: a question in <#{facts.channel_id}> is past its target", blocks


def leads_alert(note: LeadsAlert, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    overdue = overdue_minutes(facts.elapsed_minutes, facts.sla_minutes)
    people = [f"owner <@{note.owner_user_id}>" if note.owner_user_id else "no owner named"]
    if note.backup_user_id:
        people.append(f"backup <@{note.backup_user_id}>")
    head = (
        f":red_circle: *Escalation:* {where(facts)} has had no response for twice its target "
        f"({business_duration(facts.sla_minutes)}; {_minutes(overdue)} over). "
        f"Accountable: {', '.join(people)}."
    )
    blocks: list[Block] = [
        section(head),
        quote(facts),
        context(promise(facts), progress(facts)),
        ActionsBlock(elements=[open_button(link)]),
    ]
    return f"Escalation: a client question in <#{facts.channel_id}> is far past its target", blocks


_COPY = {
    1: "has used three quarters of its response target",
    2: "has passed its response target",
    3: "has been escalated to the delivery leads",
}


def overlap_copy(note: OverlapCopy, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    holder = note.assignee_user_id or note.owner_user_id
    now_with = f", now with <@{holder}>," if holder else ""
    head = (
        f":information_source: *Hand-over overlap:* {where(facts)}{now_with} "
        f"{_COPY.get(note.stage, 'needs attention')}. You are copied while the hand-over "
        "settles in; a word in the thread may help."
    )
    blocks: list[Block] = [
        section(head),
        quote(facts),
        context(promise(facts), progress(facts)),
        ActionsBlock(elements=[open_button(link)]),
    ]
    return f"Hand-over overlap: a question in <#{facts.channel_id}> needs attention", blocks


def client_nudge(note: ClientNudge, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    asker = f"<@{facts.asker_user_id}>"
    if note.stage <= 1:
        text = (
            f":wave: Hi <@{note.recipient_user_id}>, {asker} asked your team a question in "
            f"<#{facts.channel_id}>. A reply when you have a moment would help them move on."
        )
    else:
        text = (
            f":wave: Friendly nudge, <@{note.recipient_user_id}>: {asker}'s question in "
            f"<#{facts.channel_id}> is still waiting for an answer from your side. Even a short "
            "reply in its thread helps."
        )
    if note.in_thread:
        return text, [section(text)]
    blocks: list[Block] = [section(text), quote(facts), ActionsBlock(elements=[open_button(link)])]
    return text, blocks


def _minutes(minutes: float) -> str:
    if minutes >= 60:
        hours = minutes / 60
        return f"{hours:.1f}".rstrip("0").rstrip(".") + f" business hour{'s' if hours != 1 else ''}"
    whole = int(minutes)
    return f"{whole} business minute{'s' if whole != 1 else ''}"
