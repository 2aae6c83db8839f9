"""Authorisation (issue 8): the client side cannot change vendor roles or settings by any route
(every /owner subcommand, the settings modal's submission, the prompt's buttons); nobody outside a
channel reads its card, history or open questions, nor can be named accountable for it; the App
Home shows only the viewer's own channels; someone removed from the vendor team loses vendor
rights at their next attempt (each privileged action asks Slack afresh)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.app import Services
from bot.ports import FixedClock
from bot.services.people import PROFILE_TTL
from bot.services.prompts import NOT_VENDOR
from handlers.slack.owner.replies import MEMBERS_ONLY, VENDOR_ONLY
from handlers.slack.owner.settings_modal import SETTINGS_MODAL
from handlers.slack.render import PROMPT_RESOLVE, PROMPT_SNOOZE, PROMPT_TAKE, SNOOZE_HOUR
from handlers.slack.simulator import requests as slack_requests
from handlers.slack.simulator.events import app_home_opened
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import Channel, Question
from tests.e2e.conversation import Conversation, team_of
from tests.e2e.owner.helpers import assignments, channel, mention, owner, reply, setting_changes
from tests.e2e.owner.test_settings import state
from tests.e2e.reminders.support import WED, dms, seed_roles
from tests.e2e.rows import activity, all_rows, only_question
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    CLIENT_TEAM,
    GUEST,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

OUTSIDER = "UVOUTSIDE"  # on the vendor team, not in the shared channel
SECOND = "C0GLOBEX"  # another client channel, with another owner

VENDOR_COMMANDS = [
    f"set {mention(VENDOR_DEV)}",
    f"backup {mention(VENDOR_DEV)}",
    f"handover {mention(VENDOR_DEV)}",
    f"handover {mention(VENDOR_DEV)} maintenance",
    "role owner Answers within the hour",
    "role client default",
    "history",
    "settings",
]


@pytest.fixture
def outsider(slack: SlackStandIn) -> str:
    slack.add_user(OUTSIDER, "Otto Outside", tz="Europe/Amsterdam")
    return OUTSIDER


async def rows_changed(services: Services) -> tuple[int, int]:
    return len(await assignments(services)), len(await setting_changes(services))


# -- the client side cannot change vendor roles or settings -------------------------------------


@pytest.mark.parametrize("client", [CLIENT_DEV, GUEST], ids=["connect", "guest"])
@pytest.mark.parametrize("text", VENDOR_COMMANDS)
async def test_no_vendor_subcommand_works_for_the_client_side(
    sender: SignedSender, slack: SlackStandIn, services: Services, client: str, text: str
) -> None:
    await seed_roles(services)
    before = await rows_changed(services)

    told = reply(await owner(sender, text, client))

    assert told["text"] == VENDOR_ONLY
    assert await rows_changed(services) == before
    assert slack.calls_to("views.open") == []  # no settings modal either
    assert (await channel(services)).phase == "project"


async def test_the_client_side_may_name_its_client_lead_and_nothing_else(
    sender: SignedSender, services: Services
) -> None:
    told = reply(await owner(sender, f"client {mention(CLIENT_PM)}", CLIENT_DEV))
    assert "is now the client lead" in told["text"]
    assert [(a.role, a.user_id) for a in await assignments(services)] == [
        ("client_lead", CLIENT_PM)
    ]


@pytest.mark.parametrize("client", [CLIENT_DEV, GUEST], ids=["connect", "guest"])
async def test_a_settings_submission_from_the_client_side_changes_nothing(
    sender: SignedSender, slack: SlackStandIn, services: Services, client: str
) -> None:
    # Slack would never show them the modal; a submission is refused all the same.
    result = await sender.view_submission(
        SETTINGS_MODAL,
        user_id=client,
        team_id=team_of(client),
        private_metadata=SHARED_CHANNEL,
        values=state(sla_minutes="1"),
    )
    assert result.status == 200
    assert result.json is not None and result.json["response_action"] == "errors"
    assert await setting_changes(services) == []
    assert [c.sla_minutes for c in await all_rows(services, Channel)] in ([], [240])


async def press(
    sender: SignedSender, slack: SlackStandIn, action_id: str, question_id: int, user: str
) -> None:
    prompt = dms(slack, VENDOR_OWNER)[0]
    payload = slack_requests.block_action(
        action_id,
        user_id=user,
        team_id=team_of(user),
        value=str(question_id),
        channel_id=slack.dm_channel(VENDOR_OWNER),
        message_ts=prompt["ts"],
        response_url=slack.response_url("actions"),
        action_type="static_select" if action_id == PROMPT_SNOOZE else "button",
    )
    if action_id == PROMPT_SNOOZE:
        payload["actions"][0]["selected_option"] = {
            "text": {"type": "plain_text", "text": "1 hour"},
            "value": f"{question_id}:{SNOOZE_HOUR}",
        }
    result = await sender.action(payload)
    assert result.status == 200, result.body


async def asked(sender: SignedSender, services: Services) -> Question:
    await seed_roles(services)
    result = await sender.command(
        "/ask", "When is the next release?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    assert result.status == 200
    return await only_question(services)


def unchanged(question: Question) -> tuple[Any, ...]:
    return (
        question.assignee_user_id,
        question.acknowledged_at,
        question.resolved_at,
        question.snoozed_until,
    )


@pytest.mark.parametrize("action_id", [PROMPT_TAKE, PROMPT_RESOLVE, PROMPT_SNOOZE])
@pytest.mark.parametrize("client", [CLIENT_LEAD, GUEST], ids=["connect", "guest"])
async def test_the_client_side_cannot_use_the_prompts_buttons(
    sender: SignedSender, slack: SlackStandIn, services: Services, action_id: str, client: str
) -> None:
    question = await asked(sender, services)
    await press(sender, slack, action_id, int(question.id or 0), client)

    assert unchanged(await only_question(services)) == unchanged(question)
    assert [r["text"] for r in slack.responses if r.get("text")] == [NOT_VENDOR]


# -- nobody outside a channel reads it ------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "history", "settings", f"set {mention(VENDOR_DEV)}"])
async def test_a_person_outside_the_channel_gets_nothing_from_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services, outsider: str, text: str
) -> None:
    await seed_roles(services)
    await Conversation(sender, WED).say(CLIENT_DEV, "Is the contract signed?")
    before = await rows_changed(services)

    result = await owner(sender, text, outsider)

    told = reply(result)
    assert told["text"] == MEMBERS_ONLY
    assert "blocks" not in told  # no card, no history
    assert slack.calls_to("views.open") == []
    assert await rows_changed(services) == before
    # A member asking the same gets the card.
    card = reply(await owner(sender, "", VENDOR_DEV))
    assert "Who is accountable here" in json.dumps(card["blocks"])


async def test_when_slack_cannot_list_the_members_slack_s_own_guarantee_stands(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    # A private channel the bot is not in: conversations.members says channel_not_found. Slack
    # delivers a command from a private channel only to its members, so the card is shown.
    slack.add_channel("G0PRIVATE", "secret", members=[VENDOR_DEV], is_private=True,
                      bot_is_member=False)  # fmt: skip
    card = reply(await owner(sender, "", VENDOR_DEV, channel="G0PRIVATE"))
    assert "Who is accountable here" in json.dumps(card["blocks"])


@pytest.mark.parametrize("verb", ["set", "backup", "handover"])
async def test_only_a_member_of_the_channel_can_be_named_accountable(
    sender: SignedSender, slack: SlackStandIn, services: Services, outsider: str, verb: str
) -> None:
    await seed_roles(services, owner=VENDOR_OWNER, backup=None)
    await Conversation(sender, WED).say(CLIENT_DEV, "Is the contract signed?")
    slack.clear_calls()

    told = reply(await owner(sender, f"{verb} {mention(outsider)}", VENDOR_DEV))

    assert "is not a member of this channel" in told["text"]
    assert [a.user_id for a in await assignments(services)] == [VENDOR_OWNER, CLIENT_LEAD]
    assert dms(slack, outsider) == []  # no hand-over summary, no prompt


async def test_a_client_lead_must_be_in_the_channel_too(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    slack.add_user("UCOUTSIDE", "Cora Outside", team_id=CLIENT_TEAM)
    told = reply(await owner(sender, f"client {mention('UCOUTSIDE')}", CLIENT_DEV))
    assert "is not a member of this channel" in told["text"]
    assert await assignments(services) == []


async def test_the_app_home_shows_only_the_viewers_own_channels(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    slack.add_channel(
        SECOND, "client-globex", members=[VENDOR_DEV, VENDOR_BACKUP, CLIENT_PM], is_ext_shared=True
    )
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_OWNER)
    await owner(sender, f"set {mention(VENDOR_DEV)}", VENDOR_DEV, channel=SECOND)
    await Conversation(sender, WED).say(CLIENT_DEV, "Where is the Acme invoice?")
    await Conversation(sender, WED, channel=SECOND).say(CLIENT_PM, "Where is the Globex invoice?")

    homes: dict[str, str] = {}
    for viewer in (VENDOR_OWNER, VENDOR_DEV, VENDOR_BACKUP, CLIENT_DEV):
        result = await sender.event(app_home_opened(viewer, event_ts=clock.now()))
        assert result.status == 200
        homes[viewer] = json.dumps(slack.home_view(viewer))

    assert "Acme invoice" in homes[VENDOR_OWNER] and "Globex" not in homes[VENDOR_OWNER]
    assert "Globex invoice" in homes[VENDOR_DEV] and "Acme" not in homes[VENDOR_DEV]
    for nobody in (VENDOR_BACKUP, CLIENT_DEV):  # no role: no channel's questions
        assert "invoice" not in homes[nobody]
        assert SECOND not in homes[nobody] and SHARED_CHANNEL not in homes[nobody]


# -- someone removed from the vendor team loses vendor rights -------------------------------------


async def vendor_acts_once(sender: SignedSender, services: Services) -> None:
    """VENDOR_DEV changes something: their side is now remembered (in process and stored)."""
    told = reply(await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV))
    assert "is now the backup" in told["text"]


@pytest.mark.parametrize("change", ["deactivated", "moved to another team"])
async def test_a_person_removed_from_the_vendor_team_loses_vendor_rights_at_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, change: str
) -> None:
    await vendor_acts_once(sender, services)
    if change == "deactivated":
        slack.add_user(VENDOR_DEV, "Dana Dev", deleted=True)
    else:
        slack.add_user(VENDOR_DEV, "Dana Dev", team_id="T0ELSEWHERE")
    before = await rows_changed(services)

    for text in (f"set {mention(VENDOR_DEV)}", "history", "settings", "role owner x"):
        assert reply(await owner(sender, text, VENDOR_DEV))["text"] == VENDOR_ONLY, text
    assert await rows_changed(services) == before
    assert slack.calls_to("views.open") == []


async def test_a_deactivated_vendor_member_cannot_use_the_prompts_buttons(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    question = await asked(sender, services)
    await press(sender, slack, PROMPT_TAKE, int(question.id or 0), VENDOR_BACKUP)  # allowed
    assert (await only_question(services)).assignee_user_id == VENDOR_BACKUP

    slack.add_user(VENDOR_BACKUP, "Bram Backup", deleted=True)
    await press(sender, slack, PROMPT_RESOLVE, int(question.id or 0), VENDOR_BACKUP)

    assert (await only_question(services)).resolved_at is None
    assert [r["text"] for r in slack.responses if r.get("text")][-1] == NOT_VENDOR


async def test_a_moved_persons_messages_count_for_the_client_once_the_cached_side_expires(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    talk = Conversation(sender, WED)
    await talk.say(VENDOR_DEV, "Deploying now")
    slack.add_user(VENDOR_DEV, "Dana Dev", is_restricted=True)  # demoted to a guest account
    talk.later(minutes=1)
    await talk.say(VENDOR_DEV, "Deployed")  # within the cache: still counted as vendor
    clock.advance(seconds=(PROFILE_TTL + timedelta(minutes=6)).total_seconds())
    talk.now = clock.now()
    await talk.say(VENDOR_DEV, "Back again")

    assert [a.side for a in await activity(services)] == ["vendor", "vendor", "client"]


async def test_when_slack_cannot_say_only_a_recent_answer_grants_vendor_rights(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await vendor_acts_once(sender, services)
    slack.fail_next("users.info", "ratelimited", times=1)
    told = reply(await owner(sender, "history", VENDOR_DEV))  # known within PROFILE_TTL: fine
    assert told["text"] != VENDOR_ONLY

    clock.advance(seconds=(PROFILE_TTL + timedelta(minutes=6)).total_seconds())
    slack.fail_next("users.info", "ratelimited", times=1)
    assert reply(await owner(sender, "history", VENDOR_DEV))["text"] == VENDOR_ONLY  # fail closed
    assert reply(await owner(sender, "history", VENDOR_DEV))["text"] != VENDOR_ONLY  # Slack is back


async def test_only_the_vendor_side_and_the_asker_may_resolve(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    question = await asked(sender, services)
    for intruder in (CLIENT_PM, GUEST):
        result = await sender.action(
            "question_resolve",
            user_id=intruder,
            team_id=team_of(intruder),
            value=str(question.id),
            channel_id=SHARED_CHANNEL,
            message_ts=question.root_ts,
        )
        assert result.status == 200
    assert (await only_question(services)).resolved_at is None
