"""The onboarding message: once per channel, however many occasions arrive, even at once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from bot.app import Services
from bot.ports import FixedClock
from bot.services.onboarding import SETTLED
from handlers.slack.simulator.events import member_joined, message_event
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel
from tests.e2e.conversation import Conversation, team_of
from tests.e2e.owner.helpers import channel, mention, owner
from tests.slack_fixtures import (
    BOT_USER,
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    SHARED_CHANNEL,
    VENDOR_DEV,
    VENDOR_OWNER,
)

NEW_CHANNEL = "C0NEWCLIENT"
INTRO = "ownerbot keeps this channel's questions answered"


def onboarding_posts(slack: SlackStandIn, channel_id: str) -> list[dict[str, Any]]:
    return [m for m in slack.messages(channel_id) if INTRO in str(m["blocks"])]


def add_new_channel(slack: SlackStandIn, *, bot: bool = True) -> None:
    slack.add_channel(
        NEW_CHANNEL,
        "client-globex",
        members=[VENDOR_DEV, CLIENT_DEV, CLIENT_PM],
        is_ext_shared=True,
        bot_is_member=bot,
    )


async def test_the_bot_joining_then_two_questions_give_one_onboarding_message(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    add_new_channel(slack)
    joined = await sender.event(member_joined(BOT_USER, NEW_CHANNEL, event_ts=clock.now()))
    assert joined.status == 200
    talk = Conversation(sender, clock.now(), channel=NEW_CHANNEL)
    talk.later(minutes=10)
    await talk.say(CLIENT_DEV, "Who do we talk to about the rollout?")
    talk.later(minutes=10)
    await talk.say(CLIENT_PM, "Is there a test environment for us?")

    posts = onboarding_posts(slack, NEW_CHANNEL)
    assert len(posts) == 1
    rendered = str(posts[0]["blocks"])
    assert "*Vendor owner* (not named yet: a vendor member names one with `/owner set @name`)" in (
        rendered
    )
    assert "`/owner client @name`" in rendered
    assert "Answers every client question within the response target" in rendered
    assert "Speaks for the client" in rendered
    assert "<!channel>" not in rendered and "<!here>" not in rendered
    assert (await channel(services, NEW_CHANNEL)).onboarded_at == clock.now()


async def test_questions_in_an_ownerless_channel_onboard_it_once(
    sender: SignedSender, slack: SlackStandIn, clock: FixedClock
) -> None:
    await sender.command(
        "/ask", "Can we get VPN access?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    talk = Conversation(sender, clock.now() + timedelta(minutes=20))
    await talk.say(CLIENT_PM, "Where is the staging URL?")
    talk.later(minutes=20)
    await talk.react(
        VENDOR_DEV, "question", await talk.say(CLIENT_LEAD, "Deploy today"), CLIENT_LEAD
    )

    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1


async def test_simultaneous_occasions_still_post_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    add_new_channel(slack)
    at = clock.now()
    events = [member_joined(BOT_USER, NEW_CHANNEL, event_ts=at)] + [
        message_event(
            f"Question number {n}, is it ready?",
            user=user,
            channel=NEW_CHANNEL,
            ts=at + timedelta(seconds=n),
            team=team_of(user),
        )
        for n, user in enumerate([CLIENT_DEV, CLIENT_PM, CLIENT_DEV, CLIENT_PM], start=1)
    ]
    results = await asyncio.gather(*(sender.event(e, drain=False) for e in events))
    assert all(r.status == 200 for r in results)
    await services.background.drain()

    assert len(onboarding_posts(slack, NEW_CHANNEL)) == 1


async def test_no_onboarding_when_the_owner_and_the_client_lead_are_named(
    sender: SignedSender, slack: SlackStandIn, clock: FixedClock
) -> None:
    add_new_channel(slack)
    for named in (VENDOR_OWNER, CLIENT_LEAD):  # only a member of the channel can be named
        slack.add_member(NEW_CHANNEL, named)
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV, channel=NEW_CHANNEL)
    await owner(sender, f"client {mention(CLIENT_LEAD)}", CLIENT_DEV, channel=NEW_CHANNEL)
    await sender.event(member_joined(BOT_USER, NEW_CHANNEL, event_ts=clock.now()))
    await Conversation(sender, clock.now(), channel=NEW_CHANNEL).say(CLIENT_DEV, "Any news?")

    assert onboarding_posts(slack, NEW_CHANNEL) == []


async def test_with_an_owner_but_no_client_lead_it_asks_for_the_lead(
    sender: SignedSender, slack: SlackStandIn, clock: FixedClock
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    await Conversation(sender, clock.now()).say(CLIENT_DEV, "Is the release on track?")

    posts = onboarding_posts(slack, SHARED_CHANNEL)
    assert len(posts) == 1
    assert posts[0]["text"] == "ownerbot is here. Please name the client lead with /owner."
    assert f"*Vendor owner* (<@{VENDOR_OWNER}>)" in str(posts[0]["blocks"])


async def test_an_onboarding_post_that_failed_is_tried_again_next_time(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    slack.fail_next("chat.postMessage", error="ratelimited")
    talk = Conversation(sender, clock.now())
    await talk.say(CLIENT_DEV, "Is the API down?")
    assert onboarding_posts(slack, SHARED_CHANNEL) == []
    assert (await channel(services)).onboarded_at is None  # the claim was released

    talk.later(minutes=30)
    await talk.say(CLIENT_PM, "Are the invoices sent?")
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1


async def set_onboarded_at(services: Services, at: datetime | None) -> None:
    """Another process's claim (or its release), written straight to the channel row."""
    async with services.sessions() as session, session.begin():
        await session.execute(
            update(Channel)
            .where(col(Channel.slack_channel_id) == SHARED_CHANNEL)
            .values(onboarded_at=at)
        )


async def test_a_claim_still_in_flight_elsewhere_is_not_remembered(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    talk = Conversation(sender, clock.now())
    await talk.say(CLIENT_DEV, "Is the export fixed?")  # first sight: onboarded here
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1
    services.onboarded.clear()  # as a second process would start: knowing nothing

    # Another process claims a moment ago; its post is still on its way.
    await set_onboarded_at(services, clock.now())
    talk.later(minutes=30)
    await talk.say(CLIENT_PM, "Who reviews the designs?")
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1
    assert services.onboarded == set()

    # Its post failed and it released the claim: the next question onboards the channel.
    await set_onboarded_at(services, None)
    talk.later(minutes=30)
    await talk.say(CLIENT_DEV, "Can we move the demo?")
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 2


async def test_an_onboarding_long_since_posted_is_not_read_again(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    talk = Conversation(sender, clock.now())
    await talk.say(CLIENT_DEV, "Is the export fixed?")
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1
    assert len(services.onboarded) == 1  # the process that posted it knows at once
    services.onboarded.clear()

    # Settled long ago (by whichever process): remembered after one read...
    await set_onboarded_at(services, clock.now() - SETTLED)
    talk.later(minutes=30)
    await talk.say(CLIENT_PM, "Who reviews the designs?")
    assert len(services.onboarded) == 1
    # ...so the row is not consulted again: even a row rewritten behind its back stays quiet.
    await set_onboarded_at(services, None)
    talk.later(minutes=30)
    await talk.say(CLIENT_DEV, "Can we move the demo?")
    assert len(onboarding_posts(slack, SHARED_CHANNEL)) == 1
