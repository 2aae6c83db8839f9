"""Workspace and channel row ids are remembered in process (bot/services/context.py), but only
once the row that holds them is committed: a rolled-back first sight must not leave an id behind
that no row has, or every later event of that channel would fail."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.app import Services
from bot.events import Tenant
from bot.services.context import channel_key, workspace_id
from storage.models import Channel, Workspace
from tests.statements import counted_statements

TENANT = Tenant(team_id="T0NEWTEAM")


class Boom(Exception):
    pass


async def test_ids_of_rows_rolled_back_are_not_remembered(services: Services) -> None:
    now = services.clock.now()
    with pytest.raises(Boom):
        async with services.sessions() as session, session.begin():
            ws = await workspace_id(session, TENANT, now)
            await channel_key(session, services.settings, ws, "C0NEWCHAN", now)
            await channel_key(session, services.settings, ws, "C0NEWCHAN", now)  # seen twice
            raise Boom

    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, TENANT, now)
        channel = await channel_key(session, services.settings, ws, "C0NEWCHAN", now)
    async with services.sessions() as session:
        stored_ws = (await session.execute(select(Workspace.id))).scalars().all()
        stored = (
            (await session.execute(select(Channel.id).where(col(Channel.workspace_id) == ws)))
            .scalars()
            .all()
        )
    assert ws in stored_ws
    assert stored == [channel]


async def test_committed_ids_are_remembered_without_asking_again(services: Services) -> None:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, TENANT, now)
        channel = await channel_key(session, services.settings, ws, "C0NEWCHAN", now)
    with counted_statements(services.engine) as statements:
        async with services.sessions() as session, session.begin():
            assert await workspace_id(session, TENANT, now) == ws
            assert await channel_key(session, services.settings, ws, "C0NEWCHAN", now) == channel
    assert not [s for s in statements if "workspace" in s or "channel" in s], statements
