"""Sides in DESIGN.md's order: override, Slack Connect, guest, otherwise vendor."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Person
from tests.e2e.conversation import Conversation
from tests.e2e.rows import person, questions
from tests.slack_fixtures import CLIENT_DEV, CLIENT_TEAM, GUEST, VENDOR_DEV

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


async def test_a_slack_connect_author_is_client_from_the_event_alone(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await Conversation(sender, START).say(CLIENT_DEV, "Is the API down?")
    who = await person(services, CLIENT_DEV)
    assert (who.side, who.side_source, who.home_team_id) == ("client", "connect", CLIENT_TEAM)
    # The event's user_team was enough: users.info was not asked.
    asked = [c.params.get("user") for c in slack.calls_to("users.info")]
    assert CLIENT_DEV not in asked


async def test_a_guest_is_client_and_the_answer_is_cached(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    talk = Conversation(sender, START)
    await talk.say(GUEST, "hello")
    talk.later(minutes=10)
    await talk.say(GUEST, "Where are the docs?")
    who = await person(services, GUEST)
    assert (who.side, who.side_source, who.is_guest) == ("client", "guest", True)
    asked = [c.params.get("user") for c in slack.calls_to("users.info")]
    assert asked.count(GUEST) == 1  # the second message used the stored answer


async def test_a_member_of_the_installing_team_is_vendor(
    sender: SignedSender, services: Services
) -> None:
    await Conversation(sender, START).say(VENDOR_DEV, "Standup in 5")
    who = await person(services, VENDOR_DEV)
    assert (who.side, who.side_source) == ("vendor", "default")


async def test_an_override_beats_slack_connect(
    sender: SignedSender, services: Services, clock: object
) -> None:
    talk = Conversation(sender, START)
    await talk.say(CLIENT_DEV, "hello")
    async with services.sessions() as session, session.begin():
        # A contractor from the client's org who works for the vendor, set by a vendor member.
        await session.execute(
            update(Person)
            .where(Person.slack_user_id == CLIENT_DEV)
            .values(override_side="vendor", override_by=VENDOR_DEV, home_team_id=None)
        )
    # Changed in the database (as by another replica): seen once the in-process memory expires.
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.advance(minutes=6)
    talk.later(minutes=10)
    await talk.say(CLIENT_DEV, "Can you deploy?")
    who = await person(services, CLIENT_DEV)
    assert (who.side, who.side_source) == ("vendor", "override")
    assert await questions(services) == []  # a vendor-side question is not auto-captured


async def test_the_directory_answer_expires_after_a_day(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    clock = services.clock
    assert isinstance(clock, FixedClock)
    talk = Conversation(sender, START)
    await talk.say(GUEST, "hello")
    clock.advance(hours=23)
    talk.later(hours=23)
    await talk.say(GUEST, "still here")
    assert [c.params.get("user") for c in slack.calls_to("users.info")].count(GUEST) == 1
    clock.advance(hours=2)  # 25 hours after the first answer: ask again (guests get promoted)
    talk.later(hours=2)
    slack.add_user(GUEST, "Gina Guest")  # now a full member of the vendor team
    await talk.say(GUEST, "promoted!")
    assert [c.params.get("user") for c in slack.calls_to("users.info")].count(GUEST) == 2
    who = await person(services, GUEST)
    assert (who.side, who.side_source, who.is_guest) == ("vendor", "default", False)
