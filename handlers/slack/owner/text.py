"""Small text pieces shared by /owner's messages: links, durations, people, previews."""

from __future__ import annotations

from bot.domain.ownership import ROLE_LABELS, Role
from handlers.slack.safe_text import defuse

NOT_NAMED = "not named yet"


def permalink(channel_id: str, ts: str) -> str:
    """A link to a message; Slack sends the reader to it in their signed-in workspace."""
    return f"https://slack.com/archives/{channel_id}/p{ts.replace('.', '')}"


def duration(minutes: float) -> str:
    """Minutes as people read them: '45 min', '3 h 20 min', '12 h'."""
    whole = max(0, round(minutes))
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def person(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else NOT_NAMED


def role_name(role: Role) -> str:
    """'vendor owner', 'backup', 'client lead' (inside a sentence)."""
    return ROLE_LABELS[role].lower()


def preview(text: str, limit: int = 140) -> str:
    """User text, quoted safely on one line: no pings, no broken formatting."""
    flat = " ".join(defuse(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
