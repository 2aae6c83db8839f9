"""Channel membership: who is in a channel, on which side, since when (one row per person).

Events can arrive late, twice or out of order, so each write keeps what the times say: a join
opens the row (or moves its start earlier), a leave closes it, a leave older than the current
join (the person came back) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import ChannelMember
from storage.queries.upsert import insert_ignore

_ROWS_PER_INSERT = 500  # 7 parameters a row stays far below SQLite's 32766 bound parameters


def _row(channel_id: int, user_id: str) -> Any:
    return and_(col(ChannelMember.channel_id) == channel_id, col(ChannelMember.user_id) == user_id)


async def member_joined(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_id: int,
    user_id: str,
    side: str,
    at: datetime,
) -> None:
    """Record that the person was in the channel from `at` on."""
    inserted = await insert_ignore(
        session=session,
        model=ChannelMember,
        values={
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "user_id": user_id,
            "side": side,
            "joined_at": at,
            "left_at": None,
        },
        keys=["channel_id", "user_id"],
    )
    if inserted is not None:
        return
    where = _row(channel_id, user_id)
    # Back after leaving: a new stay starts.
    await session.execute(
        update(ChannelMember)
        .where(where, col(ChannelMember.left_at).is_not(None), col(ChannelMember.left_at) < at)
        .values(joined_at=at, left_at=None)
    )
    # A join seen late (or redelivered): the stay started earlier than recorded.
    await session.execute(
        update(ChannelMember).where(where, col(ChannelMember.joined_at) > at).values(joined_at=at)
    )
    await session.execute(
        update(ChannelMember).where(where, col(ChannelMember.side) != side).values(side=side)
    )


async def member_left(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_id: int,
    user_id: str,
    side: str,
    at: datetime,
) -> None:
    """Record that the person left the channel at `at`."""
    # Never seen joining: an empty stay, so that a join arriving later but dated earlier
    # does not make them a member again.
    inserted = await insert_ignore(
        session=session,
        model=ChannelMember,
        values={
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "user_id": user_id,
            "side": side,
            "joined_at": at,
            "left_at": at,
        },
        keys=["channel_id", "user_id"],
    )
    if inserted is not None:
        return
    await session.execute(
        update(ChannelMember)
        .where(
            _row(channel_id, user_id),
            col(ChannelMember.joined_at) <= at,
            or_(col(ChannelMember.left_at).is_(None), col(ChannelMember.left_at) > at),
        )
        .values(left_at=at)
    )


async def replace_members(
    *,
    session: AsyncSession,
    workspace_id: int,
    channel_id: int,
    members: Sequence[tuple[str, str]],
    at: datetime,
) -> None:
    """A full list of the channel's members at `at` as (user id, side): those listed are members
    from `at` on (or earlier, as recorded), everyone else still recorded as a member left at `at`.
    """
    sides = dict(members)  # a person listed twice: the last side wins
    users = list(sides)
    table: Any = ChannelMember.__table__  # type: ignore[attr-defined]
    assert session.bind is not None
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    rows = [
        {
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "user_id": user,
            "side": side,
            "joined_at": at,
            "left_at": None,
        }
        for user, side in sides.items()
    ]
    for first in range(0, len(rows), _ROWS_PER_INSERT):
        await session.execute(
            insert(table)
            .values(rows[first : first + _ROWS_PER_INSERT])
            .on_conflict_do_nothing(index_elements=["channel_id", "user_id"])
        )
    listed = col(ChannelMember.user_id).in_(users)
    in_channel = col(ChannelMember.channel_id) == channel_id
    await session.execute(
        update(ChannelMember)
        .where(
            in_channel,
            listed,
            col(ChannelMember.left_at).is_not(None),
            col(ChannelMember.left_at) < at,
        )
        .values(joined_at=at, left_at=None)
    )
    await session.execute(
        update(ChannelMember)
        .where(
            in_channel,
            listed,
            col(ChannelMember.left_at).is_(None),
            col(ChannelMember.joined_at) > at,
        )
        .values(joined_at=at)
    )
    for side in ("client", "vendor"):
        await session.execute(
            update(ChannelMember)
            .where(
                in_channel,
                col(ChannelMember.user_id).in_([u for u, s in sides.items() if s == side]),
                col(ChannelMember.side) != side,
            )
            .values(side=side)
        )
    await session.execute(
        update(ChannelMember)
        .where(
            in_channel,
            ~listed,
            col(ChannelMember.left_at).is_(None),
            col(ChannelMember.joined_at) <= at,
        )
        .values(left_at=at)
    )


async def client_members_at(*, session: AsyncSession, channel_id: int, at: datetime) -> int:
    """How many client members the channel had at `at`."""
    count = await session.scalar(
        select(func.count())
        .select_from(ChannelMember)
        .where(
            col(ChannelMember.channel_id) == channel_id,
            col(ChannelMember.side) == "client",
            col(ChannelMember.joined_at) <= at,
            or_(col(ChannelMember.left_at).is_(None), col(ChannelMember.left_at) > at),
        )
    )
    return int(count or 0)
