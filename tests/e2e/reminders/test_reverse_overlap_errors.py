"""The reverse direction (the client nudged, gently), the hand-over overlap, and Slack refusing
messages in the middle of a sweep."""

from __future__ import annotations

import logging
import re

import pytest

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.reminders.support import (
    LEADS_CHANNEL,
    add_leads_channel,
    at,
    configure_channel,
    dms,
    seed_handover,
    seed_roles,
    sweep,
    texts,
)
from tests.e2e.rows import only_question, questions
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
)

# Words a nudge to the client must never use.
HARSH = re.compile(r"breach|overdue|target|SLA|escalat|late|accountable", re.IGNORECASE)


async def test_a_vendor_question_nudges_the_client_lead_gently(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # The client lead works in New York: 09:00-17:00 there is 14:00-22:00 UTC.
    add_leads_channel(slack)
    await seed_roles(services)
    await configure_channel(services, leads_channel_id=LEADS_CHANNEL)
    clock.set(at(18, 14))
    await sender.command(
        "/ask", "Could your team confirm the go-live date?", user_id=VENDOR_DEV,
        channel_id=SHARED_CHANNEL,
    )  # fmt: skip
    question = await only_question(services)
    assert question.direction == "vendor"
    assert dms(slack, VENDOR_OWNER) == []  # no owner prompt for the vendor's own question

    clock.set(at(18, 16, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(18, 17))  # 75 %: 180 business minutes; 12:00 in New York
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    nudges = dms(slack, CLIENT_LEAD)
    assert len(nudges) == 1
    text = texts(nudges)[0]
    assert f"<@{VENDOR_DEV}> asked your team a question" in text
    assert "Could your team confirm the go-live date?" in text
    assert not HARSH.search(nudges[0]["text"]), nudges[0]["text"]

    # 100 % is Thursday 10:00 UTC, 05:00 in New York: the nudge waits for their morning.
    clock.set(at(19, 10))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 13, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 14))
    assert (await sweep(services)).sent_stages == [(question.id, 2)]
    nudges = dms(slack, CLIENT_LEAD)
    assert len(nudges) == 2 and "Friendly nudge" in nudges[1]["text"]
    assert not HARSH.search(nudges[1]["text"])

    # Never escalated, never a public breach, never the vendor's backup.
    clock.set(at(23, 15))
    assert (await sweep(services)).sent_stages == []
    assert slack.messages(LEADS_CHANNEL) == []
    assert slack.replies(SHARED_CHANNEL, question.root_ts) == []
    assert dms(slack, VENDOR_BACKUP) == []


