"""/owner history as a message: every change, newest first, within Slack's limits."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.domain.ownership import ROLES, Role
from bot.services.owner_history import Change, History
from handlers.slack.format import slack_date
from handlers.slack.owner.text import person, preview, role_name

SETTING_LABELS = {
    "sla_minutes": "the response target (business minutes)",
    "business_hours": "the business hours",
    "timezone": "the timezone",
    "holidays": "the holidays",
    "digest_time": "the digest day and time",
    "auto_capture": "auto-capture",
    "leads_channel_id": "the leads channel",
    "phase": "the phase",
}


def setting_value(field: str, value: str | None) -> str:
    if value is None:
        return "none"
    if field == "leads_channel_id":
        return f"<#{value}>"
    return preview(value, 200)


def describe(change: Change) -> str:
    by = f"<@{change.by}>"
    if change.kind == "setting":
        label = SETTING_LABELS.get(change.subject, change.subject)
        return (
            f"{by} changed {label}: {setting_value(change.subject, change.old)} → "
            f"{setting_value(change.subject, change.new)}"
        )
    role: Role = next((r for r in ROLES if r == change.subject), "owner")
    if change.kind == "role":
        text = f"“{preview(change.new, 200)}”" if change.new else "the standard text"
        return f"{by} set what the {role_name(role)} is accountable for: {text}"
    if change.kind == "handover":
        phase = f" · phase {change.phase}" if change.phase else ""
        return f"{by} handed over from {person(change.old)} to {person(change.new)}{phase}"
    if change.new is None:
        return f"{by} left the {role_name(role)} role vacant (was {person(change.old)})"
    was = f" (was {person(change.old)})" if change.old else ""
    return f"{by} named {person(change.new)} the {role_name(role)}{was}"


def by_lines(lines: list[str], limit: int = 3000) -> list[str]:
    """Lines joined into section texts of at most `limit` characters, never splitting a line."""
    parts: list[str] = []
    for line in lines:
        if parts and len(parts[-1]) + 1 + len(line) <= limit:
            parts[-1] += "\n" + line
        else:
            parts.append(line[:limit])
    return parts


def history_message(history: History) -> dict[str, Any]:
    timezone = history.timezone
    if not history.changes:
        text = "No changes yet in this channel: nobody has been named and no setting changed."
        return {"response_type": "ephemeral", "text": text}
    lines = [f"• {slack_date(c.at, timezone)} {describe(c)}" for c in history.changes]
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text="*Changes in this channel*, newest first"))
    ]
    blocks += [SectionBlock(text=MarkdownTextObject(text=part)) for part in by_lines(lines)]
    if history.total > len(history.changes):
        more = history.total - len(history.changes)
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"Showing the latest {len(history.changes)} of {history.total} "
                        f"changes; {more} earlier one{'s are' if more != 1 else ' is'} not shown."
                    )
                ]
            )
        )
    return {"response_type": "ephemeral", "text": "Changes in this channel", "blocks": blocks}
