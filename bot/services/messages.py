"""New channel messages, the bulk of all traffic, stored in batches (bot/batching.py).

Concurrent messages share one transaction: their event ids are claimed and their metadata
inserted with one statement each, and two lookups say which of them can concern a question (a
reply in a question's thread; a client's question, or a message joining the asker's question of
a moment ago). Only those run the per-message question logic, in arrival order, in the same
transaction. Each caller gets its own outcome once the batch is committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import Services
from bot.batching import Batcher
from bot.domain.questions import looks_like_question
from bot.events import MessagePosted
from bot.ports import Directory
from bot.services.context import channel_row, workspace_id
from bot.services.context import row_id as _id
from bot.services.people import PersonView, person_for
from bot.services.questions import JOIN_WINDOW, Outcome, apply_reply, apply_top_level
from storage.db import is_unavailable
from storage.models import Channel
from storage.queries import activity, events, questions

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

    claims = {
        (ws, item.event.event_id)
        for ws, item in zip(workspaces, items, strict=True)
        if item.event.event_id is not None
    }
    fresh = await events.claim_events(session=session, claims=claims, now=now)
    seen: set[tuple[int, str]] = set()
    for index, item in enumerate(items):
        if item.event.event_id is not None:
            key = (workspaces[index], item.event.event_id)
            if key not in fresh or key in seen:
                outcomes[index] = Outcome("duplicate")
            seen.add(key)

    channels: dict[tuple[int, str], Channel] = {}
    for index, item in enumerate(items):
        key = (workspaces[index], item.event.channel_id)
        if outcomes[index] is None and key not in channels:
            channels[key] = await channel_row(
                session, services.settings, key[0], item.event.channel_id, now
            )

    def channel_of(index: int) -> Channel:
        return channels[(workspaces[index], items[index].event.channel_id)]

    rows = {}
    for index, item in enumerate(items):
        if outcomes[index] is None:
            key = (_id(channel_of(index)), item.event.ts)
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
    stored = await activity.record_activities(session=session, rows=list(rows.values()))
    for index, item in enumerate(items):
        if outcomes[index] is None and (_id(channel_of(index)), item.event.ts) not in stored:
            outcomes[index] = Outcome("duplicate")

    new = [index for index in range(len(items)) if outcomes[index] is None]
    question_threads = await questions.roots_among(
        session=session,
        threads={
            (_id(channel_of(i)), str(items[i].event.thread_ts))
            for i in new
            if items[i].event.is_reply
        },
    )
    top_level = [i for i in new if not items[i].event.is_reply]
    joinable_askers = await questions.askers_with_joinable(
        session=session,
        askers={
            (_id(channel_of(i)), items[i].author.user_id)
            for i in top_level
            if channel_of(i).auto_capture is not False
        },
        since=min((items[i].event.at for i in top_level), default=now) - JOIN_WINDOW,
    )

    # Once one message of the batch has changed a question, the lookups above may be stale for
    # the rest: those take the per-message path, which reads afresh.
    changed = False
    for index in new:
        item, channel = items[index], channel_of(index)
        key = (_id(channel), item.author.user_id)
        if item.event.is_reply:
            concerned = changed or (_id(channel), str(item.event.thread_ts)) in question_threads
        else:
            concerned = channel.auto_capture is not False and (
                changed
                or key in joinable_askers
                or (item.author.side == "client" and looks_like_question(item.event.text))
            )
        if not concerned:
            outcomes[index] = Outcome("activity")
        elif item.event.is_reply:
            outcomes[index] = await apply_reply(session, channel, item.author, item.event)
        else:
            outcomes[index] = await apply_top_level(
                session, workspaces[index], channel, item.author, item.event
            )
        changed = changed or _kind(outcomes[index]) != "activity"
    return [outcome or Outcome("duplicate") for outcome in outcomes]


def _kind(outcome: Outcome | None) -> str:
    return outcome.kind if outcome else "duplicate"
