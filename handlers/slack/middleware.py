"""Global middleware: put the services into the listener context (listeners ask for `services`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.app import Services


class InjectServices(AsyncMiddleware):
    # A middleware class, not a function: Bolt calls it directly, where a function middleware
    # first has its arguments worked out by inspection on every request.
    def __init__(self, services: Services) -> None:
        self._services = services

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        req.context["services"] = self._services
        return await next()
