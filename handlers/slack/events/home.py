"""The App Home tab: published whenever a person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import Services
from bot.services.home import home_for
from handlers.slack.failures import attempt
from handlers.slack.owner.home_view import home_view
from handlers.slack.translate import MalformedPayload, tenant


async def on_app_home_opened(
    event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext, services: Services
) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab: nothing to render
    user = event.get("user")
    if not isinstance(user, str) or not user:
        raise MalformedPayload("app_home_opened without user")
    view = home_view(await home_for(services, tenant(context), user))
    services.background.spawn(
        attempt("views.publish", client.views_publish(user_id=user, view=view), user=user)
    )
