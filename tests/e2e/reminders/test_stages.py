"""Each reminder stage at the right business minute (240-minute target: 75 % = 180 minutes,
100 % = 240, 200 % = 480), each once, across a weekend, in the recipient's business hours."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.app import Services, build_services
from bot.ports import FixedClock
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from tests.e2e.conversation import Conversation
from tests.e2e.reminders.support import (
    LEADS_CHANNEL,
    add_leads_channel,
    at,
    configure_channel,
    dms,
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
from tests.statements import counted_statements


async def _ask(sender: SignedSender, text: str = "When will the CSV import be ready?") -> None:
    result = await sender.command("/ask", text, user_id=CLIENT_DEV, channel_id=SHARED_CHANNEL)
    assert result.status == 200


async def test_each_stage_at_its_business_minute_and_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    add_leads_channel(slack)
    await seed_roles(services)
    await configure_channel(services, leads_channel_id=LEADS_CHANNEL)
    await _ask(sender)  # Wed 10:00
    question = await only_question(services)
    thread = question.root_ts
    assert len(dms(slack, VENDOR_OWNER)) == 1  # the prompt

    # 75 % = 180 business minutes: 13:00. A minute before, nothing.
    clock.set(at(18, 12, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    owner_dms = dms(slack, VENDOR_OWNER)
    assert len(owner_dms) == 2
    reminder = texts(owner_dms)[1]
    assert "Reminder" in reminder and "75 %" in reminder
    assert "When will the CSV import be ready?" in reminder
    assert slack.replies(SHARED_CHANNEL, thread) == []
    assert dms(slack, VENDOR_BACKUP) == []

    # 100 % = 240: 14:00. In the thread, naming the owner; the backup by DM.
    clock.set(at(18, 13, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(18, 14))
    assert (await sweep(services)).sent_stages == [(question.id, 2)]
    replies = slack.replies(SHARED_CHANNEL, thread)
    assert len(replies) == 1
    assert f"<@{VENDOR_OWNER}> is accountable" in replies[0]["text"]
    assert "passed its first-response target" in replies[0]["text"]
    assert f"<@{VENDOR_BACKUP}>" in replies[0]["text"]
    backup = dms(slack, VENDOR_BACKUP)
    assert len(backup) == 1 and "You are the backup" in texts(backup)[0]
    assert len(dms(slack, VENDOR_OWNER)) == 2
    assert slack.messages(LEADS_CHANNEL) == []

    # 200 % = 480: 10:00 - 17:00 is 420, so Thursday 10:00.
    clock.set(at(18, 17))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 9, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 10))
    assert (await sweep(services)).sent_stages == [(question.id, 3)]
    leads = slack.messages(LEADS_CHANNEL)
    assert len(leads) == 1
    assert "Escalation" in texts(leads)[0] and f"<#{SHARED_CHANNEL}>" in texts(leads)[0]

    # Nothing more, ever: each stage once.
    for moment in (at(19, 10), at(19, 10, 1), at(24, 12)):
        clock.set(moment)
        assert (await sweep(services)).sent_stages == []
    assert (await only_question(services)).reminder_stage == 3
    assert len(dms(slack, VENDOR_OWNER)) == 2
    assert len(dms(slack, VENDOR_BACKUP)) == 1
    assert len(slack.replies(SHARED_CHANNEL, thread)) == 1
    assert len(slack.messages(LEADS_CHANNEL)) == 1


async def test_across_a_weekend(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # Asked Friday 15:00: 120 minutes on Friday, so 75 % (180) is Monday 10:00.
    await seed_roles(services)
    clock.set(at(20, 15))
    await Conversation(sender, at(20, 15)).say(CLIENT_LEAD, "Can you check the nightly export?")
    question = await only_question(services)
    assert len(dms(slack, VENDOR_OWNER)) == 1  # the prompt

    for moment in (at(20, 16, 59), at(20, 17), at(21, 10), at(21, 16), at(22, 12), at(23, 9, 59)):
        clock.set(moment)
        assert (await sweep(services)).sent_stages == [], moment
    assert len(dms(slack, VENDOR_OWNER)) == 1  # nothing on Saturday or Sunday

    clock.set(at(23, 10))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    assert len(dms(slack, VENDOR_OWNER)) == 2
    clock.set(at(23, 10, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(23, 11))  # 100 %: Monday 11:00
    assert (await sweep(services)).sent_stages == [(question.id, 2)]


async def test_the_reminder_waits_for_the_recipients_own_hours(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # The owner works in Amsterdam (09:00-17:00 there is 08:00-16:00 UTC in November). Asked
    # 13:30 UTC, 75 % is 16:30 UTC: 17:30 for the owner, after hours. It waits for their
    # opening, Thursday 08:00 UTC, while the channel's clock has not moved since 17:00.
    await seed_roles(services)
    clock.set(at(18, 13, 30))
    await _ask(sender)
    question = await only_question(services)

    clock.set(at(18, 16, 30))
    report = await sweep(services)
    assert report.sent_stages == [] and report.waiting == 1
    clock.set(at(19, 7, 59))
    assert (await sweep(services)).sent_stages == []
    clock.set(at(19, 8))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]


async def test_a_breach_is_not_held_for_business_hours(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # Asked 12:00 UTC; 100 % at 16:00 UTC, 17:00 for the Amsterdam owner: sent anyway.
    await seed_roles(services)
    clock.set(at(18, 12))
    await _ask(sender)
    question = await only_question(services)
    clock.set(at(18, 16))
    assert (await sweep(services)).sent_stages == [(question.id, 2)]


async def test_after_downtime_only_the_highest_stage_is_sent(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    add_leads_channel(slack)
    await seed_roles(services)
    await configure_channel(services, leads_channel_id=LEADS_CHANNEL)
    await _ask(sender)
    question = await only_question(services)

    clock.set(at(19, 12))  # the bot was down from Wednesday morning to Thursday noon
    assert (await sweep(services)).sent_stages == [(question.id, 3)]
    assert len(slack.messages(LEADS_CHANNEL)) == 1
    assert len(dms(slack, VENDOR_OWNER)) == 1  # the prompt only: no stale 75 % reminder
    assert dms(slack, VENDOR_BACKUP) == []
    assert slack.replies(SHARED_CHANNEL, question.root_ts) == []
    clock.set(at(19, 12, 1))
    assert (await sweep(services)).sent_stages == []


async def test_without_a_leads_channel_the_breach_is_the_last_stage(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    await _ask(sender)
    question = await only_question(services)
    clock.set(at(19, 12))  # 200 % passed, but there is nowhere to escalate
    assert (await sweep(services)).sent_stages == [(question.id, 2)]
    assert len(slack.replies(SHARED_CHANNEL, question.root_ts)) == 1


async def test_an_answered_question_hears_no_more(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    await _ask(sender)
    question = await only_question(services)
    await Conversation(sender, at(18, 11)).say(
        VENDOR_DEV,
        "The import ships on Friday, with the mapping you sent.",
        thread=question.root_ts,
    )
    clock.set(at(19, 12))
    assert (await sweep(services)).considered == 0
    assert len(dms(slack, VENDOR_OWNER)) == 1


async def test_an_acknowledgement_does_not_stop_the_reminders(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # :eyes: is shown, never counted as a response (DESIGN.md, "Acknowledgement").
    await seed_roles(services)
    await _ask(sender)
    question = await only_question(services)
    await Conversation(sender, at(18, 10, 30)).react(VENDOR_DEV, "eyes", question.root_ts)
    assert (await only_question(services)).acknowledged_by == VENDOR_DEV
    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]


async def test_the_assignee_is_reminded_instead_of_the_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    from handlers.slack.render import PROMPT_TAKE

    await seed_roles(services)
    await _ask(sender)
    question = await only_question(services)
    await sender.action(
        PROMPT_TAKE,
        user_id=VENDOR_DEV,
        value=str(question.id),
        channel_id=slack.dm_channel(VENDOR_OWNER),
        message_ts=dms(slack, VENDOR_OWNER)[0]["ts"],
    )
    clock.set(at(18, 13))
    assert (await sweep(services)).sent_stages == [(question.id, 1)]
    assert len(dms(slack, VENDOR_DEV)) == 1
    assert len(dms(slack, VENDOR_OWNER)) == 1
    clock.set(at(18, 14))
    await sweep(services)
    reply = slack.replies(SHARED_CHANNEL, question.root_ts)[0]["text"]
    assert f"<@{VENDOR_DEV}> took it; <@{VENDOR_OWNER}> owns this channel" in reply


async def test_the_same_sweep_twice_sends_each_reminder_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    await _ask(sender, "First?")
    clock.advance(minutes=10)
    await _ask(sender, "Second?")
    clock.set(at(18, 13, 10))

    first = await sweep(services)
    second = await sweep(services)

    ids = [q.id for q in await questions(services)]
    assert sorted(first.sent_stages) == [(ids[0], 1), (ids[1], 1)]
    assert second.sent_stages == []
    assert len(dms(slack, VENDOR_OWNER)) == 2 + 2  # two prompts, two reminders


async def test_two_schedulers_at_once_send_each_reminder_once(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await seed_roles(services)
    for number in range(5):
        await _ask(sender, f"Question {number}?")
        clock.advance(minutes=1)
    clock.set(at(18, 14, 30))  # all five breached
    # A second replica: its own engine and sessions on the same database.
    replica = build_services(services.settings, clock=clock)
    try:
        reports = await asyncio.gather(sweep(services), sweep(replica))
    finally:
        await replica.close()

    sent = sorted(stage for report in reports for stage in report.sent_stages)
    ids = sorted(q.id for q in await questions(services))
    assert sent == [(question_id, 2) for question_id in ids]
    assert all(
        len(slack.replies(SHARED_CHANNEL, q.root_ts)) == 1 for q in await questions(services)
    )
    assert len(dms(slack, VENDOR_BACKUP)) == 5


async def test_a_sweep_working_from_a_stale_read_sends_nothing_twice(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    """Replica A reads five due questions, claims the first and stalls in Slack; replica B
    then handles the other four; A wakes up with its stale read and must claim nothing more."""
    from bot.jobs import JobContext, reminder_sweep
    from handlers.slack import build_client
    from handlers.slack.messenger import SlackMessenger

    await seed_roles(services, backup=None)
    for number in range(5):
        await _ask(sender, f"Question {number}?")
        clock.advance(minutes=1)
    clock.set(at(18, 13, 30))  # all five at 75 %
    a_stalled, b_done = asyncio.Event(), asyncio.Event()

    class Stalling(SlackMessenger):
        async def direct(self, user_id: str, note: Any) -> str | None:
            a_stalled.set()  # called after the claim, before the send
            await b_done.wait()
            return await super().direct(user_id, note)

    replica = build_services(services.settings, clock=clock)
    try:
        a = asyncio.create_task(
            reminder_sweep(JobContext(services, Stalling(build_client(services))))
        )
        await asyncio.wait_for(a_stalled.wait(), 10)
        b = await sweep(replica)
        b_done.set()
        a_report = await asyncio.wait_for(a, 10)
    finally:
        await replica.close()

    assert a_report is not None
    assert len(a_report.sent_stages) == 1 and a_report.contested == 4
    assert len(b.sent_stages) == 4
    assert len(dms(slack, VENDOR_OWNER)) == 5 + 5  # five prompts, five reminders


async def test_a_restart_mid_sweep_does_not_resend(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    # The stage is claimed before sending: a sweep that claimed and then died leaves the claim,
    # and the sweep after the restart does not send that stage again.
    from storage.queries import reminders as store

    await seed_roles(services)
    await _ask(sender)
    question = await only_question(services)
    clock.set(at(18, 13))
    async with services.sessions() as session, session.begin():
        assert await store.advance_stage(
            session=session, question_id=question.id or 0, from_stage=0, to_stage=1, now=clock.now()
        )
    assert (await sweep(services)).sent_stages == []
    assert len(dms(slack, VENDOR_OWNER)) == 1


async def test_the_sweep_reads_the_open_questions_set_wise(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    """Finding what is due takes the same few statements for 1 or 12 questions."""
    await seed_roles(services)

    async def statements_for_a_sweep() -> int:
        with counted_statements(services.engine) as seen:
            await sweep(services)
        return len([s for s in seen if s.lstrip().upper().startswith("SELECT")])

    await _ask(sender, "One?")
    clock.set(at(18, 11))  # nothing due yet
    one = await statements_for_a_sweep()
    for number in range(11):
        await _ask(sender, f"More {number}?")
    many = await statements_for_a_sweep()
    assert one == many <= 3
