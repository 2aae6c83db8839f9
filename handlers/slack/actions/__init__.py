"""Slack actions listeners: one small module each; this file only registers them."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp


def register(app: AsyncApp) -> None:
    """Attach every actions listener to the app."""
