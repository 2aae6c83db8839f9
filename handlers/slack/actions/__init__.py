"""Buttons and modals: one module each; this file only registers them."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack.actions.ask_modal import on_ask_submitted
from handlers.slack.actions.resolve import on_resolve
from handlers.slack.blocks import ASK_MODAL, RESOLVE_ACTION


def register(app: AsyncApp) -> None:
    app.action(RESOLVE_ACTION)(on_resolve)
    app.view(ASK_MODAL)(on_ask_submitted)
