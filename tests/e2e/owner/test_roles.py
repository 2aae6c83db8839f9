"""/owner set|backup|client: who may name whom, and every change kept as a new row."""

from __future__ import annotations

import pytest

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.owner.helpers import assignments, mention, owner, rendered, reply
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    GUEST,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

VENDOR_ONLY = "Only the vendor team can do that"


async def test_a_vendor_member_names_the_owner_the_backup_and_the_client_lead(
    sender: SignedSender, services: Services, clock: FixedClock
) -> None:
    told = reply(await owner(sender, f"set {mention(VENDOR_OWNER, 'vera')}", VENDOR_DEV))
    assert told["text"] == f":white_check_mark: <@{VENDOR_OWNER}> is now the vendor owner."
    await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV)
    await owner(sender, f"client <@{CLIENT_LEAD}>", VENDOR_DEV)  # escaped without a label too

    rows = await assignments(services)
    assert [(r.role, r.user_id, r.previous_user_id, r.kind, r.assigned_by) for r in rows] == [
        ("owner", VENDOR_OWNER, None, "set", VENDOR_DEV),
        ("backup", VENDOR_BACKUP, None, "set", VENDOR_DEV),
        ("client_lead", CLIENT_LEAD, None, "set", VENDOR_DEV),
    ]
    assert all(r.assigned_at == clock.now() and r.phase == "project" for r in rows)


@pytest.mark.parametrize("client_member", [CLIENT_DEV, GUEST], ids=["connect", "guest"])
async def test_a_client_member_may_name_the_client_lead_and_nothing_else(
    sender: SignedSender, slack: SlackStandIn, services: Services, client_member: str
) -> None:
    for text in (
        f"set {mention(VENDOR_OWNER)}",
        f"backup {mention(VENDOR_BACKUP)}",
        f"handover {mention(VENDOR_DEV)} maintenance",
        "role owner Answers within the hour",
        "history",
        "settings",
    ):
        told = reply(await owner(sender, text, client_member))
        assert told["text"].startswith(VENDOR_ONLY), text
        assert "`/owner client @name`" in told["text"]
    assert await assignments(services) == []
    assert slack.calls_to("views.open") == []

    told = reply(await owner(sender, f"client {mention(CLIENT_PM)}", client_member))
    assert told["text"] == f":white_check_mark: <@{CLIENT_PM}> is now the client lead."
    rows = await assignments(services)
    assert [(r.role, r.user_id, r.assigned_by) for r in rows] == [
        ("client_lead", CLIENT_PM, client_member)
    ]


