"""The owner prompt: a DM per new client question, with Open thread · I'll take it · Resolve ·
Snooze; and what each of them does."""

from __future__ import annotations

from typing import Any

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.render import PROMPT_OPEN, PROMPT_RESOLVE, PROMPT_SNOOZE, PROMPT_TAKE
from handlers.slack.simulator import requests as slack_requests
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.reminders.support import (
    WED,
    action_ids,
    at,
    dms,
    seed_roles,
    sweep,
    texts,
)
from tests.e2e.rows import only_question
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    CLIENT_TEAM,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

CONTROLS = [PROMPT_OPEN, PROMPT_TAKE, PROMPT_RESOLVE, PROMPT_SNOOZE]


def _permalink(ts: str) -> str:
    return f"https://vendor.slack.com/archives/{SHARED_CHANNEL}/p{ts.replace('.', '')}"


def _controls(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        element["action_id"]: element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


async def test_ask_prompts_the_owner_with_four_controls(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await seed_roles(services)
    await sender.command(
        "/ask", "Can we get SSO for the admin panel?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )

    question = await only_question(services)
    prompts = dms(slack, VENDOR_OWNER)
    assert len(prompts) == 1
    prompt = prompts[0]
    assert action_ids(prompt) == CONTROLS
    controls = _controls(prompt)
    # Open thread leads to the bot's post, which is the question's thread.
    assert question.root_ts == slack.messages(SHARED_CHANNEL)[0]["ts"]
    assert controls[PROMPT_OPEN]["url"] == _permalink(question.root_ts)
    assert controls[PROMPT_TAKE]["value"] == str(question.id)
    assert controls[PROMPT_RESOLVE]["value"] == str(question.id)
    assert [o["value"] for o in controls[PROMPT_SNOOZE]["options"]] == [
        f"{question.id}:1h",
        f"{question.id}:tomorrow",
    ]
    shown = texts(prompts)[0]
    assert "Can we get SSO for the admin panel?" in shown
    assert f"<@{CLIENT_DEV}>" in shown and f"<#{SHARED_CHANNEL}>" in shown
    assert "4 business hours" in shown
    # Nobody else was prompted; the prompt came after the channel post.
    assert dms(slack, VENDOR_BACKUP) == []
    posts = [c.params["channel"] for c in slack.calls_to("chat.postMessage")]
    assert posts == [SHARED_CHANNEL, slack.dm_channel(VENDOR_OWNER)]


async def test_auto_capture_prompts_the_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await seed_roles(services)
    ts = await Conversation(sender, WED).say(CLIENT_LEAD, "Is the staging server down?")

    prompts = dms(slack, VENDOR_OWNER)
    assert len(prompts) == 1
    assert action_ids(prompts[0]) == CONTROLS
    assert _controls(prompts[0])[PROMPT_OPEN]["url"] == _permalink(ts)
    assert "Is the staging server down?" in texts(prompts)[0]


async def test_a_question_reaction_prompts_the_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await seed_roles(services)
    talk = Conversation(sender, WED)
    statement = await talk.say(CLIENT_PM, "The March invoice totals look off.")
    assert dms(slack, VENDOR_OWNER) == []
    talk.later(minutes=3)
    await talk.react(VENDOR_DEV, "question", statement, item_user=CLIENT_PM)

    prompts = dms(slack, VENDOR_OWNER)
    assert len(prompts) == 1
    assert action_ids(prompts[0]) == CONTROLS


async def test_the_modal_prompts_the_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    from handlers.slack.blocks import ASK_BLOCK, ASK_INPUT, ASK_MODAL

    await seed_roles(services)
    await sender.view_submission(
        ASK_MODAL,
        user_id=CLIENT_DEV,
        team_id=CLIENT_TEAM,
        private_metadata=SHARED_CHANNEL,
        values={ASK_BLOCK: {ASK_INPUT: {"type": "plain_text_input", "value": "Where are logs?"}}},
    )
    assert len(dms(slack, VENDOR_OWNER)) == 1


async def test_no_prompt_without_an_owner_nor_for_a_vendor_question(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await sender.command("/ask", "Anyone there?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    await seed_roles(services)
    await sender.command(
        "/ask", "Could you send the export?", user_id=VENDOR_DEV, channel_id=SHARED_CHANNEL
    )
    assert slack.calls_to("conversations.open") == []
    assert dms(slack, VENDOR_OWNER) == []


async def test_the_prompt_text_pings_nobody_it_quotes(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await seed_roles(services)
    await Conversation(sender, WED).say(CLIENT_DEV, "<!channel> can <@UVDEV> look at this?")
    shown = texts(dms(slack, VENDOR_OWNER))[0]
    assert "<!channel>" not in shown and "<@UVDEV>" not in shown


async def _asked(sender: SignedSender, services: Services) -> int:
    """A client question, prompted to the owner: its id."""
    await seed_roles(services)
    await sender.command(
        "/ask", "When is the next release?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL
    )
    question = await only_question(services)
    assert question.id is not None
    return question.id


async def _press(
    sender: SignedSender,
    slack: SlackStandIn,
    action_id: str,
    question_id: int,
    *,
    user: str = VENDOR_OWNER,
    option: str | None = None,
    team: str | None = None,
) -> None:
    prompt = dms(slack, VENDOR_OWNER)[0]
    extra: dict[str, Any] = {"team_id": team} if team else {}
    if option is None:
        result = await sender.action(
            action_id,
            user_id=user,
            value=str(question_id),
            channel_id=slack.dm_channel(VENDOR_OWNER),
            message_ts=prompt["ts"],
            **extra,
        )
    else:
        payload = slack_requests.block_action(
            action_id,
            user_id=user,
            action_type="static_select",
            channel_id=slack.dm_channel(VENDOR_OWNER),
            message_ts=prompt["ts"],
            response_url=slack.response_url("actions"),
            **extra,
        )
        payload["actions"][0]["selected_option"] = {
            "text": {"type": "plain_text", "text": option},
            "value": f"{question_id}:{option}",
        }
        result = await sender.action(payload)
    assert result.status == 200, result.body


async def test_ill_take_it_assigns_the_clicker_and_acknowledges(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    question_id = await _asked(sender, services)
    clock.advance(minutes=7)

    await _press(sender, slack, PROMPT_TAKE, question_id, user=VENDOR_DEV)

    question = await only_question(services)
    assert question.assignee_user_id == VENDOR_DEV
    assert (question.acknowledged_at, question.acknowledged_by) == (clock.now(), VENDOR_DEV)
    # The DM is redrawn: who took it, and no second "I'll take it".
    updates = slack.calls_to("chat.update")
    assert len(updates) == 1
    prompt = dms(slack, VENDOR_OWNER)[0]
    assert f"<@{VENDOR_DEV}> took it" in texts([prompt])[0]
    assert action_ids(prompt) == [PROMPT_OPEN, PROMPT_RESOLVE, PROMPT_SNOOZE]

    # A later take changes the assignee but keeps the first acknowledgement.
    clock.advance(minutes=5)
    await _press(sender, slack, PROMPT_TAKE, question_id, user=VENDOR_OWNER)
    question = await only_question(services)
    assert question.assignee_user_id == VENDOR_OWNER
    assert question.acknowledged_by == VENDOR_DEV


async def test_the_client_side_cannot_use_the_prompt(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    question_id = await _asked(sender, services)

    await _press(sender, slack, PROMPT_TAKE, question_id, user=CLIENT_LEAD, team=CLIENT_TEAM)

    question = await only_question(services)
    assert question.assignee_user_id is None and question.acknowledged_at is None
    assert slack.calls_to("chat.update") == []
    assert slack.responses[-1]["response_type"] == "ephemeral"
    assert "Only the vendor team" in slack.responses[-1]["text"]


async def test_a_question_of_another_workspace_is_not_found(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await _asked(sender, services)
    await _press(sender, slack, PROMPT_TAKE, 9999)
    assert "can't find that question" in slack.responses[-1]["text"]


async def test_resolve_resolves_and_stops_the_reminders(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    question_id = await _asked(sender, services)
    clock.set(at(18, 11))

    await _press(sender, slack, PROMPT_RESOLVE, question_id)

    question = await only_question(services)
    assert (question.resolved_at, question.resolved_by) == (clock.now(), VENDOR_OWNER)
    prompt = dms(slack, VENDOR_OWNER)[0]
    assert "Resolved by" in texts([prompt])[0]
    assert action_ids(prompt) == [PROMPT_OPEN]

    clock.set(at(19, 12))  # long past every stage
    report = await sweep(services)
    assert report.sent_stages == []
    assert len(dms(slack, VENDOR_OWNER)) == 1

    # Pressing Resolve again says there is nothing left to do.
    await _press(sender, slack, PROMPT_RESOLVE, question_id)
    assert "already resolved" in slack.responses[-1]["text"]


async def test_snooze_for_an_hour_holds_the_reminder(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    question_id = await _asked(sender, services)  # asked 10:00; 75 % at 13:00
    clock.set(at(18, 12, 30))

    await _press(sender, slack, PROMPT_SNOOZE, question_id, option="1h")

    question = await only_question(services)
    assert question.snoozed_until == at(18, 13, 30)
    assert ":zzz: Snoozed until" in texts(dms(slack, VENDOR_OWNER))[0]

    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(18, 13, 29))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(18, 13, 30))
    assert (await sweep(services)).sent_stages == [(question_id, 1)]
    assert len(dms(slack, VENDOR_OWNER)) == 2


async def test_snooze_until_tomorrows_opening(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    question_id = await _asked(sender, services)
    clock.set(at(18, 12, 30))

    await _press(sender, slack, PROMPT_SNOOZE, question_id, option="tomorrow")

    assert (await only_question(services)).snoozed_until == at(19, 9)
    clock.set(at(18, 16, 59))  # breached at 14:00, but snoozed
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 9))
    # Woken: the breach is due (the 75 % reminder it slept through is not sent any more).
    assert (await sweep(services)).sent_stages == [(question_id, 2)]
    assert len(dms(slack, VENDOR_OWNER)) == 1  # only the prompt
    assert len(dms(slack, VENDOR_BACKUP)) == 1


async def test_snooze_on_a_friday_sleeps_until_monday(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    clock.set(at(20, 15))
    question_id = await _asked(sender, services)
    await _press(sender, slack, PROMPT_SNOOZE, question_id, option="tomorrow")
    assert (await only_question(services)).snoozed_until == at(23, 9)


async def test_a_hand_over_prompt_for_an_inherited_question(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    """What `/owner handover` calls for each open question: the new owner gets the prompt."""
    from bot.services.prompts import prompt_for_question
    from handlers.slack import build_client
    from handlers.slack.messenger import SlackMessenger
    from tests.e2e.reminders.support import seed_handover

    question_id = await _asked(sender, services)
    clock.set(at(18, 11))
    await seed_handover(services, previous=VENDOR_OWNER, new=VENDOR_BACKUP, when=clock.now())

    await prompt_for_question(services, SlackMessenger(build_client(services)), question_id)

    [prompt] = dms(slack, VENDOR_BACKUP)
    assert "Handed over to you" in texts([prompt])[0]
    assert action_ids(prompt) == CONTROLS
    assert len(dms(slack, VENDOR_OWNER)) == 1  # the original prompt only
