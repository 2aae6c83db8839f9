"""/owner: the card anyone in the channel sees (ephemeral, in the ack)."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.owner.helpers import mention, owner, rendered, reply
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    GUEST,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)


async def test_the_card_with_nobody_named_says_how_to_name_each_role(
    sender: SignedSender, slack: SlackStandIn
) -> None:
    card = rendered(await owner(sender, "", CLIENT_DEV))

    assert card.count("not named yet") >= 3
    assert "`/owner set @name`" in card
    assert "`/owner backup @name`" in card
    assert "anyone on the client side names one with `/owner client @name`" in card
    assert "*Phase:* project" in card
    assert "0 open questions" in card
    assert "no answered questions yet" in card
    assert "Answers every client question within the response target" in card  # default text
    assert slack.calls_to("chat.postMessage") == []  # the card is only for the one who asked


async def test_the_card_shows_people_roles_since_phase_open_questions_and_median(
    sender: SignedSender, slack: SlackStandIn
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV)
    await owner(sender, f"client {mention(CLIENT_LEAD)}", CLIENT_PM)
    # Business hours Mon-Fri 09-17 UTC; now is Wed 18 Nov 2026 10:00 UTC.
    talk = Conversation(sender, datetime(2026, 10, 12, 9, 0, tzinfo=UTC))
    old = await talk.say(CLIENT_DEV, "Is the October export done?")  # five weeks ago: not counted
    talk.later(days=1, hours=2)
    await talk.say(VENDOR_OWNER, "The export finished overnight.", thread=old)
    talk.now = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    first = await talk.say(CLIENT_DEV, "Is the staging server down?")
    talk.later(minutes=90)
    await talk.say(VENDOR_OWNER, "It was a full disk, cleaned up now.", thread=first)  # 90 min
    talk.now = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
    second = await talk.say(CLIENT_PM, "Can you send the October invoice?")
    talk.later(minutes=30)
    await talk.say(VENDOR_BACKUP, "Sent it to your finance address.", thread=second)  # 30 min
    talk.now = datetime(2026, 11, 17, 16, 30, tzinfo=UTC)
    third = await talk.say(GUEST, "Where do I find the logs?")
    talk.now = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    await talk.say(VENDOR_DEV, "In Grafana, under the API dashboard.", thread=third)  # 30+30 min
    talk.later(minutes=5)
    await talk.say(CLIENT_LEAD, "When is the next release planned?")  # still open

    result = await owner(sender, "", CLIENT_DEV)
    card = rendered(result)

    assert f"*Vendor owner:* <@{VENDOR_OWNER}> · since <!date^" in card
    assert f"*Backup:* <@{VENDOR_BACKUP}>" in card
    assert f"*Client lead:* <@{CLIENT_LEAD}>" in card
    assert "*Phase:* project" in card
    assert "*1 open question*" in card
    # 90, 30 and 60 business minutes: the median is an hour; the October question is too old.
    assert "1 h in business hours (3 answered questions)" in card
    assert "*Target:* 4 business hours" in card
    assert "<!channel>" not in card and "<!here>" not in card
    assert reply(result)["text"].startswith(f"Vendor owner: <@{VENDOR_OWNER}>")


async def test_in_a_dm_owner_explains_where_it_works(sender: SignedSender) -> None:
    result = await owner(sender, "", VENDOR_DEV, channel="D0123", channel_name="directmessage")
    assert "client channel" in reply(result)["text"]
