"""One error handler for every listener: log with context, tell the person politely."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.translate import MalformedPayload

log = logging.getLogger("ownerbot.errors")

SORRY = (
    "Sorry, ownerbot could not finish that just now. Please try again in a minute; "
    "if it keeps happening, tell whoever runs ownerbot in your workspace."
)


def _where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """The user and channel a request came from, whatever its kind."""
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return user, channel


def register_error_handler(app: AsyncApp) -> None:
    @app.error
    async def on_error(
        error: Exception, body: dict[str, Any], client: AsyncWebClient
    ) -> BoltResponse | None:
        if isinstance(error, MalformedPayload):
            # Signed, but not what Slack sends: a 4xx, so nobody retries it and nothing crashes.
            log.warning("malformed payload: %s", error)
            return BoltResponse(status=400, body="malformed payload")
        user, channel = _where(body if isinstance(body, dict) else {})
        log.error(
            "listener failed: %s (type=%s command=%s team=%s channel=%s user=%s)",
            error.__class__.__name__,
            body.get("type") if isinstance(body, dict) else None,
            body.get("command") if isinstance(body, dict) else None,
            (body.get("team_id") or (body.get("team") or {}).get("id"))
            if isinstance(body, dict)
            else None,
            channel,
            user,
            exc_info=error,
        )
        if user and channel:
            try:
                await client.chat_postEphemeral(channel=channel, user=user, text=SORRY)
            except SlackApiError as exc:
                log.warning(
                    "could not tell the user about the error: %s", exc.response.get("error")
                )
            except Exception as exc:  # Slack unreachable: the first error is already logged
                log.warning("could not tell the user about the error: %s", exc)
        return None