async def test_a_vendor_member_may_change_everything(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    for text in (
        f"set {mention(VENDOR_OWNER)}",
        f"backup {mention(VENDOR_BACKUP)}",
        f"client {mention(CLIENT_LEAD)}",
        "role client Signs off each release",
        f"handover {mention(VENDOR_DEV)} maintenance",
    ):
        told = reply(await owner(sender, text, VENDOR_DEV))
        assert told["text"].startswith((":white_check_mark:", ":handshake:")), told
    assert "Changes in this channel" in rendered(await owner(sender, "history", VENDOR_DEV))
    await owner(sender, "settings", VENDOR_DEV)
    assert len(slack.calls_to("views.open")) == 1
    assert [r.kind for r in await assignments(services)] == [
        "set",
        "set",
        "set",
        "role",
        "handover",
    ]


async def test_history_is_never_overwritten_and_lists_changes_newest_first(
    sender: SignedSender, services: Services, clock: FixedClock
) -> None:
    for person in (VENDOR_OWNER, VENDOR_DEV, VENDOR_BACKUP):
        await owner(sender, f"set {mention(person)}", VENDOR_DEV)
        clock.advance(hours=1)

    rows = await assignments(services)
    assert [(r.user_id, r.previous_user_id) for r in rows] == [
        (VENDOR_OWNER, None),
        (VENDOR_DEV, VENDOR_OWNER),
        (VENDOR_BACKUP, VENDOR_DEV),
    ]
    assert rows[0].assigned_at < rows[1].assigned_at < rows[2].assigned_at

    shown = rendered(await owner(sender, "history", VENDOR_OWNER))
    third = shown.index(f"named <@{VENDOR_BACKUP}> the vendor owner (was <@{VENDOR_DEV}>)")
    second = shown.index(f"named <@{VENDOR_DEV}> the vendor owner (was <@{VENDOR_OWNER}>)")
    first = shown.index(f"named <@{VENDOR_OWNER}> the vendor owner")
    assert third < second < first
    assert "not shown" not in shown


async def test_history_shows_the_latest_25_and_says_how_many_more(
    sender: SignedSender, services: Services, clock: FixedClock
) -> None:
    people = [VENDOR_OWNER, VENDOR_DEV]
    for n in range(30):
        await owner(sender, f"set {mention(people[n % 2])}", VENDOR_DEV)
        clock.advance(minutes=5)
    result = await owner(sender, "history", VENDOR_DEV)
    shown = rendered(result)
    assert shown.count("the vendor owner") == 25
    assert "Showing the latest 25 of 30 changes; 5 earlier ones are not shown." in shown
    assert len(reply(result)["blocks"]) <= 50
    assert len(await assignments(services)) == 30


async def test_naming_the_current_holder_again_changes_nothing(
    sender: SignedSender, services: Services
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    told = reply(await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV))
    assert f"<@{VENDOR_OWNER}> is already the vendor owner" in told["text"]
    assert len(await assignments(services)) == 1


async def test_the_backup_becoming_owner_leaves_the_backup_role_vacant(
    sender: SignedSender, services: Services
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV)
    told = reply(await owner(sender, f"set {mention(VENDOR_BACKUP)}", VENDOR_DEV))
    assert "there is no backup now" in told["text"]
    rows = await assignments(services)
    assert [(r.role, r.user_id, r.previous_user_id) for r in rows[2:]] == [
        ("owner", VENDOR_BACKUP, VENDOR_OWNER),
        ("backup", None, VENDOR_BACKUP),
    ]
    card = rendered(await owner(sender, "", VENDOR_DEV))
    assert "*Backup:* not named yet" in card


async def test_the_owner_cannot_also_be_the_backup(
    sender: SignedSender, services: Services
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    told = reply(await owner(sender, f"backup {mention(VENDOR_OWNER)}", VENDOR_DEV))
    assert "the backup must be someone else" in told["text"]
    assert "Usage: `/owner backup @name`" in told["text"]
    assert len(await assignments(services)) == 1


async def test_edited_responsibilities_show_on_the_card_and_stay_with_the_role(
    sender: SignedSender, services: Services
) -> None:
    await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV)
    told = reply(
        await owner(sender, "role backup Reviews every deploy <!channel> before Friday", VENDOR_DEV)
    )
    assert told["text"].startswith(":white_check_mark: Saved what the backup is accountable for")
    await owner(sender, f"backup {mention(VENDOR_DEV)}", VENDOR_OWNER)  # a new backup

    card = rendered(await owner(sender, "", CLIENT_DEV))
    assert "Reviews every deploy @\u2060channel before Friday" in card  # defused: pings nobody
    assert "<!channel>" not in card
    rows = await assignments(services)
    assert [(r.kind, r.user_id, r.responsibilities) for r in rows] == [
        ("set", VENDOR_BACKUP, None),
        ("role", VENDOR_BACKUP, "Reviews every deploy <!channel> before Friday"),
        ("set", VENDOR_DEV, "Reviews every deploy <!channel> before Friday"),
    ]

    await owner(sender, "role backup default", VENDOR_DEV)
    card = rendered(await owner(sender, "", CLIENT_DEV))
    assert "Covers for the owner" in card
    assert "Reviews every deploy" not in card
