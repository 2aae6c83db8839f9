"""Small text helpers for Slack: dates shown in the reader's timezone, durations, chunking."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo


def slack_date(moment: datetime, timezone: str) -> str:
    """A date Slack shows in each reader's own timezone; the fallback is in the channel's."""
    local = moment.astimezone(ZoneInfo(timezone))
    fallback = local.strftime("%a %d %b %H:%M ") + (local.tzname() or timezone)
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def business_duration(minutes: float) -> str:
    if minutes % 60 == 0:
        hours = int(minutes // 60)
        return f"{hours} business hour{'s' if hours != 1 else ''}"
    return f"{minutes:g} business minutes"


def chunks(text: str, limit: int, max_chunks: int) -> Iterator[str]:
    """Split text into pieces of at most `limit` characters, at whitespace where possible.

    Past `max_chunks`, the last piece says how much was left out instead of cutting mid-word.
    """
    rest = text
    for index in range(max_chunks):
        if len(rest) <= limit:
            yield rest
            return
        if index == max_chunks - 1:
            note = f" … ({len(rest):,} more characters)"
            yield _cut(rest, limit - len(note)) + note
            return
        piece = _cut(rest, limit)
        yield piece
        rest = rest[len(piece) :].lstrip()


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    newline = text.rfind("\n", 0, limit)
    at = max(space, newline)
    return text[: at if at > limit // 2 else limit].rstrip()
