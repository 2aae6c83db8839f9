"""Sending realistic channel traffic: who says what, when, in which thread."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.slack.simulator.events import message_event, reaction_added, slack_ts
from handlers.slack.simulator.transport import Result, SignedSender
from tests.slack_fixtures import CLIENT_PEOPLE, CLIENT_TEAM, SHARED_CHANNEL, VENDOR_TEAM


def team_of(user: str) -> str:
    return CLIENT_TEAM if user in CLIENT_PEOPLE else VENDOR_TEAM


class Conversation:
    """Messages in the shared channel at chosen moments; returns each message's ts."""

    def __init__(self, sender: SignedSender, start: datetime, channel: str = SHARED_CHANNEL):
        self.sender = sender
        self.now = start
        self.channel = channel

    def later(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    async def say(self, user: str, text: str, *, thread: str | None = None, **extra: object) -> str:
        event = message_event(
            text,
            user=user,
            channel=self.channel,
            ts=self.now,
            thread_ts=thread,
            team=team_of(user),
            **extra,  # type: ignore[arg-type]
        )
        result = await self.sender.event(event)
        assert result.status == 200, result.body
        return str(event["ts"])

    async def react(
        self, user: str, reaction: str, item_ts: str, item_user: str | None = None
    ) -> Result:
        result = await self.sender.event(
            reaction_added(
                reaction,
                user=user,
                channel=self.channel,
                item_ts=item_ts,
                item_user=item_user,
                event_ts=slack_ts(self.now),
            )
        )
        assert result.status == 200, result.body
        return result
