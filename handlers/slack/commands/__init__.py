"""Slash commands: one module each; this file only registers them."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack.commands.ask import ask_command
from handlers.slack.commands.owner import owner_command


def register(app: AsyncApp) -> None:
    app.command("/ask")(ask_command)
    app.command("/owner")(owner_command)
