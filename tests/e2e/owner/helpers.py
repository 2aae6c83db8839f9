"""Driving /owner as Slack does, and reading what it answered and stored."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block

from bot.app import Services
from handlers.slack.simulator.transport import Result, SignedSender
from storage.models import Channel, OwnershipAssignment, SettingChange
from tests.e2e.rows import all_rows
from tests.slack_fixtures import SHARED_CHANNEL


def mention(user_id: str, name: str = "someone") -> str:
    """A mention as Slack sends it in a command's text when should_escape is on."""
    return f"<@{user_id}|{name}>"


async def owner(
    sender: SignedSender, text: str, user: str, channel: str = SHARED_CHANNEL, **kw: Any
) -> Result:
    """`/owner text` typed by `user` in `channel`; the ack must be a 200."""
    result = await sender.command("/owner", text, user_id=user, channel_id=channel, **kw)
    assert result.status == 200, result.body
    return result


def reply(result: Result) -> dict[str, Any]:
    """The ephemeral ack's JSON."""
    assert result.json is not None, result.body
    assert result.json.get("response_type") == "ephemeral", result.json
    answer: dict[str, Any] = result.json
    return answer


def rendered(result: Result) -> str:
    """Everything the ack says, text and blocks, as one string (blocks checked by slack_sdk)."""
    answer = reply(result)
    for block in answer.get("blocks") or []:
        assert Block.parse(block) is not None
    return answer["text"] + json.dumps(answer.get("blocks") or [], ensure_ascii=False)


async def assignments(services: Services) -> list[OwnershipAssignment]:
    return await all_rows(services, OwnershipAssignment)


async def setting_changes(services: Services) -> list[SettingChange]:
    return await all_rows(services, SettingChange)


async def channel(services: Services, slack_channel_id: str = SHARED_CHANNEL) -> Channel:
    found = [c for c in await all_rows(services, Channel) if c.slack_channel_id == slack_channel_id]
    assert len(found) == 1
    return found[0]
