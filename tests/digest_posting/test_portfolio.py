"""The portfolio digest: one message per leads channel and week, every client channel ranked by
risk (red, amber, green; within a status by SLA compliance), posted once."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.web_api import SlackStandIn
from tests.digest.seed import R, Seed
from tests.digest_posting.support import (
    FakeTime,
    portfolio_posts,
    portfolio_runs,
    posts,
    sweep,
    utc,
    write,
)

MONDAY = utc(2026, 11, 16, 10)  # W47, inside business hours (UTC channels)
MET = MONDAY + timedelta(minutes=30)
LATE = utc(2026, 11, 17, 16)  # 7 + 7 business hours later: past the 240-minute target


def _questions(seed: Seed, channel: int, met: int, breached: int) -> None:
    for n in range(met + breached):
        seed.question(
            channel, "UCLIENT", "client", MONDAY,
            replies=(R("UOWNER", "vendor", "response", MET if n < met else LATE),),
        )  # fmt: skip


async def test_the_portfolio_ranks_by_risk_and_is_posted_once(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    seed = Seed(installed_at=utc(2026, 11, 1))
    ws = seed.workspace("T0VENDOR")
    ids = {}
    for name in ("C0GREEN", "C0AMBER", "C0RED1", "C0RED2", "C0LEADS", "C0OTHER"):
        ids[name] = seed.channel(ws, name, "UTC")
        seed.channels[-1]["leads_channel_id"] = None if name == "C0LEADS" else "C0LEADS"
        slack.add_channel(name)
    seed.channels[-1]["leads_channel_id"] = "C0ELSEWHERE"  # C0OTHER reports elsewhere
    slack.add_channel("C0ELSEWHERE")
    for name, channel in ids.items():
        seed.role(channel, "owner", "UOWNER", utc(2026, 11, 1))
        if name != "C0RED2":
            seed.role(channel, "client_lead", "UCLIENT", utc(2026, 11, 1))
    _questions(seed, ids["C0AMBER"], met=2, breached=1)  # 67 %: amber
    _questions(seed, ids["C0RED1"], met=2, breached=3)  # 40 %: red
    _questions(seed, ids["C0OTHER"], met=1, breached=0)
    await write(seed, services.engine)

    clock.set(utc(2026, 11, 23, 9))
    report = await sweep(services, FakeTime())
    assert sorted(p.channel for p in report.portfolios_posted) == ["C0ELSEWHERE", "C0LEADS"]
    # Client channels get their digest; the leads channel, though known, does not.
    assert sorted(p.channel for p in report.posted) == [
        "C0AMBER", "C0GREEN", "C0OTHER", "C0RED1", "C0RED2",
    ]  # fmt: skip
    assert posts(slack, "C0LEADS") == []

    [message] = portfolio_posts(slack, "C0LEADS")
    text = str(message["blocks"])
    order = re.findall(r"<#(C0[A-Z0-9]+)>", text)
    assert order == ["C0RED1", "C0RED2", "C0AMBER", "C0GREEN"]
    assert "no client lead named" in text and "SLA compliance 40% (below 50%)" in text
    assert "SLA compliance 67% (below 80%)" in text
    assert message["metadata"] == {
        "event_type": "ownerbot_portfolio",
        "event_payload": {"channel": "C0LEADS", "week": "2026-W47"},
    }
    assert message["text"].startswith("Portfolio digest for 2026-W47: 4 client channels, 2 at risk")

    runs = {r.leads_channel_id: r for r in await portfolio_runs(services)}
    assert runs["C0LEADS"].status == "posted" and runs["C0LEADS"].posted_ts == message["ts"]
    assert runs["C0LEADS"].figures is not None
    assert [c["channel"] for c in runs["C0LEADS"].figures["channels"]] == order

    clock.set(utc(2026, 11, 23, 9, 15))
    again = await sweep(services, FakeTime())
    assert again.portfolios_posted == [] and again.posted == []
    assert len(portfolio_posts(slack, "C0LEADS")) == 1


async def test_a_portfolio_waits_until_every_channel_is_due(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    seed = Seed(installed_at=utc(2026, 11, 1))
    ws = seed.workspace("T0VENDOR")
    for name, zone in (("C0AMS", "Europe/Amsterdam"), ("C0NYC", "America/New_York")):
        seed.channel(ws, name, zone)
        seed.channels[-1]["leads_channel_id"] = "C0LEADS"
        slack.add_channel(name)
    slack.add_channel("C0LEADS")
    await write(seed, services.engine)

    clock.set(utc(2026, 11, 16, 15))  # W46's digests are all due: its portfolio goes out
    first = await sweep(services, FakeTime())
    assert [(p.channel, p.week) for p in first.portfolios_posted] == [("C0LEADS", "2026-W46")]
    clock.set(utc(2026, 11, 23, 8))  # W47 is due in Amsterdam, not yet in New York
    second = await sweep(services, FakeTime())
    assert [p.channel for p in second.posted] == ["C0AMS"]
    assert second.portfolios_posted == []
    clock.set(utc(2026, 11, 23, 14))
    third = await sweep(services, FakeTime())
    assert [(p.channel, p.week) for p in third.portfolios_posted] == [("C0LEADS", "2026-W47")]
    assert len(portfolio_posts(slack, "C0LEADS")) == 2
