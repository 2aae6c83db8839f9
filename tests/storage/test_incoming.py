"""Storing new messages and looking up the questions they may concern (storage/queries/
incoming.py): a lone message takes one statement, a batch two, and both say the same."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.app import Services
from bot.events import Tenant
from bot.services.context import channel_key, workspace_id
from storage.models import Question
from storage.queries.incoming import store_and_look_up
from tests.statements import counted_statements

WINDOW = timedelta(minutes=5)
THREAD = "1700000000.000100"
Key = tuple[int, str]


def _question(
    ws: int, channel: int, now: datetime, root: str, asker: str, ago: int, **fields: Any
) -> Question:
    return Question(
        workspace_id=ws,
        channel_id=channel,
        root_ts=root,
        direction="client",
        source="auto",
        asker_user_id=asker,
        asked_at=now - timedelta(minutes=ago),
        **fields,
    )


async def _channels(services: Services, names: list[str]) -> tuple[int, list[int]]:
    """A workspace and channels, each with the same questions: a thread, an open question of U1
    two minutes ago, a resolved one of U2, a withdrawn one of U3, an old one of U4."""
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        ws = await workspace_id(session, Tenant(team_id="T0INCOMING"), now)
        channels = [await channel_key(session, services.settings, ws, name, now) for name in names]
        for channel in channels:
            session.add_all(
                [
                    _question(ws, channel, now, THREAD, "U0", 60),
                    _question(ws, channel, now, "1.1", "U1", 2),
                    _question(ws, channel, now, "1.2", "U2", 1, resolved_at=now),
                    _question(ws, channel, now, "1.3", "U3", 1, withdrawn_at=now),
                    _question(ws, channel, now, "1.4", "U4", 10),
                ]
            )
    return ws, channels


def _rows(ws: int, channel: int, now: datetime) -> list[dict[str, Any]]:
    def row(ts: str, user: str, thread: str | None = None) -> dict[str, Any]:
        return {
            "workspace_id": ws,
            "channel_id": channel,
            "user_id": user,
            "side": "client",
            "ts": ts,
            "thread_ts": thread,
            "posted_at": now,
        }

    return [
        row("2.0", "U9", THREAD),  # a reply in a question's thread
        row("2.1", "U9", "1699999999.000000"),  # a reply in some other thread
        *(row(f"3.{n}", f"U{n}") for n in range(1, 6)),  # top-level, by each asker and U5
    ]


def _expected(channel: int) -> tuple[set[Key], set[Key], set[Key]]:
    stored = {(channel, ts) for ts in ("2.0", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5")}
    # U2's and U3's questions are closed, U4's too old to join.
    return stored, {(channel, THREAD)}, {(channel, "U1")}


async def _store(
    services: Services, rows: list[dict[str, Any]]
) -> tuple[set[Key], set[Key], set[Key]]:
    async with services.sessions() as session, session.begin():
        return await store_and_look_up(session=session, rows=rows, join_window=WINDOW)


async def test_lone_messages_and_a_batch_get_the_same_answers(services: Services) -> None:
    now = services.clock.now()
    ws, (lone_channel, batch_channel) = await _channels(services, ["C0LONE", "C0BATCH"])

    lone: tuple[set[Key], set[Key], set[Key]] = (set(), set(), set())
    with counted_statements(services.engine) as statements:
        for row in _rows(ws, lone_channel, now):
            for found, answer in zip(lone, await _store(services, [row]), strict=True):
                found |= answer
    assert len([s for s in statements if "message_activity" in s]) == 7
    assert len(statements) == 7, "a lone message is one statement"
    assert lone == _expected(lone_channel)

    batch = await _store(services, _rows(ws, batch_channel, now))
    assert batch == _expected(batch_channel)


async def test_a_message_stored_before_returns_nothing(services: Services) -> None:
    now = services.clock.now()
    ws, (channel,) = await _channels(services, ["C0AGAIN"])
    rows = _rows(ws, channel, now)
    await _store(services, rows)
    for row in rows:
        assert await _store(services, [row]) == (set(), set(), set())
    assert await _store(services, rows) == (set(), set(), set())
