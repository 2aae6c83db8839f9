"""New channel messages, the bulk of all traffic, stored in batches (bot/batching.py).

Concurrent messages share one transaction: one INSERT of their metadata, and one lookup saying
which of them can concern a question (a reply in a question's thread; a client's question, or a
message joining the asker's question of a moment ago). Only those run the per-message question
logic, in arrival order, in the same transaction. Each caller gets its own outcome once the
batch is committed, and Slack its ack only then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Services
from bot.batching import Batcher
from bot.domain.questions import looks_like_question
from bot.events import MessagePosted
from bot.ports import Directory
from bot.services.context import channel_key, channel_row, workspace_id
from bot.services.people import PersonView, person_for
from bot.services.questions import JOIN_WINDOW, Outcome, apply_reply, apply_top_level
from storage.db import is_unavailable
from storage.queries import incoming

BATCH = "messages"


@dataclass(frozen=True)
class _Pending:
    event: MessagePosted
    author: PersonView


async def record_message(services: Services, directory: Directory, event: MessagePosted) -> Outcome:
    author = await person_for(services, directory, event.tenant, event.author)
    if author.is_bot:
        return Outcome("ignored")
    batcher = services.batches.get(BATCH)
    if batcher is None:
        batcher = services.batches[BATCH] = Batcher(
            lambda items: _store(services, items),
            # A database that is down fails every item alike: no point trying them one by one.
            isolate=lambda error: not is_unavailable(error),
        )
    outcome: Outcome = await batcher.submit(_Pending(event, author))
    return outcome


async def _store(services: Services, items: Sequence[_Pending]) -> list[Outcome]:
    now = services.clock.now()
    async with services.sessions() as session, session.begin():
        return await _store_in(session, services, items, now)


async def _store_in(
    session: AsyncSession, services: Services, items: Sequence[_Pending], now: datetime
) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(items)
    workspaces = [await workspace_id(session, item.event.tenant, now) for item in items]
    channel_ids: dict[tuple[int, str], int] = {}
    for index, item in enumerate(items):
        key = (workspaces[index], item.event.channel_id)
        if key not in channel_ids:
            channel_ids[key] = await channel_key(
                session, services.settings, key[0], item.event.channel_id, now
            )

    def channel_of(index: int) -> int:
        return channel_ids[(workspaces[index], items[index].event.channel_id)]

    # A message is new when its (channel, ts) is: that key, not Slack's event id, is what makes
    # a redelivery (or the same message under a new event id) count once.
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for index, item in enumerate(items):
        key = (channel_of(index), item.event.ts)
        if key in rows:
            outcomes[index] = Outcome("duplicate")  # the same message twice in one batch
            continue
        rows[key] = {
            "workspace_id": workspaces[index],
            "channel_id": key[0],
            "user_id": item.author.user_id,
            "side": item.author.side,
            "ts": item.event.ts,
            "thread_ts": item.event.thread_ts if item.event.is_reply else None,
            "posted_at": item.event.at,
        }
    stored, question_threads, askers = await incoming.store_and_look_up(
        session=session, rows=list(rows.values()), join_window=JOIN_WINDOW
    )

    # Once one message of the batch has changed a question, what the insert said about the rest
    # may be stale: those take the per-message path, which reads afresh.
    changed = False
    for index, item in enumerate(items):
        if outcomes[index] is not None:
            continue
        if (channel_of(index), item.event.ts) not in stored:
            outcomes[index] = Outcome("duplicate")
            continue
        if item.event.is_reply:
            concerned = (
                changed or (channel_of(index), str(item.event.thread_ts)) in question_threads
            )
        else:
            # Whether the lookup left a question this message could join (re-read if stale).
            may_join = changed or (channel_of(index), item.author.user_id) in askers
            concerned = may_join or (
                item.author.side == "client" and looks_like_question(item.event.text)
            )
        if not concerned:
            outcomes[index] = Outcome("activity")
            continue
        channel = await channel_row(
            session, services.settings, workspaces[index], item.event.channel_id, now
        )
        if item.event.is_reply:
            outcome = await apply_reply(session, channel, item.author, item.event)
        else:
            outcome = await apply_top_level(
                session, workspaces[index], channel, item.author, item.event, may_join=may_join
            )
        outcomes[index] = outcome
        changed = changed or outcome.kind != "activity"
    return [outcome or Outcome("duplicate") for outcome in outcomes]
