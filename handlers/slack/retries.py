"""Retrying a timed-out call only when repeating it cannot do anything twice.

A 429 is retried by slack_sdk's own handler after its Retry-After (Slack did nothing). A timeout
is different: Slack may have done the work and been slow to say so. Reading (users.info,
conversations.*), redrawing a message (chat.update) or republishing the App Home (views.publish)
again changes nothing, so those are retried; a post (chat.postMessage, chat.postEphemeral) or a
modal (views.open, whose trigger expires in 3 s) is not: a duplicate post is worse than a missing
one, and the design already answers for the missing one (the question stays recorded; reminders
follow at 75 % of the target).
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler

REPEATABLE = frozenset(
    {
        "auth.test",
        "users.info",
        "conversations.info",
        "conversations.members",
        "conversations.open",
        "chat.getPermalink",
        "chat.update",
        "views.publish",
    }
)


def method_of(url: str) -> str:
    """'users.info' from 'https://slack.com/api/users.info'."""
    return url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


class RepeatableTimeoutRetryHandler(AsyncRetryHandler):
    """Retries a timeout of a REPEATABLE method (see the module's docstring)."""

    async def _can_retry_async(
        self, *, state: Any, request: Any, response: Any = None, error: Exception | None = None
    ) -> bool:
        return isinstance(error, asyncio.TimeoutError) and method_of(str(request.url)) in REPEATABLE