async def test_a_question_to_a_client_person_nudges_them_then_the_lead(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    clock.set(at(18, 14))
    await sender.command(
        "/ask", f"<@{CLIENT_DEV}> which SSO provider do you use?", user_id=VENDOR_DEV,
        channel_id=SHARED_CHANNEL,
    )  # fmt: skip
    question = await only_question(services)
    assert question.addressee_user_id == CLIENT_DEV

    clock.set(at(18, 17))
    await sweep(services)
    assert len(dms(slack, CLIENT_DEV)) == 1 and dms(slack, CLIENT_LEAD) == []
    clock.set(at(19, 14))
    assert (await sweep(services)).sent_stages == [(question.id, 2)]
    assert len(dms(slack, CLIENT_DEV)) == 2
    assert len(dms(slack, CLIENT_LEAD)) == 1
    assert not HARSH.search(dms(slack, CLIENT_LEAD)[0]["text"])


async def test_a_nudge_that_cannot_be_dmed_is_said_in_the_thread(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    clock.set(at(18, 14))
    await sender.command(
        "/ask", "Could you share the brand guidelines?", user_id=VENDOR_DEV,
        channel_id=SHARED_CHANNEL,
    )  # fmt: skip
    question = await only_question(services)
    slack.fail_next("conversations.open", "cannot_dm_external_user")

    clock.set(at(18, 17))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    replies = slack.replies(SHARED_CHANNEL, question.root_ts)
    assert len(replies) == 1
    assert replies[0]["text"].startswith(f":wave: Hi <@{CLIENT_LEAD}>")
    assert not HARSH.search(replies[0]["text"])


@pytest.mark.parametrize(
    ("handed_over", "copied"),
    [
        (at(16, 10), True),  # Monday two days ago: within the ten business days
        (at(4, 10), False),  # Wednesday two weeks ago: the overlap ended this morning
    ],
)
async def test_the_previous_owner_is_copied_during_the_overlap(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    clock: FixedClock,
    handed_over: object,
    copied: bool,
) -> None:
    await seed_roles(services, owner=VENDOR_OWNER, backup=VENDOR_BACKUP)
    await seed_handover(services, previous=VENDOR_OWNER, new=VENDOR_DEV, when=handed_over)  # type: ignore[arg-type]
    await sender.command("/ask", "Who owns us now?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    question = await only_question(services)
    assert len(dms(slack, VENDOR_DEV)) == 1  # the new owner was prompted
    assert dms(slack, VENDOR_OWNER) == []

    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    assert len(dms(slack, VENDOR_DEV)) == 2  # the reminder goes to the new owner
    previous = dms(slack, VENDOR_OWNER)
    if copied:
        assert len(previous) == 1
        assert "Hand-over overlap" in texts(previous)[0]
        assert f"now with <@{VENDOR_DEV}>" in texts(previous)[0]
    else:
        assert previous == []

    clock.set(at(18, 14))
    await sweep(services)
    assert len(dms(slack, VENDOR_OWNER)) == (2 if copied else 0)
    assert (
        f"<@{VENDOR_DEV}> is accountable"
        in slack.replies(SHARED_CHANNEL, question.root_ts)[0]["text"]
    )


@pytest.mark.parametrize("error", ["channel_not_found", "account_inactive"])
async def test_slack_errors_are_logged_and_the_sweep_goes_on(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
    error: str,
) -> None:
    await seed_roles(services)
    await sender.command("/ask", "First?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    clock.advance(minutes=5)
    await sender.command("/ask", "Second?", user_id=CLIENT_LEAD, channel_id=SHARED_CHANNEL)
    first, second = await questions(services)
    clock.set(at(18, 13, 5))
    slack.fail_next("chat.postMessage", error)

    with caplog.at_level(logging.WARNING):
        report = await sweep(services)

    assert sorted(report.sent_stages) == [(first.id, 1), (second.id, 1)]
    assert report.failures == 1 and report.messages == 1
    owner = dms(slack, VENDOR_OWNER)
    assert len(owner) == 3  # two prompts and the second question's reminder
    assert "Second?" in texts(owner)[2]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert error in logged and f"question={first.id}" in logged
    # Claimed before sending: the lost reminder is not retried into a duplicate.
    clock.advance(minutes=1)
    assert (await sweep(services)).sent_stages == []


async def test_a_broken_channel_setting_does_not_stop_the_sweep(
    sender: SignedSender,
    slack: SlackStandIn,
    services: Services,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    slack.add_channel("C0OTHER", "client-other", members=[CLIENT_DEV, VENDOR_OWNER])
    await seed_roles(services)
    await seed_roles(services, channel="C0OTHER")
    await sender.command("/ask", "Broken?", user_id=CLIENT_DEV, channel_id="C0OTHER")
    await sender.command("/ask", "Fine?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    await configure_channel(services, "C0OTHER", timezone="Mars/Olympus_Mons")
    clock.set(at(18, 13))

    with caplog.at_level(logging.ERROR):
        report = await sweep(services)

    fine = [q for q in await questions(services) if q.text == "Fine?"][0]
    assert report.errors == 1 and report.sent_stages == [(fine.id, 1)]
    assert "could not evaluate question" in caplog.text


async def test_a_phase_only_handover_keeps_the_previous_owners_overlap(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services, owner=VENDOR_OWNER, backup=VENDOR_BACKUP)
    await seed_handover(services, previous=VENDOR_OWNER, new=VENDOR_DEV, when=at(16, 10))
    # The next day the same owner moves the channel to maintenance: previous == new.
    await seed_handover(services, previous=VENDOR_DEV, new=VENDOR_DEV, when=at(17, 10))
    await sender.command("/ask", "Who owns us now?", user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    question = await only_question(services)

    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    previous = dms(slack, VENDOR_OWNER)
    assert len(previous) == 1
    assert "Hand-over overlap" in texts(previous)[0]
