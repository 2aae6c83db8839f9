"""Events API listeners: one module each; this file only registers them."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack.events.home import on_app_home_opened
from handlers.slack.events.member import on_member_joined, on_member_left
from handlers.slack.events.message import on_message
from handlers.slack.events.reaction import on_reaction_added


async def _ignore() -> None:
    """Events we subscribe to but do not act on yet are acknowledged quietly."""


def register(app: AsyncApp) -> None:
    app.event("message")(on_message)
    app.event("reaction_added")(on_reaction_added)
    app.event("reaction_removed")(_ignore)
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
    app.event("app_home_opened")(on_app_home_opened)
