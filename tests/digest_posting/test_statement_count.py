"""A digest sweep costs the same SQL statements over 10 channels as over 1,000."""

from __future__ import annotations

from datetime import timedelta

from bot.app import Services
from bot.ports import FixedClock
from handlers.slack.simulator.web_api import SlackStandIn
from tests.digest.seed import R, Seed
from tests.digest_posting.support import (
    FakeTime,
    digest_runs,
    portfolio_posts,
    portfolio_runs,
    posts,
    sweep,
    utc,
    write,
)
from tests.statements import counted_statements

WEDNESDAY = utc(2026, 11, 18, 12)  # inside W47 everywhere below
ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "UTC")
# channels, the claims on digests and on portfolios, the claims inserted (digests, portfolios),
# the figures (build_digests: 7), the outcomes recorded (digests, portfolios)
STATEMENTS = 1 + 2 + 2 + 7 + 2


def _workspace(seed: Seed, slack: SlackStandIn, team: str, channels: int, digest_time: str) -> None:
    ws = seed.workspace(team)
    leads = f"C{team}LEADS"
    slack.add_channel(leads)
    for n in range(channels):
        slack_id = f"C{team}{n:04d}"
        slack.add_channel(slack_id)
        channel = seed.channel(ws, slack_id, ZONES[n % len(ZONES)])
        seed.channels[-1].update(digest_time=digest_time, leads_channel_id=leads)
        seed.role(channel, "owner", "UOWNER", WEDNESDAY - timedelta(days=30))
        seed.member(channel, "UCLIENT1", "client", WEDNESDAY - timedelta(days=30))
        seed.question(
            channel, "UCLIENT1", "client", WEDNESDAY,
            replies=(R("UOWNER", "vendor", "response", WEDNESDAY + timedelta(minutes=30)),),
        )  # fmt: skip
        seed.question(channel, "UCLIENT1", "client", WEDNESDAY + timedelta(hours=1))


async def test_a_sweep_over_1000_channels_costs_what_a_sweep_over_10_does(
    services: Services, slack: SlackStandIn, clock: FixedClock
) -> None:
    seed = Seed(installed_at=WEDNESDAY)
    # T10's digests are due on Monday at 09:00 UTC at the latest, T1000's on Tuesday.
    _workspace(seed, slack, "T10", 10, "Mon 00:00")
    _workspace(seed, slack, "T1000", 1000, "Tue 00:00")
    await write(seed, services.engine)
    async with services.engine.connect() as conn:  # connection set-up is not the sweep's
        await conn.exec_driver_sql("SELECT 1")

    clock.set(utc(2026, 11, 23, 9))
    with counted_statements(services.engine) as ten:
        few = await sweep(services, FakeTime())
    clock.set(utc(2026, 11, 24, 9))
    with counted_statements(services.engine) as thousand:
        many = await sweep(services, FakeTime())

    assert (len(few.posted), len(few.portfolios_posted)) == (10, 1)
    assert (len(many.posted), len(many.portfolios_posted)) == (1000, 1)
    assert many.failed == many.portfolios_failed == []
    print(f"\nstatements: 10 channels {len(ten)}, 1000 channels {len(thousand)}")
    assert len(ten) == len(thousand) == STATEMENTS, (ten, thousand)

    runs = await digest_runs(services)
    assert len(runs) == 1010 and {r.status for r in runs} == {"posted"}
    assert {r.figures["questions"]["asked"] for r in runs if r.figures} == {2}
    assert len(posts(slack, "CT1000_0999".replace("_", ""))) == 1
    [portfolio] = portfolio_posts(slack, "CT1000LEADS")
    assert "1,000 client channels" in str(portfolio["blocks"])
    assert len(portfolio["blocks"]) <= 50
    assert {r.status for r in await portfolio_runs(services)} == {"posted"}

    # A sweep with nothing left to post reads and stops: three statements.
    with counted_statements(services.engine) as idle:
        assert (await sweep(services, FakeTime())).posted == []
    assert len(idle) == 3
