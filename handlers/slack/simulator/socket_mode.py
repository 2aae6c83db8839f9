"""The Socket Mode side of the stand-in: a websocket endpoint slack_sdk's SocketModeClient connects
to (after `apps.connections.open`), envelopes pushed to it, and the acks it sends back."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

LINK_PATH = "/link/"
ENVELOPE_TYPES = {"slash_commands", "events_api", "interactive"}


class SocketModeHub:
    def __init__(self, *, app_id: str = "A0OWNERBOT") -> None:
        self.app_id = app_id
        self._tickets: set[str] = set()
        self._sockets: list[web.WebSocketResponse] = []
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._connected = asyncio.Event()
        self.received: list[dict[str, Any]] = []

    def new_ticket(self) -> str:
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        return ticket

    def add_routes(self, web_app: web.Application) -> None:
        web_app.router.add_get(LINK_PATH, self._link)

    @property
    def connected(self) -> bool:
        return any(not ws.closed for ws in self._sockets)

    async def wait_connected(self, within: float = 5.0) -> None:
        await asyncio.wait_for(self._connected.wait(), within)

    async def _link(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.json_response({"ok": False, "error": "invalid_auth"}, status=401)
        self._tickets.discard(ticket)
        # autoping answers the client's pings with pongs, as Slack's servers do.
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._sockets),
                "debug_info": {"host": "stand-in", "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
        )
        self._connected.set()
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self._on_text(message.data)
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._connected.clear()
        return ws

    def _on_text(self, data: str) -> None:
        try:
            ack = json.loads(data)
        except ValueError:
            log.warning("socket mode client sent non-JSON text: %r", data)
            return
        self.received.append(ack)
        future = self._pending.pop(str(ack.get("envelope_id")), None)
        if future is not None and not future.done():
            future.set_result(ack)

    async def send(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        within: float = 5.0,
    ) -> dict[str, Any]:
        """Push one envelope to the connected client; return the ack it sends back."""
        if type not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {type!r}")
        await self.wait_connected(within)
        ws = next(ws for ws in reversed(self._sockets) if not ws.closed)
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": type,
            "payload": payload,
            "accepts_response_payload": (
                _accepts_response_payload(type, payload)
                if accepts_response_payload is None
                else accepts_response_payload
            ),
        }
        if type == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[envelope_id] = future
        try:
            await ws.send_json(envelope)
            return await asyncio.wait_for(future, within)
        finally:
            self._pending.pop(envelope_id, None)

    async def close(self) -> None:
        for ws in list(self._sockets):
            with contextlib.suppress(ConnectionError):
                await ws.close()


def _accepts_response_payload(type: str, payload: dict[str, Any]) -> bool:
    """As Slack sets it: slash commands and modal submissions may answer in the ack."""
    if type == "slash_commands":
        return True
    return type == "interactive" and payload.get("type") in {"view_submission", "block_suggestion"}
