"""Deliver what Slack sends to a running app: `SignedSender` posts signed HTTP requests to its
events URL; `SocketModeSender` pushes the same payloads through the stand-in's websocket.

Both have `command`, `event`, `action` and `view_submission`, and by default wait for the app's
background work (`drain`) before returning, so a test asserts on a settled state.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp

from handlers.slack.simulator import requests as slack
from handlers.slack.simulator.web_api import SlackStandIn

Drain = Callable[[], Awaitable[None]]

# Keyword arguments of the HTTP methods that control signing rather than build the payload.
_SIGNING = ("secret", "timestamp", "signature", "unsigned", "retry_num", "retry_reason")


@dataclass(frozen=True)
class Result:
    """The app's HTTP answer, and the request that got it (to replay its signature)."""

    status: int
    headers: dict[str, str]
    body: str
    json: Any | None
    request: slack.SignedRequest


@dataclass(frozen=True)
class Ack:
    """The ack a Socket Mode app sent back over the websocket."""

    envelope_id: str
    payload: dict[str, Any] | None


def _split(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    signing = {k: kwargs.pop(k) for k in _SIGNING if k in kwargs}
    return signing, kwargs


class SignedSender:
    def __init__(
        self,
        base_url: str,
        *,
        signing_secret: str,
        path: str = "/slack/events",
        drain: Drain | None = None,
        session: aiohttp.ClientSession | None = None,
        response_urls: Callable[[str], str] | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + path
        # Where commands' and buttons' response_url point (the stand-in's hooks in tests).
        self._response_urls = response_urls
        self.signing_secret = signing_secret
        self._drain = drain
        self._session = session
        self._own_session = session is None

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> SignedSender:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def post(
        self,
        body: str,
        *,
        content_type: str,
        secret: str | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
        unsigned: bool = False,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        drain: bool = True,
    ) -> Result:
        """Send a body as Slack would; the options sign it wrongly on purpose (see
        `requests.signed_request`)."""
        request = slack.signed_request(
            body,
            content_type=content_type,
            secret=self.signing_secret if secret is None else secret,
            timestamp=timestamp,
            signature=signature,
            unsigned=unsigned,
            retry_num=retry_num,
            retry_reason=retry_reason,
        )
        if self._session is None:
            self._session = aiohttp.ClientSession()
        async with self._session.post(
            self.url, data=request.body.encode(), headers=request.headers
        ) as response:
            text = await response.text()
            headers = dict(response.headers)
        if drain and self._drain is not None:
            await self._drain()
        return Result(response.status, headers, text, _parse(text), request)

    async def command(self, command: str, text: str = "", **kwargs: Any) -> Result:
        """A slash command; kwargs: those of `requests.slash_command` and of `post`."""
        signing, fields = _split(kwargs)
        drain = fields.pop("drain", True)
        if self._response_urls is not None:
            fields.setdefault("response_url", self._response_urls("commands"))
        body = slack.form_body(slack.slash_command(command, text, **fields))
        return await self.post(body, content_type=slack.FORM, drain=drain, **signing)

    async def event(self, event: dict[str, Any], **kwargs: Any) -> Result:
        """An event (wrapped in `requests.event_callback`) or a ready envelope."""
        signing, fields = _split(kwargs)
        drain = fields.pop("drain", True)
        envelope = event if event.get("type") == "event_callback" else None
        envelope = envelope or slack.event_callback(event, **fields)
        body = slack.json_body(envelope)
        return await self.post(body, content_type=slack.JSON, drain=drain, **signing)

    async def action(self, action: str | dict[str, Any], **kwargs: Any) -> Result:
        """A block action: an action_id (built by `requests.block_action`) or a ready payload."""
        signing, fields = _split(kwargs)
        drain = fields.pop("drain", True)
        if self._response_urls is not None and "channel_id" in fields:
            fields.setdefault("response_url", self._response_urls("actions"))
        payload = action if isinstance(action, dict) else slack.block_action(action, **fields)
        body = slack.interaction_body(payload)
        return await self.post(body, content_type=slack.FORM, drain=drain, **signing)

    async def view_submission(self, view: str | dict[str, Any], **kwargs: Any) -> Result:
        """A modal submitted: a callback_id (built by `requests.view_submission`) or a payload."""
        signing, fields = _split(kwargs)
        drain = fields.pop("drain", True)
        payload = view if isinstance(view, dict) else slack.view_submission(view, **fields)
        body = slack.interaction_body(payload)
        return await self.post(body, content_type=slack.FORM, drain=drain, **signing)


class SocketModeSender:
    """The same deliveries over Socket Mode: envelopes through the stand-in's websocket to the
    app's `AsyncSocketModeHandler`, returning the ack it sent back."""

    def __init__(
        self, stand_in: SlackStandIn, *, drain: Drain | None = None, within: float = 5.0
    ) -> None:
        self.stand_in = stand_in
        self._drain = drain
        self.within = within

    async def send(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        drain: bool = True,
        accepts_response_payload: bool | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> Ack:
        ack = await self.stand_in.socket_mode_send(
            type,
            payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            within=self.within,
        )
        if drain and self._drain is not None:
            await self._drain()
        return Ack(envelope_id=str(ack["envelope_id"]), payload=ack.get("payload"))

    async def command(
        self, command: str, text: str = "", *, drain: bool = True, **fields: Any
    ) -> Ack:
        return await self.send(
            "slash_commands", slack.slash_command(command, text, **fields), drain=drain
        )

    async def event(
        self,
        event: dict[str, Any],
        *,
        drain: bool = True,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        **fields: Any,
    ) -> Ack:
        envelope = event if event.get("type") == "event_callback" else None
        envelope = envelope or slack.event_callback(event, **fields)
        return await self.send(
            "events_api",
            envelope,
            drain=drain,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    async def action(
        self, action: str | dict[str, Any], *, drain: bool = True, **fields: Any
    ) -> Ack:
        payload = action if isinstance(action, dict) else slack.block_action(action, **fields)
        return await self.send("interactive", payload, drain=drain)

    async def view_submission(
        self, view: str | dict[str, Any], *, drain: bool = True, **fields: Any
    ) -> Ack:
        payload = view if isinstance(view, dict) else slack.view_submission(view, **fields)
        return await self.send("interactive", payload, drain=drain)


def _parse(text: str) -> Any | None:
    try:
        return json.loads(text)
    except ValueError:
        return None
