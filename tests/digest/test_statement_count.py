"""build_digests costs the same SQL statements for 10 channels as for 200."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Services
from bot.events import Tenant
from bot.services.digest import build_digests
from tests.digest.seed import R, Seed
from tests.statements import counted_statements

AS_OF = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC")
STATEMENTS = 7  # channels, questions, replies, messages, roles, hand-overs, members


def _seed_workspace(seed: Seed, team: str, channels: int) -> None:
    ws = seed.workspace(team)
    # Wednesday 18 Nov 2026 12:00 UTC is inside W47 in every zone above.
    wednesday = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    for n in range(channels):
        channel = seed.channel(ws, f"C{team}{n:04d}", ZONES[n % len(ZONES)])
        seed.role(channel, "owner", "UOWNER", wednesday - timedelta(days=30))
        seed.role(channel, "client_lead", "UCLIENT1", wednesday - timedelta(days=30))
        seed.role(channel, "owner", "UOWNER2", wednesday, kind="handover", previous="UOWNER")
        for user in ("UCLIENT1", "UCLIENT2"):
            seed.member(channel, user, "client", wednesday - timedelta(days=30))
        seed.question(
            channel, "UCLIENT1", "client", wednesday,
            replies=(R("UOWNER2", "vendor", "response", wednesday + timedelta(minutes=30)),),
        )  # fmt: skip
        seed.question(channel, "UCLIENT2", "client", wednesday + timedelta(hours=1))
        # An open question from a month ago, and a message in an earlier week.
        seed.question(channel, "UCLIENT2", "client", wednesday - timedelta(days=28))
        seed.message(channel, "UCLIENT1", "client", wednesday - timedelta(days=14))


async def test_the_statement_count_does_not_grow_with_the_channels(
    engine: AsyncEngine, services: Services
) -> None:
    seed = Seed(installed_at=AS_OF - timedelta(days=90))
    _seed_workspace(seed, "T10", 10)
    _seed_workspace(seed, "T200", 200)
    async with engine.begin() as conn:
        await seed.write(conn)
    async with services.engine.connect() as conn:  # connection set-up is not the digest's
        await conn.exec_driver_sql("SELECT 1")

    with counted_statements(services.engine) as ten:
        few = await build_digests(services, Tenant("T10"), as_of=AS_OF)
    with counted_statements(services.engine) as two_hundred:
        many = await build_digests(services, Tenant("T200"), as_of=AS_OF)

    assert len(few) == 10 and len(many) == 200
    assert len(ten) == len(two_hundred) == STATEMENTS, (ten, two_hundred)
    # The same figures in every channel, whatever its timezone: nothing was lost on the way.
    for digest in few + many:
        assert digest["week"] == "2026-W47"
        assert digest["questions"] == {
            "asked": 2, "by_client": 2, "by_vendor": 0, "answered": 1, "resolved": 0,
            "open": 1, "withdrawn": 0, "peer_answered": 0,
        }  # fmt: skip
        assert digest["ownership"]["owner"] == "UOWNER2"
        assert digest["ownership"]["handovers"] == 1
        assert digest["participation"]["client_members"] == 2
        assert digest["participation"]["active_client_members"] == 2
        assert [w["active_client_members"] for w in digest["trend"]][-3:] == [1, 0, 2]
        assert len(digest["open_questions"]) == 2


async def test_the_counter_sees_every_statement(engine: AsyncEngine) -> None:
    """The counter itself can fail: three statements are three."""
    async with engine.connect() as conn:
        with counted_statements(engine) as sent:
            for _ in range(3):
                await conn.exec_driver_sql("SELECT 1")
    assert len(sent) == 3
