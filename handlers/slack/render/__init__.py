"""Block Kit for the notes the reminders and prompts send (bot.ports): one module per family.

`render(note, link)` gives (fallback text, blocks); `link` is the question's permalink."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.ports import (
    BackupAlert,
    Breach,
    ClientNudge,
    LeadsAlert,
    Note,
    OverlapCopy,
    OwnerPrompt,
    Reminder,
)
from handlers.slack.render import prompts, reminders
from handlers.slack.render.common import (
    PROMPT_OPEN,
    PROMPT_RESOLVE,
    PROMPT_SNOOZE,
    PROMPT_TAKE,
    SNOOZE_HOUR,
    SNOOZE_TOMORROW,
)

__all__ = [
    "PROMPT_OPEN",
    "PROMPT_RESOLVE",
    "PROMPT_SNOOZE",
    "PROMPT_TAKE",
    "SNOOZE_HOUR",
    "SNOOZE_TOMORROW",
    "render",
]


def render(note: Note, link: str) -> tuple[str, list[Block]]:
    if isinstance(note, OwnerPrompt):
        return prompts.owner_prompt(note, link)
    if isinstance(note, Reminder):
        return reminders.reminder(note, link)
    if isinstance(note, Breach):
        return reminders.breach(note, link)
    if isinstance(note, BackupAlert):
        return reminders.backup_alert(note, link)
    if isinstance(note, LeadsAlert):
        return reminders.leads_alert(note, link)
    if isinstance(note, OverlapCopy):
        return reminders.overlap_copy(note, link)
    if isinstance(note, ClientNudge):
        return reminders.client_nudge(note, link)
    raise TypeError(f"no rendering for {type(note).__name__}")
