"""Privacy rules (DESIGN.md: "question text is stored because the owner needs it, and purged after
the retention period"; `ownerbot forget-user`): pure functions over plain values."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

# What a forgotten person's id becomes: lower case, so it can never read as a live Slack mention
# (<@U…> needs an upper-case U or W), and short enough for every user-id column (32).
TOKEN_PREFIX = "anon-"


def retention_cutoff(now: datetime, days: int) -> datetime:
    """Questions asked before this moment have outlived the retention period."""
    if days < 1:
        raise ValueError("the retention period is at least one day")
    return now - timedelta(days=days)


def anonymous_token(randomness: str) -> str:
    """The token that stands for one forgotten person, from random hex the caller draws: random,
    so nothing in it leads back to them (a hash of their id could be recomputed from a list of
    ids)."""
    if not re.fullmatch(r"[0-9a-f]{8,24}", randomness):
        raise ValueError("the token needs 8 to 24 random lower-case hex digits")
    return TOKEN_PREFIX + randomness


def is_anonymous(user_id: str | None) -> bool:
    return bool(user_id) and str(user_id).startswith(TOKEN_PREFIX)


def replace_user(value: Any, user_id: str, token: str) -> Any:
    """A JSON value with every string equal to `user_id` (and every mention of them in a string)
    replaced by the token; other values as they were."""
    if isinstance(value, str):
        return token if value == user_id else scrub_mentions(value, user_id, token)
    if isinstance(value, list):
        return [replace_user(item, user_id, token) for item in value]
    if isinstance(value, dict):
        return {key: replace_user(item, user_id, token) for key, item in value.items()}
    return value


def scrub_mentions(text: str, user_id: str, token: str) -> str:
    """Mentions of the person (<@U123> or <@U123|name>) become the token as plain text."""
    pattern = re.compile(r"<@" + re.escape(user_id) + r"(?:\|[^>]*)?>")
    return pattern.sub("@" + token, text)
