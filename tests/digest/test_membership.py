"""Channel membership: joins, leaves and full syncs, in any order, on each backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import Services
from bot.events import Tenant
from bot.services.membership import (
    client_members,
    record_member_joined,
    record_member_left,
    sync_members,
)

TENANT = Tenant("T0VENDOR")
CHANNEL = "C0CLIENT"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def t(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


async def counts(services: Services, *hours: float) -> list[int]:
    return [await client_members(services, TENANT, CHANNEL, t(h)) for h in hours]


async def test_join_and_leave(services: Services) -> None:
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(1))
    await record_member_joined(services, TENANT, CHANNEL, "UC2", "client", t(2))
    await record_member_joined(services, TENANT, CHANNEL, "UV1", "vendor", t(2))
    await record_member_left(services, TENANT, CHANNEL, "UC1", "client", t(5))
    # Joined at or before the moment, not yet left: the join instant counts, the leave does not.
    assert await counts(services, 0, 1, 2, 4.9, 5, 9) == [0, 1, 2, 2, 1, 1]


async def test_a_rejoin_opens_a_new_stay(services: Services) -> None:
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(1))
    await record_member_left(services, TENANT, CHANNEL, "UC1", "client", t(2))
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(3))
    assert await counts(services, 1, 2.5, 3, 10) == [0, 0, 1, 1]  # one row: the latest stay


async def test_redelivered_and_late_events_change_nothing_wrong(services: Services) -> None:
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(3))
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(3))  # again
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(1))  # seen late
    assert await counts(services, 0.5, 1, 3) == [0, 1, 1]
    # A leave delivered before its (earlier) join: the join must not reopen the stay.
    await record_member_left(services, TENANT, CHANNEL, "UC2", "client", t(5))
    await record_member_joined(services, TENANT, CHANNEL, "UC2", "client", t(4))
    assert await counts(services, 4, 5, 6) == [2, 1, 1]
    # A stale leave, older than the current stay, is ignored.
    await record_member_left(services, TENANT, CHANNEL, "UC1", "client", t(0.5))
    assert await counts(services, 6) == [1]


async def test_a_sync_replaces_the_member_list(services: Services) -> None:
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(1))
    await record_member_joined(services, TENANT, CHANNEL, "UC2", "client", t(1))
    await record_member_joined(services, TENANT, CHANNEL, "UX", "vendor", t(1))
    await record_member_left(services, TENANT, CHANNEL, "UC3", "client", t(1))
    # At t(4): UC1 still there, UC2 gone, UC3 back, UX turns out to be a client, UC4 new.
    await sync_members(
        services, TENANT, CHANNEL,
        [("UC1", "client"), ("UC3", "client"), ("UX", "client"), ("UC4", "client")], t(4),
    )  # fmt: skip
    # At t(2): UC1, UC2 and UX (now known as client: the side is the person's, not the stay's).
    assert await counts(services, 2, 4, 5) == [3, 4, 4]
    # At t(6) only UC1, now a vendor member: UC3, UX and UC4 left then.
    await sync_members(services, TENANT, CHANNEL, [("UC1", "vendor")], t(6))
    assert await counts(services, 5, 6) == [3, 0]
    await sync_members(services, TENANT, CHANNEL, [], t(7))
    assert await counts(services, 5, 7) == [3, 0]


async def test_a_large_sync(services: Services) -> None:
    members = [(f"U{n:05d}", "client" if n % 2 else "vendor") for n in range(1500)]
    await sync_members(services, TENANT, CHANNEL, members, t(1))
    assert await counts(services, 1) == [750]


async def test_members_are_per_workspace(services: Services) -> None:
    await record_member_joined(services, TENANT, CHANNEL, "UC1", "client", t(1))
    assert await client_members(services, Tenant("T0OTHER"), CHANNEL, t(2)) == 0
    assert await client_members(services, TENANT, "C0NEVER", t(2)) == 0


async def test_the_side_must_be_vendor_or_client(services: Services) -> None:
    with pytest.raises(ValueError, match="side"):
        await record_member_joined(services, TENANT, CHANNEL, "UC1", "guest", t(1))
    with pytest.raises(ValueError, match="side"):
        await sync_members(services, TENANT, CHANNEL, [("UC1", "bot")], t(1))
    with pytest.raises(ValueError, match="timezone-aware"):
        await record_member_left(services, TENANT, CHANNEL, "UC1", "client", datetime(2026, 1, 1))
