"""Wrong usage of /owner gets an ephemeral message naming the right syntax, and changes nothing."""

from __future__ import annotations

import pytest

from bot.app import Services
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.owner.helpers import assignments, mention, owner, reply
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    OTHER_BOT,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)


@pytest.mark.parametrize(
    ("text", "problem", "syntax"),
    [
        ("promote <@UVDEV|dana>", "`/owner promote` is not something I know", "/owner help"),
        ("set", "Say who", "Usage: `/owner set @name`"),
        ("backup dana", "`dana` is not a person: mention them with @", "Usage: `/owner backup"),
        ("client @carla", "pick them from the list Slack suggests", "Usage: `/owner client @name`"),
        (
            f"set {mention(VENDOR_OWNER)} {mention(VENDOR_DEV)}",
            "Name one person",
            "Usage: `/owner set @name`",
        ),
        (
            f"handover {mention(VENDOR_DEV)} winter",
            "`winter` is not a phase: use presale, project, maintenance",
            "Usage: `/owner handover @name [presale|project|maintenance]`",
        ),
        ("handover", "Say who", "Usage: `/owner handover"),
        ("history please", "`/owner history` takes nothing after it", "Usage: `/owner history`"),
        ("settings sla 60", "`/owner settings` takes nothing", "Usage: `/owner settings`"),
        ("role", "Say which role", "Usage: `/owner role owner|backup|client <text>`"),
        ("role owner", "Say what the role is accountable for", "Usage: `/owner role"),
        ("role chef Cooks", "Say which role", "Usage: `/owner role"),
    ],
)
async def test_wrong_usage_names_the_right_syntax(
    sender: SignedSender, services: Services, text: str, problem: str, syntax: str
) -> None:
    told = reply(await owner(sender, text, VENDOR_DEV))
    assert problem in told["text"]
    assert syntax in told["text"]
    assert await assignments(services) == []


async def test_an_unknown_subcommand_gets_the_whole_help(sender: SignedSender) -> None:
    told = reply(await owner(sender, "sett <@UVDEV|dana>", VENDOR_DEV))
    for syntax in (
        "/owner set @name",
        "/owner backup @name",
        "/owner client @name",
        "/owner handover @name",
        "/owner history",
        "/owner settings",
        "/owner role",
    ):
        assert syntax in told["text"]


async def test_help_lists_every_subcommand(sender: SignedSender) -> None:
    told = reply(await owner(sender, "help", CLIENT_DEV))
    assert "`/owner settings`" in told["text"]
    assert "anyone on the client side may name the client lead" in told["text"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # Slack cannot find them: e.g. someone in another organisation the bot cannot see.
        ("set <@W0ELSEWHERE|someone>", "I could not find <@W0ELSEWHERE> in Slack"),
        (f"backup {mention(OTHER_BOT)}", f"<@{OTHER_BOT}> is a bot"),
        (f"set {mention(CLIENT_LEAD)}", f"<@{CLIENT_LEAD}> is on the client side"),
        (f"handover {mention(CLIENT_DEV)}", f"<@{CLIENT_DEV}> is on the client side"),
        (f"client {mention(VENDOR_BACKUP)}", f"<@{VENDOR_BACKUP}> is on the vendor team"),
    ],
)
async def test_naming_someone_who_cannot_hold_the_role_is_refused(
    sender: SignedSender, services: Services, text: str, problem: str
) -> None:
    told = reply(await owner(sender, text, VENDOR_DEV))
    assert problem in told["text"]
    assert "Usage: `/owner " in told["text"]
    assert await assignments(services) == []


async def test_a_deactivated_account_cannot_be_named(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    slack.add_user("UGONE", "Gone Person", deleted=True)
    told = reply(await owner(sender, f"set {mention('UGONE')}", VENDOR_DEV))
    assert "deactivated" in told["text"]
    assert await assignments(services) == []


@pytest.mark.parametrize("text", ["", "set <@UVDEV|dana>", "history"])
async def test_in_a_dm_every_subcommand_explains_where_it_works(
    sender: SignedSender, services: Services, text: str
) -> None:
    told = reply(
        await owner(sender, text, VENDOR_DEV, channel="D0VDEV", channel_name="directmessage")
    )
    assert "works in a client channel" in told["text"]
    assert await assignments(services) == []
