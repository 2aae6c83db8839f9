"""/owner handover @new [phase]: the role, the phase and the open questions change hands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.app import Services
from bot.events import Tenant
from bot.ports import FixedClock
from bot.services.context import channel_row, workspace_id
from handlers.slack.simulator.transport import SignedSender
from handlers.slack.simulator.web_api import SlackStandIn
from storage.models import DigestRun
from tests.e2e.conversation import Conversation
from tests.e2e.owner.helpers import assignments, channel, mention, owner, rendered, reply
from tests.e2e.rows import questions
from tests.slack_fixtures import (
    CLIENT_DEV,
    CLIENT_LEAD,
    CLIENT_PM,
    SHARED_CHANNEL,
    VENDOR_BACKUP,
    VENDOR_DEV,
    VENDOR_OWNER,
    VENDOR_TEAM,
)

ASKED = [
    (datetime(2026, 11, 16, 9, 0, tzinfo=UTC), CLIENT_DEV, "Why does the nightly import fail?"),
    (datetime(2026, 11, 17, 11, 0, tzinfo=UTC), CLIENT_PM, "Can we move the demo to Friday?"),
    (datetime(2026, 11, 18, 9, 30, tzinfo=UTC), CLIENT_LEAD, "Who reviews the security audit?"),
]


async def engagement(sender: SignedSender) -> list[str]:
    """Owner, backup and client lead named; three open client questions and an answered one."""
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    await owner(sender, f"backup {mention(VENDOR_BACKUP)}", VENDOR_DEV)
    await owner(sender, f"client {mention(CLIENT_LEAD)}", CLIENT_LEAD)
    talk = Conversation(sender, datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
    answered = await talk.say(CLIENT_DEV, "Is the wiki up to date?")
    talk.later(minutes=30)
    await talk.say(VENDOR_OWNER, "Yes, updated on Friday.", thread=answered)
    roots = []
    # Asked in a shuffled order: the summary must still list them oldest first.
    for at, user, text in [ASKED[1], ASKED[0], ASKED[2]]:
        talk.now = at
        roots.append(await talk.say(user, text))
    return roots


def summary_of(messages: list[dict[str, Any]]) -> dict[str, Any]:
    found = [m for m in messages if m["text"].startswith("Hand-over:")]
    assert len(found) == 1, [m["text"] for m in messages]
    return found[0]


async def test_a_handover_carries_three_open_questions_to_the_new_owner(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await engagement(sender)

    told = reply(await owner(sender, f"handover {mention(VENDOR_DEV)} maintenance", VENDOR_OWNER))
    assert told["text"].startswith(f":handshake: Handed over to <@{VENDOR_DEV}>, phase maintenance")
    assert "3 open questions now assigned to them" in told["text"]

    stored = {q.text: q for q in await questions(services)}
    for _, _, text in ASKED:
        assert stored[text].assignee_user_id == VENDOR_DEV
    assert stored["Is the wiki up to date?"].assignee_user_id is None  # answered: not carried
    last = (await assignments(services))[-1]
    assert (last.role, last.kind, last.user_id, last.previous_user_id, last.phase) == (
        "owner",
        "handover",
        VENDOR_DEV,
        VENDOR_OWNER,
        "maintenance",
    )
    assert (last.assigned_by, last.assigned_at) == (VENDOR_OWNER, clock.now())
    assert (await channel(services)).phase == "maintenance"

    in_channel = summary_of(slack.messages(SHARED_CHANNEL))
    in_dm = summary_of(slack.messages(VENDOR_DEV))
    assert [c.params["users"] for c in slack.calls_to("conversations.open")].count(VENDOR_DEV) >= 1
    assert in_channel["blocks"] == in_dm["blocks"]
    text = str(in_channel["blocks"])
    positions = [text.index(asked) for _, _, asked in ASKED]
    assert positions == sorted(positions)  # oldest first
    assert "*Open questions (3), oldest first*" in text
    assert "https://slack.com/archives/C0CLIENT1/p" in text
    # Mon 09:00 to Wed 10:00: 8 + 8 + 1 business hours.
    assert "open 17 h in business hours" in text
    assert "*Response target:* 4 business hours" in text
    assert f"*Client lead:* <@{CLIENT_LEAD}>" in text
    assert f"*Backup:* <@{VENDOR_BACKUP}>" in text
    assert "*Last digest:* none yet for this channel." in text
    assert "project → maintenance" in text

    # Each inherited question's owner prompt is re-sent to the new owner, oldest first.
    prompts = [m["text"] for m in slack.messages(VENDOR_DEV) if "Handed over to you" in m["text"]]
    assert len(prompts) == 3
    assert [next(a for _, _, a in ASKED if a in p) for p in prompts] == [a for _, _, a in ASKED]

    card = rendered(await owner(sender, "", CLIENT_DEV))
    assert f"*Vendor owner:* <@{VENDOR_DEV}>" in card and "*Phase:* maintenance" in card
    history = rendered(await owner(sender, "history", VENDOR_BACKUP))
    assert f"handed over from <@{VENDOR_OWNER}> to <@{VENDOR_DEV}> · phase maintenance" in history


async def test_the_summary_gives_the_last_digest_figures(
    sender: SignedSender, slack: SlackStandIn, services: Services, clock: FixedClock
) -> None:
    await engagement(sender)
    now = clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, Tenant(VENDOR_TEAM), now)
        row = await channel_row(session, services.settings, ws, SHARED_CHANNEL, now)
        for week, figures in [
            ("2026-W45", {"questions": {"asked": 9}}),
            (
                "2026-W46",
                {
                    "questions": {"asked": 5, "answered": 4, "open": 1},
                    "first_response": {"median_business_minutes": 75.0},
                    "sla": {"compliance": 0.8},
                    "health": {"status": "amber", "reasons": ["…"]},
                },
            ),
        ]:
            session.add(
                DigestRun(
                    workspace_id=ws,
                    channel_id=row.id,
                    week=week,
                    status="posted",
                    claimed_at=now,
                    figures=figures,
                )
            )

    await owner(sender, f"handover {mention(VENDOR_DEV)}", VENDOR_OWNER)

    text = str(summary_of(slack.messages(SHARED_CHANNEL))["blocks"])
    assert (
        "*Last digest (2026-W46):* 5 asked · 4 answered · 1 open · median first response "
        "1 h 15 min · SLA compliance 80% · health amber"
    ) in text
    assert (await channel(services)).phase == "project"  # no phase given: unchanged


async def test_handing_over_to_the_current_owner_changes_only_the_phase(
    sender: SignedSender, services: Services
) -> None:
    await owner(sender, f"set {mention(VENDOR_OWNER)}", VENDOR_DEV)
    told = reply(await owner(sender, f"handover {mention(VENDOR_OWNER)}", VENDOR_DEV))
    assert "is already the vendor owner" in told["text"]
    assert "add it: `/owner handover @name maintenance`" in told["text"]

    reply(await owner(sender, f"handover {mention(VENDOR_OWNER)} maintenance", VENDOR_DEV))
    assert (await channel(services)).phase == "maintenance"
    rows = await assignments(services)
    assert [(r.kind, r.user_id, r.previous_user_id) for r in rows] == [
        ("set", VENDOR_OWNER, None),
        ("handover", VENDOR_OWNER, VENDOR_OWNER),
    ]
    card = rendered(await owner(sender, "", VENDOR_DEV))
    assert card.count("since <!date^") == 1  # the owner's tenure did not restart


async def test_only_the_vendor_team_hands_over_and_only_to_a_vendor_member(
    sender: SignedSender, slack: SlackStandIn, services: Services
) -> None:
    await engagement(sender)
    before = len(await assignments(services))
    told = reply(await owner(sender, f"handover {mention(VENDOR_DEV)}", CLIENT_PM))
    assert told["text"].startswith("Only the vendor team can do that")
    told = reply(await owner(sender, f"handover {mention(CLIENT_PM)}", VENDOR_OWNER))
    assert "is on the client side" in told["text"]
    assert len(await assignments(services)) == before
    assert all(q.assignee_user_id is None for q in await questions(services))
    assert [m for m in slack.messages(SHARED_CHANNEL) if m["text"].startswith("Hand-over")] == []
