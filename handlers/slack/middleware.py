"""Global middleware: put the services into the listener context (listeners ask for `services`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.app import Services

Middleware = Callable[..., Awaitable[Any]]


def inject_services(services: Services) -> Middleware:
    async def services_middleware(
        context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        context["services"] = services
        await next()

    return services_middleware
