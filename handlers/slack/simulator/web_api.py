"""A local stand-in of the Slack Web API: a real HTTP server on 127.0.0.1 that answers like Slack,
records every call, and fails, rate-limits or stalls on demand.

    async with SlackStandIn(clock=clock) as slack:
        slack.add_user("UVOWNER", "Vera Owner")
        client = AsyncWebClient(token=slack.bot_token, base_url=slack.api_url)
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.ports import Clock
from handlers.slack.simulator.api_methods import METHODS, ApiError
from handlers.slack.simulator.faults import Fault, Faults
from handlers.slack.simulator.local_server import LocalServer
from handlers.slack.simulator.socket_mode import LINK_PATH, SocketModeHub
from handlers.slack.simulator.workspace import Workspace

log = logging.getLogger(__name__)

# Not secrets: the tokens a test or the demo gives the app, so the stand-in recognises them.
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"

# Parameters Slack takes as JSON text in form bodies; recorded (and used) decoded.
_JSON_PARAMS = ("blocks", "attachments", "view", "metadata")


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    token: str | None


class SlackStandIn:
    def __init__(
        self,
        *,
        team_id: str = "T0VENDOR",
        team_name: str = "Vendor Co",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        clock: Clock | None = None,
        enterprise_id: str | None = None,
    ) -> None:
        self.team_id = team_id
        self.enterprise_id = enterprise_id  # a workspace of an Enterprise Grid org
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_token = bot_token
        self.app_token = app_token
        self.workspace = Workspace(
            team_id=team_id,
            team_name=team_name,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            clock=clock,
        )
        self.workspace.enterprise_id = enterprise_id
        self.workspace.add_user(bot_user_id, "ownerbot", is_bot=True)
        self.calls: list[Call] = []
        # The client ends of the connections calls came in on: how many connections a client used.
        self.peers: set[tuple[str, int]] = set()
        # What the app sent to response_url hooks (ephemeral replies to commands and buttons).
        self.responses: list[dict[str, Any]] = []
        self._hooks = 0
        self._faults = Faults()
        self._stopping = asyncio.Event()
        self._socket_mode = SocketModeHub()
        web_app = web.Application()
        web_app.router.add_route("*", "/api/{method}", self._handle)
        web_app.router.add_post("/hooks/{kind}/{number}", self._hook)
        self._socket_mode.add_routes(web_app)
        self._server = LocalServer(web_app)

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        self._stopping.clear()
        await self._server.start()

    async def stop(self) -> None:
        self._stopping.set()  # releases delayed calls
        await self._socket_mode.close()
        await self._server.stop()

    async def __aenter__(self) -> SlackStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        """The Web API base URL, e.g. http://127.0.0.1:54321/api/ (give it to settings)."""
        return f"{self._server.url}/api/"

    def response_url(self, kind: str = "commands") -> str:
        """A fresh response_url served here: what the app posts to it lands in `responses`."""
        self._hooks += 1
        return f"{self._server.url}/hooks/{kind}/{self._hooks}"

    # -- the directory -------------------------------------------------------------------------

    def add_user(self, user_id: str, name: str | None = None, **fields: Any) -> dict[str, Any]:
        """See `Workspace.add_user`: team_id, is_bot, is_restricted, is_ultra_restricted,
        deleted, tz, is_app_user. Returns the user as `users.info` answers it."""
        return self.workspace.add_user(user_id, name, **fields)

    def add_channel(
        self, channel_id: str, name: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """See `Workspace.add_channel`: members, is_private, is_ext_shared, bot_is_member."""
        return self.workspace.add_channel(channel_id, name, **fields)

    def add_member(self, channel_id: str, user_id: str) -> None:
        self.workspace.add_member(channel_id, user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        self.workspace.remove_member(channel_id, user_id)

    def dm_channel(self, user_id: str) -> str:
        """The id `conversations.open` gives for the bot's DM with this user."""
        return self.workspace.dm_channel(user_id)

    # -- what the app did ----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def clear_calls(self) -> None:
        self.calls.clear()

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted in a channel (a user id means the bot's DM with them), oldest first;
        each has ts, text, blocks, thread_ts (None at top level), user, bot_id."""
        if channel[:1] in ("U", "W") and channel in self.workspace.users:
            channel = self.workspace.dm_channel(channel)
        return copy.deepcopy(self.workspace.posted.get(channel, []))

    def replies(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        return [m for m in self.messages(channel) if m["thread_ts"] == thread_ts]

    def ephemeral_messages(
        self, channel: str | None = None, user: str | None = None
    ) -> list[dict[str, Any]]:
        return [
            copy.deepcopy(m)
            for m in self.workspace.ephemeral
            if (channel is None or m["channel"] == channel) and (user is None or m["user"] == user)
        ]

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home view last published for a user."""
        view = self.workspace.home_views.get(user_id)
        return copy.deepcopy(view) if view is not None else None

    @property
    def views(self) -> list[dict[str, Any]]:
        """Every view opened or published, oldest first."""
        return copy.deepcopy(list(self.workspace.views.values()))

    # -- faults --------------------------------------------------------------------------------

    def fail_next(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        self._faults.add(method, Fault("error", error=error), times)

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self._faults.add(method, Fault("ratelimit", retry_after=retry_after), times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        self._faults.add(method, Fault("delay", seconds=seconds), times)

    def clear_faults(self) -> None:
        self._faults.clear()

    # -- Socket Mode ---------------------------------------------------------------------------

    async def socket_mode_send(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        within: float = 5.0,
    ) -> dict[str, Any]:
        """Push an envelope ("slash_commands" | "events_api" | "interactive") to the connected
        Socket Mode client and return its ack: {"envelope_id": ..., "payload"?: ...}."""
        return await self._socket_mode.send(
            type,
            payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            within=within,
        )

    async def wait_socket_mode_connected(self, within: float = 5.0) -> None:
        await self._socket_mode.wait_connected(within)

    @property
    def socket_mode_connected(self) -> bool:
        return self._socket_mode.connected

    # -- HTTP ----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        token = _token(request, params)
        self.calls.append(Call(method, params, token))
        peer = request.transport.get_extra_info("peername") if request.transport else None
        if peer:
            self.peers.add((str(peer[0]), int(peer[1])))

        fault = self._faults.take(method)
        if fault is not None and fault.kind == "delay":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), fault.seconds)
        elif fault is not None and fault.kind == "ratelimit":
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(fault.retry_after)},
            )
        elif fault is not None:
            return _error(fault.error)

        try:
            self._authorize(method, token)
            if method == "apps.connections.open":
                ticket = self._socket_mode.new_ticket()
                url = self._server.url.replace("http://", "ws://", 1)
                return web.json_response({"ok": True, "url": f"{url}{LINK_PATH}?ticket={ticket}"})
            implementation = METHODS.get(method)
            if implementation is None:
                raise ApiError("unknown_method")
            answer = implementation(self.workspace, params)
        except ApiError as exc:
            return _error(exc.error)
        return web.json_response({"ok": True, **answer})

    async def _hook(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.responses.append({"url": str(request.url), **payload})
        return web.Response(text="ok")

    def _authorize(self, method: str, token: str | None) -> None:
        if not token:
            raise ApiError("not_authed")
        if token not in (self.bot_token, self.app_token):
            raise ApiError("invalid_auth")
        if (method == "apps.connections.open") != (token == self.app_token):
            raise ApiError("not_allowed_token_type")


def _error(error: str) -> web.Response:
    return web.json_response({"ok": False, "error": error})


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        else:
            params.update(dict(await request.post()))
    for key in _JSON_PARAMS:
        if isinstance(params.get(key), str):
            # Not JSON: left as text, and the method answers invalid_blocks / invalid_arguments.
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


def _token(request: web.Request, params: dict[str, Any]) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        params.pop("token", None)
        return header.removeprefix("Bearer ").strip() or None
    token = params.pop("token", None)
    return str(token) if token else None
