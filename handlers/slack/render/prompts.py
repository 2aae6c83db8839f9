"""The owner prompt: a DM per new client question, redrawn after each of its buttons."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.ports import OwnerPrompt
from handlers.slack.format import slack_date
from handlers.slack.render.common import (
    action_buttons,
    context,
    preview,
    progress,
    promise,
    quote,
    section,
)


def owner_prompt(note: OwnerPrompt, link: str) -> tuple[str, list[Block]]:
    facts = note.question
    if note.reason == "handover":
        head = f":inbox_tray: *Handed over to you:* <@{facts.asker_user_id}>'s open question"
        head += f" in <#{facts.channel_id}>"
    else:
        head = f":wave: *New question from <@{facts.asker_user_id}>* in <#{facts.channel_id}>"
    blocks: list[Block] = [section(head), quote(facts)]
    taken_by = note.assignee_user_id
    blocks.append(
        context(
            promise(facts),
            progress(facts) if facts.elapsed_minutes else "",
            f"Taken by <@{taken_by}>" if taken_by and note.status != "taken" else "",
        )
    )
    status = _status(note)
    if status:
        blocks.append(section(status))
    open_ = note.status not in {"resolved", "closed"}
    blocks.append(action_buttons(facts, link, take=note.status != "taken", act=open_))
    fallback = f"New question from <@{facts.asker_user_id}> in <#{facts.channel_id}>: "
    if note.reason == "handover":
        fallback = f"Handed over to you: a question in <#{facts.channel_id}>: "
    return fallback + preview(facts), blocks


def _status(note: OwnerPrompt) -> str:
    by = f"<@{note.status_by}>" if note.status_by else "someone"
    if note.status == "taken":
        who = f"<@{note.assignee_user_id}>" if note.assignee_user_id else by
        return f":raising_hand: {who} took it. Answer in the thread when you can."
    if note.status == "resolved":
        return (
            f":white_check_mark: Resolved by {by}."
            if note.status_by
            else (":white_check_mark: This question is resolved.")
        )
    if note.status == "snoozed" and note.snoozed_until is not None:
        until = slack_date(note.snoozed_until, note.question.timezone)
        return f":zzz: Snoozed until {until}: no reminders before then."
    if note.status == "closed":
        return ":heavy_check_mark: This question has been answered or withdrawn."
    return ""
