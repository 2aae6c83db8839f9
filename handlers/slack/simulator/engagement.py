"""A realistic engagement for the stand-in's directory: a vendor team, a client team over Slack
Connect, a guest, another bot, a shared channel and a vendor-only one. Tests, the demo and the
benchmarks all fill the stand-in with it."""

from __future__ import annotations

from handlers.slack.simulator.web_api import SlackStandIn

VENDOR_TEAM = "T0VENDOR"
CLIENT_TEAM = "T0CLIENT"
BOT_USER = "UBOT"

VENDOR_OWNER = "UVOWNER"
VENDOR_BACKUP = "UVBACKUP"
VENDOR_DEV = "UVDEV"
CLIENT_LEAD = "UCLEAD"
CLIENT_DEV = "UCDEV"
CLIENT_PM = "UCPM"
GUEST = "UGUEST"
OTHER_BOT = "UOTHERBOT"

SHARED_CHANNEL = "C0CLIENT1"
INTERNAL_CHANNEL = "C0INTERN"

VENDOR_PEOPLE = (VENDOR_OWNER, VENDOR_BACKUP, VENDOR_DEV)
CLIENT_PEOPLE = (CLIENT_LEAD, CLIENT_DEV, CLIENT_PM)


def fill_engagement(slack: SlackStandIn) -> None:
    """A vendor team, a client team over Slack Connect, a guest, another bot; one shared channel
    with all of them and the bot, one vendor-only channel."""
    slack.add_user(VENDOR_OWNER, "Vera Owner", tz="Europe/Amsterdam")
    slack.add_user(VENDOR_BACKUP, "Bram Backup", tz="Europe/Amsterdam")
    slack.add_user(VENDOR_DEV, "Dana Dev", tz="Europe/Amsterdam")
    slack.add_user(CLIENT_LEAD, "Carla Lead", team_id=CLIENT_TEAM, tz="America/New_York")
    slack.add_user(CLIENT_DEV, "Chris Dev", team_id=CLIENT_TEAM, tz="America/New_York")
    slack.add_user(CLIENT_PM, "Cleo PM", team_id=CLIENT_TEAM, tz="America/New_York")
    slack.add_user(GUEST, "Gina Guest", is_restricted=True)
    slack.add_user(OTHER_BOT, "Deploy Bot", is_bot=True)
    slack.add_channel(
        SHARED_CHANNEL,
        "client-acme",
        members=[*VENDOR_PEOPLE, *CLIENT_PEOPLE, GUEST, OTHER_BOT],
        is_ext_shared=True,
    )
    slack.add_channel(INTERNAL_CHANNEL, "acme-internal", members=list(VENDOR_PEOPLE))
