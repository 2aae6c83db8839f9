"""The App Home: the viewer's open questions across channels and the channels they answer for."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.blocks import Block
from sqlalchemy import update

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.events import app_home_opened
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Question
from tests.e2e.conversation import Conversation
from tests.e2e.owner.helpers import mention, owner
from tests.e2e.rows import questions
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

OTHER = "C0GLOBEX"  # Vera is the backup here
THIRD = "C0INITECH"  # Vera holds no role here; one question is assigned to her


def t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def opened_home(sender: SignedSender, slack: SlackStandIn, user: str, at: datetime) -> Any:
    result = await sender.event(app_home_opened(user, event_ts=at))
    assert result.status == 200
    published = [c for c in slack.calls_to("views.publish") if c.params["user_id"] == user]
    assert published, "no view published"
    view = published[-1].params["view"]
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert all(Block.parse(b) is not None for b in view["blocks"])
    return view


async def test_the_home_lists_the_viewers_open_questions_and_channels(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    for channel_id in (OTHER, THIRD):
        slack.add_channel(
            channel_id,
            members=[VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV, CLIENT_DEV],
            is_ext_shared=True,
        )
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    await owner(sender, f"client {mention(CLIENT_LEAD)}", CLIENT_LEAD)
    await owner(sender, f"set {mention(VENDOR_BACKUP)}", VENDOR_DEV, channel=OTHER)
    await owner(sender, f"backup {mention(VENDOR_OWNER)}", VENDOR_DEV, channel=OTHER)
    await owner(sender, f"set {mention(VENDOR_DEV)}", VENDOR_DEV, channel=THIRD)

    # Now: Wed 18 Nov 10:00 UTC; target 240 business minutes, due soon from 180.
    shared = Conversation(sender, t(17, 14))
    breached = await shared.say(CLIENT_DEV, "Why is the export empty?")  # 180 + 60 = 240
    shared.now = t(18, 9, 30)
    on_track = await shared.say(CLIENT_PM, "Can you add Sam to the repo?")  # 30
    shared.now = t(18, 9, 40)
    answered = await shared.say(CLIENT_DEV, "Is the build green?")
    shared.later(minutes=5)
    await shared.say(VENDOR_OWNER, "Green again since this morning.", thread=answered)
    other = Conversation(sender, t(17, 14, 45), channel=OTHER)
    await other.say(CLIENT_DEV, "When do the new servers arrive?")  # 135 + 60 = 195: due soon
    third = Conversation(sender, t(16, 10), channel=THIRD)
    assigned = await third.say(CLIENT_DEV, "Could Vera look at the billing bug?")
    third.later(minutes=10)
    await third.say(CLIENT_DEV, "Separate topic: is the VPN down again?")  # not hers
    async with services.sessions() as session, session.begin():
        await session.execute(
            update(Question)
            .where(Question.root_ts == assigned)
            .values(assignee_user_id=VENDOR_OWNER)
        )

    view = await opened_home(sender, slack, VENDOR_OWNER, clock.now())
    text = json.dumps(view["blocks"], ensure_ascii=False)

    listed = [
        "Could Vera look at the billing bug?",
        "Why is the export empty?",
        "When do the new servers arrive?",
        "Can you add Sam to the repo?",
    ]
    positions = [text.index(item) for item in listed]
    assert positions == sorted(positions)  # oldest first
    assert "Is the build green?" not in text  # answered
    assert "is the VPN down again?" not in text  # neither hers nor her channel's
    section = {
        q: next(
            b["text"]["text"]
            for b in view["blocks"]
            if b["type"] == "section" and q in b["text"]["text"]
        )
        for q in listed
    }
    assert ":red_circle: breached" in section["Why is the export empty?"]
    assert "open 4 h in business hours" in section["Why is the export empty?"]
    assert ":large_yellow_circle: due soon" in section["When do the new servers arrive?"]
    assert ":large_green_circle: on track" in section["Can you add Sam to the repo?"]
    assert f"<#{THIRD}>" in section["Could Vera look at the billing bug?"]
    assert (
        f"https://slack.com/archives/{SHARED_CHANNEL}/p{breached.replace('.', '')}"
        in (section["Why is the export empty?"])
    )
    assert on_track

    channels = [
        b["text"]["text"]
        for b in view["blocks"]
        if b["type"] == "section" and "(last 4 weeks)" in b["text"]["text"]
    ]
    assert len(channels) == 2
    shared_line = next(line for line in channels if f"<#{SHARED_CHANNEL}>" in line)
    other_line = next(line for line in channels if f"<#{OTHER}>" in line)
    # Shared: the one measurable question breached, the other answered within the target: 50 %.
    assert shared_line.startswith(":large_orange_circle:") and "· owner ·" in shared_line
    assert "SLA 50%" in shared_line and "2 open" in shared_line
    # Other: no client lead named, so red whatever the SLA says.
    assert other_line.startswith(":red_circle:") and "· backup ·" in other_line
    assert "no client lead named" in other_line


async def test_someone_with_nothing_to_do_is_told_so(
    sender: SignedSender, slack: SlackStandIn, clock: FixedClock
) -> None:
    view = await opened_home(sender, slack, VENDOR_DEV, clock.now())
    text = json.dumps(view["blocks"])
    assert "Nothing is waiting for you" in text
    assert "You are not the owner or backup of any channel yet" in text


async def test_the_messages_tab_publishes_nothing(
    sender: SignedSender, slack: SlackStandIn, clock: FixedClock
) -> None:
    result = await sender.event(app_home_opened(VENDOR_DEV, event_ts=clock.now(), tab="messages"))
    assert result.status == 200
    assert slack.calls_to("views.publish") == []


async def test_a_long_list_stays_within_slacks_limits(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    talk = Conversation(sender, t(2, 9))
    for n in range(45):
        talk.later(minutes=10)
        await talk.say(CLIENT_DEV if n % 2 else CLIENT_PM, f"Question {n:02d}: is it done?")
    assert len(await questions(services)) == 45

    view = await opened_home(sender, slack, VENDOR_OWNER, clock.now())
    text = json.dumps(view["blocks"])
    assert "Question 00" in text and "Question 39" in text and "Question 40" not in text
    assert "Showing the oldest 40" in text
