"""Channel membership as the digest counts it: joins and leaves as they happen, the whole list
when the bot joins."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import Services
from bot.events import Tenant
from bot.services.membership import client_members
from handlers.slack.simulator.events import member_joined
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import ChannelMember
from tests.e2e.rows import all_rows
from tests.slack_fixtures import (
    BOT_USER,
    CLIENT_DEV,
    CLIENT_TEAM,
    GUEST,
    SHARED_CHANNEL,
    VENDOR_DEV,
    VENDOR_TEAM,
)

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


async def members(services: Services) -> dict[str, tuple[str, bool]]:
    rows: list[ChannelMember] = await all_rows(services, ChannelMember)
    return {r.user_id: (r.side, r.left_at is not None) for r in rows}


async def test_people_joining_and_leaving_are_recorded_with_their_side(
    sender: SignedSender, services: Services
) -> None:
    for user, team in ((CLIENT_DEV, CLIENT_TEAM), (VENDOR_DEV, VENDOR_TEAM), (GUEST, VENDOR_TEAM)):
        joined = await sender.event(member_joined(user, SHARED_CHANNEL, event_ts=START, team=team))
        assert joined.status == 200
    assert await members(services) == {
        CLIENT_DEV: ("client", False),
        VENDOR_DEV: ("vendor", False),
        GUEST: ("client", False),  # a guest in the vendor's own team
    }
    tenant = Tenant(VENDOR_TEAM)
    assert await client_members(services, tenant, SHARED_CHANNEL, START) == 2

    left = await sender.event(
        member_joined(CLIENT_DEV, SHARED_CHANNEL, event_ts=LATER, team=CLIENT_TEAM, left=True)
    )
    assert left.status == 200
    assert (await members(services))[CLIENT_DEV] == ("client", True)
    assert await client_members(services, tenant, SHARED_CHANNEL, LATER) == 1
    assert await client_members(services, tenant, SHARED_CHANNEL, START) == 2  # history kept


async def test_the_bot_joining_reads_the_whole_member_list(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    joined = await sender.event(member_joined(BOT_USER, SHARED_CHANNEL, event_ts=START))
    assert joined.status == 200
    assert slack.calls_to("conversations.members")
    found = await members(services)
    # Everyone in the stand-in's channel but the bots, each on their side.
    assert found == {
        "UVOWNER": ("vendor", False),
        "UVBACKUP": ("vendor", False),
        "UVDEV": ("vendor", False),
        "UCLEAD": ("client", False),
        "UCDEV": ("client", False),
        "UCPM": ("client", False),
        GUEST: ("client", False),
    }
    assert (
        await client_members(services, Tenant(VENDOR_TEAM), SHARED_CHANNEL, services.clock.now())
        == 4
    )
