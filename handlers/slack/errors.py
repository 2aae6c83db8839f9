"""One error handler for every listener: log with context, tell the person politely."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.slack.safe_text import defuse
from handlers.slack.translate import MalformedPayload, obj
from storage.db import is_unavailable

log = logging.getLogger("ownerbot.errors")

SORRY = (
    "Sorry, ownerbot could not finish that just now. Please try again in a minute; "
    "if it keeps happening, tell whoever runs ownerbot in your workspace."
)
NO_DATABASE = (
    "ownerbot cannot reach its database right now, so this was *not saved*. "
    "Please try again in a few minutes."
)


def _command_answer(body: dict[str, Any], text: str) -> BoltResponse:
    """Answer a slash command with an ephemeral message instead of Slack's bare failure."""
    typed = str(body.get("text") or "").strip()
    if typed:
        # Give the person their words back, so nothing they typed is lost with the request.
        text += "\nWhat you typed:\n> " + defuse(typed[:2000]).replace("\n", "\n> ")
    return BoltResponse(
        status=200,
        body=json.dumps({"response_type": "ephemeral", "text": text}),
        headers={"content-type": "application/json"},
    )


def _where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """The user and channel a request came from, whatever its kind."""
    user = body.get("user_id") or obj(body.get("user")).get("id")
    channel = body.get("channel_id") or obj(body.get("channel")).get("id")
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
        body = body if isinstance(body, dict) else {}
        user, channel = _where(body)
        if is_unavailable(error):
            log.error(
                "database unavailable (type=%s command=%s): %s",
                body.get("type"),
                body.get("command"),
                error.__class__.__name__,
            )
            # Events get a 500 so Slack delivers them again once the database is back.
            return _command_answer(body, NO_DATABASE) if body.get("command") else None
        log.error(
            "listener failed: %s (type=%s command=%s team=%s channel=%s user=%s)",
            error.__class__.__name__,
            body.get("type"),
            body.get("command"),
            body.get("team_id") or obj(body.get("team")).get("id"),
            channel,
            user,
            exc_info=error,
        )
        if body.get("command"):
            return _command_answer(body, SORRY)
        if isinstance(user, str) and isinstance(channel, str) and user and channel:
            try:
                await client.chat_postEphemeral(channel=channel, user=user, text=SORRY)
            except SlackApiError as exc:
                log.warning(
                    "could not tell the user about the error: %s", exc.response.get("error")
                )
            except Exception as exc:  # Slack unreachable: the first error is already logged
                log.warning("could not tell the user about the error: %s", exc)
        return None
