"""Who is in a channel, as Slack says (conversations.members): what /owner checks before it shows
a channel's card or history, or names someone accountable for it."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.failures import SLACK_FAILURES, log_failure

PAGE = 1000  # Slack's largest page
MAX_PAGES = 20  # 20,000 members: beyond that, the bot does not claim to know


async def channel_members(client: AsyncWebClient, channel_id: str) -> frozenset[str] | None:
    """The channel's members, or None when Slack cannot say (a private channel the bot is not
    in, an error, a channel too large to list): then the caller relies on Slack, which only
    delivers a command from a channel the person can see."""
    members: set[str] = set()
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        try:
            answer = await client.conversations_members(
                channel=channel_id, limit=PAGE, cursor=cursor
            )
        except SLACK_FAILURES as exc:
            log_failure("conversations.members", exc, channel=channel_id)
            return None
        members.update(str(member) for member in answer.get("members") or [])
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return frozenset(members)
    return None
