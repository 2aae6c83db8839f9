"""What can go wrong when calling Slack, and one way to say it in the log.

The client (handlers/slack/__init__.py `build_client`) already retries what is safe to retry: a
429 after its Retry-After, a dropped connection, and a timeout of a call that changes nothing
when repeated (reads, chat.update, views.publish). What is left arrives here: an `ok: false`
answer (channel_not_found, not_in_channel, account_inactive, invalid_auth, …), a 429 still there
after the retries, a timeout of a post (not repeated: it may have been made), the network.
Each is logged once with the method, the channel or person and Slack's error, and the caller
goes on: a listener still answers Slack, a sweep goes on with the next item.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger("ownerbot.slack.calls")

SLACK_FAILURES = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError)

T = TypeVar("T")


def error_of(exc: BaseException) -> str:
    """Slack's error code ("not_in_channel", "ratelimited"), "timeout", or the exception's name."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def log_failure(method: str, exc: BaseException, **context: object) -> str:
    """One WARNING line: '<method> failed: <error> (channel=… user=…)'; returns the error."""
    error = error_of(exc)
    where = " ".join(f"{key}={value}" for key, value in context.items() if value is not None)
    log.warning("%s failed: %s (%s)", method, error, where)
    return error


async def attempt(method: str, call: Awaitable[T], **context: object) -> T | None:
    """Await a call to Slack; on failure log it (see `log_failure`) and return None."""
    try:
        return await call
    except SLACK_FAILURES as exc:
        log_failure(method, exc, **context)
        return None


async def respond_privately(respond: Any, **message: Any) -> None:
    """Reply through the request's response_url (an ephemeral to the person); a request that
    came without one, or a reply that fails, is logged and not sent."""
    if not isinstance(getattr(respond, "response_url", None), str):
        log.warning("response_url missing: the reply to the person was not sent")
        return
    await attempt("response_url", respond(**message))
