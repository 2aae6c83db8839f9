"""Buttons and modals: one module each; this file only registers them."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.slack.actions.ask_modal import on_ask_submitted
from handlers.slack.actions.owner_settings import on_settings_submitted
from handlers.slack.actions.prompt_buttons import on_open_thread, on_prompt_action
from handlers.slack.actions.resolve import on_resolve
from handlers.slack.blocks import ASK_MODAL, RESOLVE_ACTION
from handlers.slack.owner.settings_modal import SETTINGS_MODAL
from handlers.slack.render import PROMPT_OPEN, PROMPT_RESOLVE, PROMPT_SNOOZE, PROMPT_TAKE


def register(app: AsyncApp) -> None:
    app.action(RESOLVE_ACTION)(on_resolve)
    app.view(ASK_MODAL)(on_ask_submitted)
    app.view(SETTINGS_MODAL)(on_settings_submitted)
    for prompt_action in (PROMPT_TAKE, PROMPT_RESOLVE, PROMPT_SNOOZE):
        app.action(prompt_action)(on_prompt_action)
    app.action(PROMPT_OPEN)(on_open_thread)
