"""User text re-posted by the bot must never ping anyone: broadcasts and mentions are defused."""

from __future__ import annotations

import re
from collections.abc import Mapping

# <!channel>, <!here>, <!everyone>, <!subteam^S123|@team>, <!channel|label>, <@U123>, <@U123|name>
# Case-insensitive: what Slack might honour in any case is defused in every case.
_SPECIAL = re.compile(r"<!(channel|here|everyone|group)(?:\|[^>]*)?>", re.IGNORECASE)
_SUBTEAM = re.compile(r"<!subteam\^([^>|]+)(?:\|@?([^>]*))?>", re.IGNORECASE)
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
# A zero-width joiner after "@" keeps the text readable but never a live keyword.
_AT = "@\u2060"


def defuse(text: str, names: Mapping[str, str] | None = None) -> str:
    """The text as a reader should see it, with no mention that would notify anyone."""
    names = names or {}
    text = _SPECIAL.sub(lambda m: _AT + m.group(1), text)
    text = _SUBTEAM.sub(lambda m: _AT + (m.group(2) or m.group(1)), text)
    text = _USER.sub(lambda m: _AT + (m.group(2) or names.get(m.group(1)) or m.group(1)), text)
    # Bare keywords are not pings in Slack's API text, but guard against parse=full clients.
    return re.sub(
        r"(?<![\w\u2060])@(channel|here|everyone)\b", _AT + r"\1", text, flags=re.IGNORECASE
    )


def has_live_ping(text: str) -> bool:
    """True if the text would notify a channel, a group or a person when posted."""
    return bool(_SPECIAL.search(text) or _SUBTEAM.search(text) or _USER.search(text))


def mentioned_users(text: str) -> list[str]:
    """User ids mentioned without a label, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _USER.finditer(text):
        if not match.group(2):
            seen.setdefault(match.group(1), None)
    return list(seen)
